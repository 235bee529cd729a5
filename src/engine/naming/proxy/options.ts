// The cluster front-end's options (architectureOptions.proxy): which variant of MODELS.md §2 k1–k3
// runs. Read without a world so a spec is checked before it runs.

import { ArchitectureOptionError, OptionReader } from '../option-reader'
import type { ProxyVariant } from './front-end'

const VARIANTS = { nat: true, handoff: true, splice: true } satisfies Record<ProxyVariant, true>

export interface ProxyOptions {
  /** A layer-4 NAT director, a TCP handoff front-end or a splicing application proxy. */
  variant: ProxyVariant
}

export function proxyOptions(raw: Record<string, unknown>): ProxyOptions {
  new OptionReader('proxy', raw, ['variant']) // refuses unknown keys
  const variant = raw.variant ?? 'nat'
  if (typeof variant !== 'string' || !Object.hasOwn(VARIANTS, variant)) {
    const known = Object.keys(VARIANTS)
      .map((v) => `"${v}"`)
      .join(', ')
    throw new ArchitectureOptionError('proxy', 'variant', `must be one of ${known}, got ${JSON.stringify(variant)}`)
  }
  return { variant: variant as ProxyVariant }
}

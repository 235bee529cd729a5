// DEMOS/MP links' options (architectureOptions["demos-links"]), read without a world so a spec is
// checked before it runs.

import { SECOND, type Time } from '../../core'
import { OptionReader } from '../option-reader'

export interface DemosLinksOptions {
  /** How long an unused forwarding address is kept; null: never collected. */
  collectAfter: Time | null
}

export function demosLinksOptions(raw: Record<string, unknown>): DemosLinksOptions {
  const o = new OptionReader('demos-links', raw, ['collectAfter'])
  return { collectAfter: o.durationOrNever('collectAfter', '60s', 1 * SECOND) }
}

// DNS rebinding's options (architectureOptions.dns), read without a world so a spec is checked
// before it runs. The two about stale resolvers hold for the resolvers of remote nodes whatever
// the architecture (World.resolver reads them).

import { HOUR, type Time } from '../../core'
import { OptionReader } from '../option-reader'

export interface DnsOptions {
  /** TTL of the process's name record. */
  ttl: Time
  /** Share of remote nodes whose resolvers ignore TTLs (Flavel et al. 2014). */
  staleResolverShare: number
  /** How long such a resolver keeps an answer. */
  staleFor: Time
}

export function dnsOptions(raw: Record<string, unknown>): DnsOptions {
  const o = new OptionReader('dns', raw, ['ttl', 'staleResolverShare', 'staleFor'])
  return {
    ttl: o.duration('ttl', '30s', 0, 24 * HOUR),
    staleResolverShare: o.number('staleResolverShare', 0, 0, 1),
    staleFor: o.duration('staleFor', '15min', 0, 24 * HOUR),
  }
}

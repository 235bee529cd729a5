// LISP's options (architectureOptions.lisp), read without a world so a spec is checked before it
// runs.

import { MINUTE, SECOND, type Time } from '../../core'
import { ArchitectureOptionError, OptionReader } from '../option-reader'
import { REGISTER_INTERVAL } from './messages'

export interface LispOptions {
  /** Record TTL of the mappings the Map-Server gives out (RFC 9301 §5.4: whole minutes). */
  recordTtl: Time
  /** How often an ETR sends Map-Register for its EIDs. */
  registerInterval: Time
  /** Solicit-Map-Request to the ingress routers that cached an EID that moved. */
  smr: boolean
}

export function lispOptions(raw: Record<string, unknown>): LispOptions {
  const o = new OptionReader('lisp', raw, ['recordTtl', 'registerInterval', 'smr'])
  // RFC 9301 §5.4: the Record TTL is in minutes (1440, a day, is typical).
  const recordTtl = o.duration('recordTtl', '1440min', MINUTE, 0xffffffff * MINUTE)
  if (recordTtl % MINUTE !== 0) {
    throw new ArchitectureOptionError(
      'lisp',
      'recordTtl',
      'the Record TTL is a whole number of minutes (RFC 9301 §5.4)',
    )
  }
  return {
    recordTtl,
    registerInterval: o.duration('registerInterval', `${REGISTER_INTERVAL / SECOND}s`, SECOND, 24 * 60 * MINUTE),
    smr: o.boolean('smr', true),
  }
}

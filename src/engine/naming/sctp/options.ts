// The SCTP architecture's options (architectureOptions.sctp): the RFC 9260 §16 protocol
// parameters a study may vary, checked up front.

import { MS, SECOND } from '../../core'
import { RFC_SCTP, type SctpConfig } from '../../transport/sctp/config'
import { OptionReader } from '../option-reader'

const KNOWN = [
  'rtoInitial',
  'rtoMin',
  'rtoMax',
  'hbInterval',
  'sackDelay',
  'pathMaxRetrans',
  'associationMaxRetrans',
] as const

export function sctpConfig(raw: Record<string, unknown>): SctpConfig {
  const r = new OptionReader('sctp', raw, KNOWN)
  const rtoMin = r.duration('rtoMin', '1s', 1 * MS, 60 * SECOND)
  const rtoMax = r.duration('rtoMax', '60s', rtoMin, 3600 * SECOND)
  return {
    ...RFC_SCTP,
    rtoInitial: r.duration('rtoInitial', '1s', rtoMin, rtoMax),
    rtoMin,
    rtoMax,
    hbInterval: r.duration('hbInterval', '30s', 1 * SECOND, 3600 * SECOND),
    // §6.2: the SACK delay must not exceed 500 ms.
    sackDelay: r.duration('sackDelay', '200ms', 0, 500 * MS),
    pathMaxRetrans: r.integer('pathMaxRetrans', RFC_SCTP.pathMaxRetrans, 0, 100),
    associationMaxRetrans: r.integer('associationMaxRetrans', RFC_SCTP.associationMaxRetrans, 1, 100),
  }
}

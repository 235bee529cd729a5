// Each naming architecture's option reader, by id: the pure function (no World) its constructor
// reads spec.architectureOptions[id] with, so `miglab validate`, the app's compile step and a
// sweep's checks refuse a typo or a bad value exactly as a run would, before any job starts. The
// readers live in light modules (`<architecture>/options.ts`), so the validator does not load the
// architectures themselves. registry.ts keys its factories by this table.

import { demosLinksOptions } from './demos/options'
import { dnsOptions } from './dns/options'
import { faraOptions } from './fara/options'
import { hipOptions } from './hip/options'
import { lispOptions } from './lisp/options'
import { mobileIpv4Options, mobileIpv6Options } from './mip/options'
import { noOptions } from './option-reader'
import { proxyOptions } from './proxy/options'
import { quicOptions } from './quic/options'
import { sctpConfig } from './sctp/options'
import { tcpMigrateOptions } from './tcp-migrate/options'

/** Reads (and so checks) one architecture's options; throws ArchitectureOptionError. */
export type OptionCheck = (raw: Record<string, unknown>) => unknown

export const OPTION_CHECKS = {
  none: (raw) => noOptions('none', raw),
  'demos-links': demosLinksOptions,
  'sprite-home': (raw) => noOptions('sprite-home', raw),
  'mobile-ipv6': mobileIpv6Options,
  quic: quicOptions,
  sctp: sctpConfig,
  'mobile-ipv4': mobileIpv4Options,
  'arp-takeover': (raw) => noOptions('arp-takeover', raw),
  proxy: proxyOptions,
  lisp: lispOptions,
  hip: hipOptions,
  'tcp-migrate': tcpMigrateOptions,
  dns: dnsOptions,
  fara: faraOptions,
} satisfies Record<string, OptionCheck>

/** The id of an architecture this version implements. */
export type ImplementedArchitecture = keyof typeof OPTION_CHECKS

/** Whether `id` names an architecture this version implements (and so has an option check). */
export function hasOptionCheck(id: string): id is ImplementedArchitecture {
  return Object.hasOwn(OPTION_CHECKS, id)
}

/**
 * Checks `raw` as architecture `id`'s options, as a run would read them. Throws
 * ArchitectureOptionError, which names the option (`architectureOptions.<id>.<key>`) and what is wrong.
 */
export function checkArchitectureOptions(id: string, raw: Record<string, unknown>): void {
  if (!hasOptionCheck(id)) throw new Error(`unknown architecture "${id}"`)
  OPTION_CHECKS[id](raw)
}

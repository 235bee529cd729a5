// The QUIC architecture's options (architectureOptions.quic), checked up front.

import { MS, SECOND, type Time } from '../../core'
import { MIN_DATAGRAM, type QuicConfig, RFC_QUIC } from '../../transport/quic/config'
import { ArchitectureOptionError, OptionReader } from '../option-reader'

export interface QuicOptions {
  /** What the old host of a server process does with packets the balancer still sends it. */
  oldHost: 'forward' | 'drop'
  config: QuicConfig
}

const KNOWN = ['oldHost', 'activeConnectionIdLimit', 'maxIdleTimeout', 'maxAckDelay', 'maxDatagramSize'] as const

export function quicOptions(raw: Record<string, unknown>): QuicOptions {
  const r = new OptionReader('quic', raw, KNOWN)
  const oldHost = raw.oldHost ?? 'forward'
  if (oldHost !== 'forward' && oldHost !== 'drop') {
    throw new ArchitectureOptionError('quic', 'oldHost', `must be "forward" or "drop", got ${JSON.stringify(oldHost)}`)
  }
  const maxAckDelay: Time = r.duration('maxAckDelay', '25ms', 0, 2 ** 14 * MS) // RFC 9000 §18.2: < 2^14 ms
  return {
    oldHost,
    config: {
      ...RFC_QUIC,
      // RFC 9000 §18.2: at least 2.
      activeConnectionIdLimit: r.integer('activeConnectionIdLimit', RFC_QUIC.activeConnectionIdLimit, 2, 16),
      maxIdleTimeout: r.duration('maxIdleTimeout', '30s', 1 * SECOND, 3600 * SECOND),
      maxAckDelay,
      // RFC 9000 §14: at least 1200; at most what a 1500-byte Ethernet MTU carries over UDP/IPv4.
      maxDatagramSize: r.integer('maxDatagramSize', MIN_DATAGRAM, MIN_DATAGRAM, 1472),
    },
  }
}

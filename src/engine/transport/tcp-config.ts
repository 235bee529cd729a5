// TCP parameters with RFC and Linux-like presets (MODELS.md §1.1).

import { MS, parseDuration, parseSize, SECOND, type Time } from '../core'
import type { TransportSpec } from '../scenario/spec'

export interface TcpConfig {
  initialRto: Time
  minRto: Time
  maxRto: Time
  granularity: Time
  /** Retransmissions of one segment before the connection is given up (R2). */
  retries: number
  /** SYN retransmissions before connect fails. */
  synRetries: number
  mss: number
  /** Initial congestion window in segments. */
  initialWindow: number
  receiveWindow: number
  /** How long a closed connection lingers in TIME_WAIT (2·MSL). */
  timeWait: Time
  preset: 'rfc' | 'linux'
}

/** RFC 6298 (1 s floor, 60 s ceiling), RFC 5681 initial window, 15 retries as Linux's tcp_retries2. */
export const RFC_TCP: TcpConfig = {
  initialRto: 1 * SECOND,
  minRto: 1 * SECOND,
  maxRto: 60 * SECOND,
  granularity: 1 * MS,
  retries: 15,
  synRetries: 6,
  mss: 1460,
  initialWindow: 3,
  receiveWindow: 65535,
  timeWait: 60 * SECOND,
  preset: 'rfc',
}

/** Linux defaults: 200 ms floor, 120 s ceiling, IW10, tcp_retries2 = 15, tcp_syn_retries = 6. */
export const LINUX_TCP: TcpConfig = {
  ...RFC_TCP,
  minRto: 200 * MS,
  maxRto: 120 * SECOND,
  granularity: 1 * MS,
  initialWindow: 10,
  receiveWindow: 6291456,
  timeWait: 60 * SECOND,
  preset: 'linux',
}

/** The TCP configuration a spec's `transport` section describes. */
export function tcpConfig(t: TransportSpec | undefined): TcpConfig {
  const base = t?.preset === 'linux' ? LINUX_TCP : RFC_TCP
  if (!t) return { ...base }
  return {
    ...base,
    minRto: t.minRto ? parseDuration(t.minRto) : base.minRto,
    maxRto: t.maxRto ? parseDuration(t.maxRto) : base.maxRto,
    initialRto: t.initialRto ? parseDuration(t.initialRto) : base.initialRto,
    retries: t.retries ?? base.retries,
    synRetries: t.synRetries ?? base.synRetries,
    mss: t.mss ? parseSize(t.mss) : base.mss,
    receiveWindow: t.receiveWindow ? parseSize(t.receiveWindow) : base.receiveWindow,
  }
}

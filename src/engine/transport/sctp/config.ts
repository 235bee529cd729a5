// SCTP protocol parameters (RFC 9260 §16 "Suggested SCTP Protocol Parameter Values", MODELS.md
// §1.2), the path MTU the chunk sizes follow, and RFC 5061/4895 sizes.

import { MS, SECOND, type Time } from '../../core'

export interface SctpConfig {
  /** RTO.Initial, RTO.Min, RTO.Max (§16: 1 s, 1 s, 60 s). */
  rtoInitial: Time
  rtoMin: Time
  rtoMax: Time
  /** Association.Max.Retrans (§16: 10) and Path.Max.Retrans (§16: 5). */
  associationMaxRetrans: number
  pathMaxRetrans: number
  /** Max.Init.Retransmits (§16: 8). */
  maxInitRetransmits: number
  /** HB.interval (§16: 30 s). */
  hbInterval: Time
  /** The delayed-SACK timer (§6.2: at most 500 ms; 200 ms is the common default). */
  sackDelay: Time
  /** Path MTU: IP packet bytes of a full-size SCTP packet. */
  pmtu: number
  /** Receiver window advertised (a_rwnd); the application reads at once, so it never closes. */
  receiveWindow: number
}

export const RFC_SCTP: SctpConfig = {
  rtoInitial: 1 * SECOND,
  rtoMin: 1 * SECOND,
  rtoMax: 60 * SECOND,
  associationMaxRetrans: 10,
  pathMaxRetrans: 5,
  maxInitRetransmits: 8,
  hbInterval: 30 * SECOND,
  sackDelay: 200 * MS,
  pmtu: 1500,
  receiveWindow: 106_496,
}

/** RFC 9260 §6.3.1: RTO.Alpha 1/8, RTO.Beta 1/4, as RFC 6298 (rto.ts implements both). */
export const CLOCK_GRANULARITY: Time = 1 * MS

/** RFC 9260 §7.2.1: initial cwnd = min(4·MTU, max(2·MTU, 4380 bytes)). */
export function initialCwnd(mtu: number): number {
  return Math.min(4 * mtu, Math.max(2 * mtu, 4380))
}

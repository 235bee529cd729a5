// QUIC constants and parameters: RFC 9002 (loss detection, congestion control) and the RFC 9000
// transport parameters and limits a connection migration depends on (MODELS.md §1.2).

import { MS, SECOND, type Time } from '../../core'

/** RFC 9002 §6.2.2: the RTT assumed before any sample (so smoothed_rtt 333 ms, rttvar 166.5 ms). */
export const K_INITIAL_RTT: Time = 333 * MS
/** RFC 9002 §6.1.2: timer granularity. */
export const K_GRANULARITY: Time = 1 * MS
/** RFC 9002 §6.1.1: packets acknowledged after one before it is declared lost. */
export const K_PACKET_THRESHOLD = 3
/** RFC 9002 §6.1.2: time threshold, as a multiple of max(smoothed_rtt, latest_rtt). */
export const K_TIME_THRESHOLD = 9 / 8
/** RFC 9002 §7.6.1: persistent congestion after a span of this many PTO periods. */
export const K_PERSISTENT_CONGESTION_THRESHOLD = 3
/** RFC 9002 §7.3.2 (Appendix B.1): NewReno halves the window on loss. */
export const K_LOSS_REDUCTION_FACTOR = 0.5
/** RFC 9000 §14.1: the smallest datagram size every path must carry; PATH_CHALLENGE/RESPONSE padding (§8.2.1–2). */
export const MIN_DATAGRAM = 1200
/** RFC 9000 §8 (and §9.3.1): before validating an address, send at most 3× the bytes received from it. */
export const AMPLIFICATION_FACTOR = 3
/** RFC 9000 §8.2.4: abandon path validation after this many times max(current PTO, new-path PTO). */
export const VALIDATION_PTO_MULTIPLE = 3

export interface QuicConfig {
  /** max_datagram_size of RFC 9002 §7.2: UDP payload bytes of a full packet (RFC 9000 §14: 1200 without PMTUD). */
  maxDatagramSize: number
  /** max_ack_delay transport parameter (RFC 9000 §18.2, default 25 ms). */
  maxAckDelay: Time
  /** active_connection_id_limit transport parameter (RFC 9000 §18.2, default 2). */
  activeConnectionIdLimit: number
  /** max_idle_timeout transport parameter (RFC 9000 §10.1); the effective value is at least 3×PTO. */
  maxIdleTimeout: Time
  /** Bytes of the client's first flight (ClientHello); its Initial datagram is padded to 1200 (RFC 9000 §14.1). */
  clientHelloBytes: number
  /** Bytes of the server's first flight (ServerHello, certificate chain, Finished), limited to 3× the Initial. */
  serverFlightBytes: number
  /** Bytes of the client's Finished. */
  clientFinishedBytes: number
}

export const RFC_QUIC: QuicConfig = {
  maxDatagramSize: MIN_DATAGRAM,
  maxAckDelay: 25 * MS,
  activeConnectionIdLimit: 2,
  maxIdleTimeout: 30 * SECOND,
  clientHelloBytes: 300,
  // A two-certificate ECDSA chain with the TLS 1.3 handshake messages: two full datagrams.
  serverFlightBytes: 2400,
  clientFinishedBytes: 52,
}

/** RFC 9002 §7.2: initial window min(10·max_datagram_size, max(14,720 B, 2·max_datagram_size)). */
export function initialWindow(maxDatagramSize: number): number {
  return Math.min(10 * maxDatagramSize, Math.max(14_720, 2 * maxDatagramSize))
}

/** RFC 9002 §7.2: minimum window 2·max_datagram_size. */
export function minimumWindow(maxDatagramSize: number): number {
  return 2 * maxDatagramSize
}

// A QUIC packet as the simulation carries it: the UDP datagram's `msg`. One QUIC packet per
// datagram (no coalescing after the handshake). Frames are flags plus the few fields each needs;
// sizes follow the wire formats of RFC 9000 §17 (headers) and §19 (frames) with typical
// variable-length integer lengths, so byte counts — and the 3× amplification limit, which counts
// bytes — are realistic. Headers are recycled through a free list: the receiver returns them
// after processing, so the data path allocates nothing in steady state.

import type { StreamMeta } from '../stream-meta'

/** Long-header types used by the modelled handshake (RFC 9000 §17.2), and the short header (§17.3). */
export const PacketType = { INITIAL: 0, HANDSHAKE: 1, ONE_RTT: 2 } as const
export type PacketType = (typeof PacketType)[keyof typeof PacketType]

/** Frame types present in a packet (RFC 9000 §19), as bits. */
export const Frame = {
  PADDING: 1 << 0,
  PING: 1 << 1,
  ACK: 1 << 2,
  CRYPTO: 1 << 3,
  STREAM: 1 << 4,
  NEW_CONNECTION_ID: 1 << 5,
  RETIRE_CONNECTION_ID: 1 << 6,
  PATH_CHALLENGE: 1 << 7,
  PATH_RESPONSE: 1 << 8,
  CONNECTION_CLOSE: 1 << 9,
  HANDSHAKE_DONE: 1 << 10,
} as const

/** RFC 9000 §9.1: probing frames; a packet of only these does not move the peer to a new address. */
export const PROBING_FRAMES = Frame.PATH_CHALLENGE | Frame.PATH_RESPONSE | Frame.NEW_CONNECTION_ID | Frame.PADDING
/** RFC 9002 §2: frames that do not elicit an acknowledgement. */
export const NON_ACK_ELICITING = Frame.ACK | Frame.PADDING | Frame.CONNECTION_CLOSE

/** Bytes: short header (§17.3: flags, 8-byte DCID, 2-byte packet number) plus the AEAD tag (16, RFC 9001 §5.3). */
export const SHORT_HEADER = 1 + 8 + 2 + 16
/** Long header (§17.2: flags, version, DCID and SCID with lengths, token length, length, packet number) + AEAD tag. */
export const LONG_HEADER = 1 + 4 + 1 + 8 + 1 + 8 + 1 + 2 + 2 + 16
/** ACK frame (§19.3): type, largest, delay, range count, first range; each further range adds a gap and a length. */
export const ACK_FRAME = 1 + 4 + 2 + 1 + 2
export const ACK_RANGE = 2
/** STREAM frame header (§19.8): type, stream id, offset, length. */
export const STREAM_FRAME = 1 + 1 + 4 + 2
/** CRYPTO frame header (§19.6). */
export const CRYPTO_FRAME = 1 + 4 + 2
/** NEW_CONNECTION_ID (§19.15): type, sequence, retire prior to, length, 8-byte CID, 16-byte reset token. */
export const NEW_CONNECTION_ID_FRAME = 1 + 1 + 1 + 1 + 8 + 16
/** RETIRE_CONNECTION_ID (§19.16). */
export const RETIRE_CONNECTION_ID_FRAME = 2
/** PATH_CHALLENGE and PATH_RESPONSE (§19.17–18): type and 8 bytes of data. */
export const PATH_FRAME = 1 + 8
/** CONNECTION_CLOSE (§19.19, application variant, empty reason). */
export const CONNECTION_CLOSE_FRAME = 1 + 2 + 1
/** Most ACK ranges an ACK frame carries here (older ranges are left out, §13.2.4 allows it). */
export const MAX_ACK_RANGES = 8

/** A NEW_CONNECTION_ID frame's content. */
export interface NewConnectionId {
  seq: number
  cid: number
  retirePriorTo: number
}

export class QuicPacket {
  type: PacketType = PacketType.ONE_RTT
  dcid = 0
  /** Source connection id (long headers only). */
  scid = 0
  pn = 0
  frames = 0
  // ACK
  largestAcked = 0
  ackDelay = 0
  /** Acknowledged packet numbers as [low, high] inclusive pairs, highest first. */
  readonly ackRanges = new Float64Array(2 * MAX_ACK_RANGES)
  ackRangeCount = 0
  // STREAM (one bidirectional stream)
  streamOffset = 0
  streamLength = 0
  fin = false
  // CRYPTO (the modelled handshake): this datagram's share of the flight, and the flight's size
  cryptoOffset = 0
  cryptoLength = 0
  cryptoTotal = 0
  // PATH_CHALLENGE / PATH_RESPONSE data (8 random bytes, modelled as a number)
  challenge = 0
  response = 0
  readonly newCids: NewConnectionId[] = []
  readonly retire: number[] = []
  /** CONNECTION_CLOSE error code (0: NO_ERROR). */
  closeError = 0
  /** Simulation bookkeeping no packet carries: the message table of the stream (Initial only). */
  meta: StreamMeta | null = null
  /** Simulation bookkeeping: the connection that sent it, for loss attribution in the metrics. */
  sender: object | null = null

  has(f: number): boolean {
    return (this.frames & f) !== 0
  }

  get ackEliciting(): boolean {
    return (this.frames & ~NON_ACK_ELICITING) !== 0
  }

  get probing(): boolean {
    return (this.frames & ~PROBING_FRAMES) === 0
  }
}

const free: QuicPacket[] = []

export function allocPacket(): QuicPacket {
  return free.pop() ?? new QuicPacket()
}

/** Returns a header to the free list once its receiver has processed it. */
export function releasePacket(p: QuicPacket): void {
  p.type = PacketType.ONE_RTT
  p.frames = 0
  p.ackRangeCount = 0
  p.fin = false
  p.streamLength = 0
  p.cryptoLength = 0
  p.newCids.length = 0
  p.retire.length = 0
  p.closeError = 0
  p.meta = null
  p.sender = null
  free.push(p)
}

// An SCTP packet as the simulation carries it (the IP packet's `msg`): the common header's
// verification tag and the chunks bundled in it (RFC 9260 §3). At most one DATA chunk per packet
// (a modelling choice: messages are not bundled), with a SACK and control chunks beside it.
// Sizes follow the wire formats (§3.2–3.3; RFC 5061 §4 for ASCONF; RFC 4895 §4.4 for AUTH with
// HMAC-SHA-1). Headers are recycled through a free list by their receivers.

import type { Address } from '../../net/address'
import type { StreamMeta } from '../stream-meta'

/** Chunks present in a packet, as bits (types in RFC 9260 §3.2, RFC 5061 §4.1, RFC 4895 §4.1). */
export const Chunk = {
  DATA: 1 << 0,
  INIT: 1 << 1,
  INIT_ACK: 1 << 2,
  SACK: 1 << 3,
  HEARTBEAT: 1 << 4,
  HEARTBEAT_ACK: 1 << 5,
  ABORT: 1 << 6,
  SHUTDOWN: 1 << 7,
  SHUTDOWN_ACK: 1 << 8,
  COOKIE_ECHO: 1 << 9,
  COOKIE_ACK: 1 << 10,
  SHUTDOWN_COMPLETE: 1 << 11,
  AUTH: 1 << 12,
  ASCONF: 1 << 13,
  ASCONF_ACK: 1 << 14,
} as const

/** RFC 5061 §4.2 parameter types. */
export const AsconfParam = { ADD_IP: 0xc001, DELETE_IP: 0xc002, SET_PRIMARY: 0xc004 } as const
export type AsconfParamType = (typeof AsconfParam)[keyof typeof AsconfParam]
/** RFC 5061 §4.3 error causes. */
export const AsconfError = {
  SUCCESS: 0,
  DELETE_LAST_ADDRESS: 0x00a0,
  DELETE_SOURCE_ADDRESS: 0x00a2,
  UNRESOLVABLE_ADDRESS: 0x0005,
} as const

/** Bytes (RFC 9260 §3): common header; DATA chunk header (§3.3.1); SACK (§3.3.4) and per gap block. */
export const COMMON_HEADER = 12
export const DATA_HEADER = 16
export const SACK_CHUNK = 16
export const GAP_BLOCK = 4
/** HEARTBEAT/-ACK with a sender-specific heartbeat info parameter (§3.3.5–6). */
export const HEARTBEAT_CHUNK = 4 + 4 + 40
/** INIT/INIT ACK fixed part, an IPv4 address parameter, the RFC 5061/4895 parameters (supported extensions, random, chunk list, HMAC algorithms). */
export const INIT_CHUNK = 20
export const ADDRESS_PARAM = 8
export const EXTENSION_PARAMS = 8 + 36 + 8 + 8
/** A state cookie (§5.1.3: TCB digest, tags, addresses, lifetime, MAC). */
export const STATE_COOKIE = 4 + 256
export const COOKIE_ACK_CHUNK = 4
export const ABORT_CHUNK = 4
export const SHUTDOWN_CHUNK = 8
export const SHUTDOWN_ACK_CHUNK = 4
export const SHUTDOWN_COMPLETE_CHUNK = 4
/** AUTH (RFC 4895 §4.4) with HMAC-SHA-1. */
export const AUTH_CHUNK = 8 + 20
/** ASCONF header with serial number and the lookup address parameter (RFC 5061 §4.1.1); each request adds a correlation id and an address. */
export const ASCONF_CHUNK = 8 + ADDRESS_PARAM
export const ASCONF_REQUEST = 8 + ADDRESS_PARAM
/** ASCONF-ACK header (§4.1.2) and a success or error indication per request. */
export const ASCONF_ACK_CHUNK = 8
export const ASCONF_RESULT = 8
/** Most gap ack blocks a SACK carries here. */
export const MAX_GAP_BLOCKS = 8

export interface AsconfRequest {
  type: AsconfParamType
  addr: Address
}

/** What INIT and INIT ACK carry (rare: objects are fine); a COOKIE ECHO brings the INIT ACK's back. */
export interface InitInfo {
  /** The sender's verification tag, addresses and initial TSN. */
  tag: number
  addrs: Address[]
  initialTsn: number
  /** Simulation bookkeeping: the association's shared message table. */
  meta: StreamMeta
  /** In an INIT ACK, the state cookie (§5.1.3): what the responder needs later of the initiator. */
  cookie: { tag: number; addrs: Address[]; initialTsn: number } | null
}

export class SctpPacket {
  vtag = 0
  chunks = 0
  // DATA
  tsn = 0
  dataLength = 0
  // SACK
  cumTsn = 0
  arwnd = 0
  /** Gap ack blocks as absolute [start, end] TSN pairs, inclusive. */
  readonly gaps = new Float64Array(2 * MAX_GAP_BLOCKS)
  gapCount = 0
  // HEARTBEAT info (sender-specific, echoed)
  hbNonce = 0
  hbPath = 0
  hbSentAt = 0
  // INIT / INIT ACK / COOKIE ECHO
  init: InitInfo | null = null
  // ASCONF / ASCONF-ACK
  serial = 0
  readonly requests: AsconfRequest[] = []
  readonly results: number[] = []
  // ABORT with the T bit (the tag is the receiver's peer's: §8.4 rule 8)
  reflected = false
  /** Simulation bookkeeping: the association that sent it, for loss attribution. */
  sender: object | null = null

  has(c: number): boolean {
    return (this.chunks & c) !== 0
  }
}

const free: SctpPacket[] = []

export function allocSctp(): SctpPacket {
  return free.pop() ?? new SctpPacket()
}

export function releaseSctp(p: SctpPacket): void {
  p.chunks = 0
  p.dataLength = 0
  p.gapCount = 0
  p.init = null
  p.requests.length = 0
  p.results.length = 0
  p.reflected = false
  p.sender = null
  free.push(p)
}

/** Pads a chunk to a multiple of 4 bytes (§3.2). */
export function pad4(n: number): number {
  return (n + 3) & ~3
}

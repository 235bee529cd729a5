// LISP's wire constants and control messages (RFC 9300 data plane, RFC 9301 control plane), with
// the sizes of their IPv4 encodings: one EID-record with one locator, which is what one migrating
// process needs. Message bodies carry the simulation's references (which router asked) beside the
// fields a real message would carry.

import { MINUTE, type Time } from '../../core'
import type { Address } from '../../net/address'
import { IPV4_HEADER, UDP_HEADER } from '../../net/packet'
import type { TunnelRouter } from './tunnel-router'

/** RFC 9300 §5.3 / RFC 9301 §5: UDP ports of encapsulated data and of control messages. */
export const LISP_DATA_PORT = 4341
export const LISP_CONTROL_PORT = 4342

/** RFC 9300 §5.1: the LISP header between the outer UDP header and the inner IP header. */
export const LISP_HEADER = 8
/** Outer IPv4 + UDP + LISP headers added to each encapsulated packet. */
export const ENCAPSULATION_OVERHEAD = IPV4_HEADER + UDP_HEADER + LISP_HEADER

/** RFC 9301 §5.4: an EID-record (TTL, counts, flags, map-version, AFI, IPv4 prefix) and a locator (priority, weights, flags, AFI, IPv4). */
const RECORD = 16
const LOCATOR = 12
/**
 * RFC 9301 §5.2: Map-Request header and nonce (12), source EID (2 + 4), one ITR-RLOC (2 + 4),
 * one EID record (4 + 4); sent to a Map-Resolver inside an Encapsulated Control Message
 * (§5.8: 4 + inner IPv4 and UDP headers).
 */
const MAP_REQUEST_BODY = 12 + 6 + 6 + 8
export const MAP_REQUEST_BYTES = MAP_REQUEST_BODY + 4 + IPV4_HEADER + UDP_HEADER
/** An SMR is a Map-Request with the S bit, sent directly to the ITR (no ECM). */
export const SMR_BYTES = MAP_REQUEST_BODY
/** §5.4: Map-Reply header and nonce, one record with one locator (a negative reply has none). */
export const MAP_REPLY_BYTES = 12 + RECORD + LOCATOR
export const NEGATIVE_MAP_REPLY_BYTES = 12 + RECORD
/** §5.6/§5.7: Map-Register/Map-Notify header, nonce, key id and HMAC-SHA-256-128 authentication data (32 bytes), then records. */
const REGISTER_HEADER = 16 + 32
export function registerBytes(records: number): number {
  return REGISTER_HEADER + records * (RECORD + LOCATOR)
}

/** RFC 9301 §8.2: ETRs re-register about once a minute; a Map-Server drops a registration after 3 minutes without one. */
export const REGISTER_INTERVAL: Time = 1 * MINUTE
export const REGISTRATION_TIMEOUT: Time = 3 * MINUTE
/** RFC 9301 §8.3: a Map-Server answers a request for an EID of its sites that is not registered with a 1-minute negative reply. */
export const NEGATIVE_TTL: Time = 1 * MINUTE
/**
 * RFC 9301 §5.3: Map-Requests for one EID are rate-limited to one per second; after 10
 * retransmissions without a Map-Reply the ITR waits 30 s before asking again.
 */
export const REQUEST_INTERVAL: Time = 1_000_000_000
export const REQUEST_RETRIES = 10
export const REQUEST_HOLD_DOWN: Time = 30_000_000_000

/**
 * An EID in a Map-Register with its map-version (RFC 9302): the version grows with each move, so a
 * Map-Server can tell a new location from a stale claim by the site the EID left.
 */
export interface EidRecord {
  eid: Address
  version: number
}

export type LispMessage =
  /** ITR -> Map-Resolver: where is `eid`? (SMR-invoked when answering a solicitation.) */
  | { kind: 'map-request'; eid: Address; itr: TunnelRouter; smrInvoked: boolean }
  /** Map-Server or old ETR -> ITR: your mapping for `eid` changed, ask again (Map-Request, S bit). */
  | { kind: 'smr'; eid: Address }
  /** Map-Server -> ITR (proxy reply): `eid` is at `rloc` (NO_ADDRESS: negative), cache it for `ttl`. */
  | { kind: 'map-reply'; eid: Address; rloc: Address; ttl: Time }
  /** ETR -> Map-Server: these EIDs are behind me. */
  | { kind: 'map-register'; records: EidRecord[]; etr: TunnelRouter; wantNotify: boolean }
  /** Map-Server -> ETR: acknowledgement, or (to the old ETR) the EIDs now registered at `rloc`. */
  | { kind: 'map-notify'; eids: Address[]; rloc: Address }

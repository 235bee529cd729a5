// Mobile IPv6 signalling (RFC 6275 §6): the Mobility Header messages, their sizes on the wire, and
// the protocol constants of §12–13. MigLab carries a Mobility Header in a UDP datagram to
// MOBILITY_PORT (standing in for IPv6 Next Header 135); each message's payload is sized so that the
// IP packet has the size of the real one (Mobility Header, extension headers, ESP where RFC 6275
// requires IPsec with the home agent).

import { SECOND, type Time } from '../../core'
import type { Address } from '../../net/address'
import type { Node } from '../../net/node'
import { IPV6_HEADER, UDP_HEADER } from '../../net/packet'
import type { MigrationRecord } from '../../run/result'

/** The UDP port standing in for the Mobility Header (IPv6 Next Header 135). */
export const MOBILITY_PORT = 135

// ---- constants (RFC 6275 §12, §13; MAX_CONSECUTIVE_RESENDS as in the UMIP implementation) -------
export const INITIAL_BINDACK_TIMEOUT: Time = 1 * SECOND
/** §13 InitialBindackTimeoutFirstReg: the first home registration waits longer (DAD at the HA). */
export const INITIAL_BINDACK_TIMEOUT_FIRST_REG: Time = 1.5 * SECOND
export const MAX_BINDACK_TIMEOUT: Time = 32 * SECOND
export const MAX_NONCE_LIFETIME: Time = 240 * SECOND
export const MAX_TOKEN_LIFETIME: Time = 210 * SECOND
export const MAX_RR_BINDING_LIFETIME: Time = 420 * SECOND
export const MAX_CONSECUTIVE_RESENDS = 5
/** §6.1.7: the Lifetime field counts 4-second units in 16 bits. */
export const MAX_BINDING_LIFETIME: Time = 65535 * 4 * SECOND

// ---- sizes (bytes) ----------------------------------------------------------------------------
/** §6.3 Home Address option in a Destination Options header (2 + 2 + 16, padded to 8n). */
export const HOME_ADDRESS_OPTION = 24
/** §6.4 type 2 routing header (8 + 16). */
export const TYPE2_ROUTING_HEADER = 24
/** ESP in transport mode with HMAC-SHA1-96 (RFC 4303, RFC 2404): SPI, sequence, trailer, ICV. */
const ESP = 8 + 4 + 12
/** Mobility Header common part (§6.1.1): payload proto, length, type, reserved, checksum. */
const MH = 6

/** UDP payload for a Mobility Header message whose IP packet is `ipBytes` long. */
function payload(ipBytes: number): number {
  return ipBytes - IPV6_HEADER - UDP_HEADER
}

/** IP bytes of each message (for the accounting) and the UDP payload that gives them. */
export const SIZES = {
  /** Home BU (§6.1.7, padded to 16) with the Home Address option, under ESP. */
  homeBindingUpdate: IPV6_HEADER + HOME_ADDRESS_OPTION + ESP + 16,
  /** Home BA (§6.1.8, padded to 16) with a type 2 routing header, under ESP. */
  homeBindingAck: IPV6_HEADER + TYPE2_ROUTING_HEADER + ESP + 16,
  /** HoTI / CoTI (§6.1.3–4): reserved, 8-byte init cookie. */
  testInit: IPV6_HEADER + MH + 2 + 8,
  /** HoT / CoT (§6.1.5–6): nonce index, init cookie, 8-byte keygen token. */
  test: IPV6_HEADER + MH + 2 + 8 + 8,
  /** BU to a correspondent: with Nonce Indices (§6.2.6) and Binding Authorization Data (§6.2.7), HAO. */
  bindingUpdate: IPV6_HEADER + HOME_ADDRESS_OPTION + MH + 6 + 6 + 14,
  /** BA from a correspondent with Binding Authorization Data (padded to 32), type 2 routing header. */
  bindingAck: IPV6_HEADER + TYPE2_ROUTING_HEADER + 32,
  /** Binding Error (§6.1.9): status, reserved, home address. */
  bindingError: IPV6_HEADER + MH + 2 + 16,
} as const

export function udpPayload(message: keyof typeof SIZES): number {
  return payload(SIZES[message])
}

// ---- messages ---------------------------------------------------------------------------------

/** Simulation bookkeeping carried with a message, never on the wire. */
interface Bookkeeping {
  /** The move the message follows (null: a refresh or set-up). */
  m: MigrationRecord | null
  /** The node that sent it (for the accounting of replies). */
  from: Node
}

/** A keygen token as the correspondent issued it: for which address, and when (its nonce's age). */
export interface KeygenToken {
  addr: Address
  issued: Time
}

export interface BindingUpdate extends Bookkeeping {
  kind: 'binding-update'
  hoa: Address
  coa: Address
  seq: number
  /** Seconds; 0 deletes the binding. */
  lifetime: number
  /** H bit: a home registration. */
  home: boolean
  /** Tokens a correspondent registration is authorised with (§5.2.6); null for home registrations. */
  homeToken: KeygenToken | null
  careofToken: KeygenToken | null
}

export interface BindingAck extends Bookkeeping {
  kind: 'binding-ack'
  hoa: Address
  /** §6.1.8: 0 accepted; 135 sequence out of window; 136/137/138 expired home/care-of/both nonces. */
  status: number
  seq: number
  lifetime: number
  home: boolean
}

export interface TestInit extends Bookkeeping {
  kind: 'home-test-init' | 'care-of-test-init'
  hoa: Address
  /** The address tested: the home address (HoTI) or the care-of address (CoTI). */
  addr: Address
}

export interface Test extends Bookkeeping {
  kind: 'home-test' | 'care-of-test'
  hoa: Address
  token: KeygenToken
}

export interface BindingError extends Bookkeeping {
  kind: 'binding-error'
  hoa: Address
  /** §6.1.9: 1, a Home Address option without a binding. */
  status: number
}

/** What a standard IPv6 node answers to a Next Header it does not implement (RFC 8200 §4, ICMPv6 type 4 code 1). */
export interface ParameterProblem {
  kind: 'parameter-problem'
  hoa: Address
  /** The node that does not implement Mobile IPv6. */
  peer: Address
}

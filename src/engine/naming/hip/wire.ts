// HIP on the wire: the control packets of the base exchange, of mobility and of rendezvous, with
// sizes built from their parameters, and the ESP (BEET mode) overhead of data packets.
//
// Sizes assume a common HIPv2 configuration: RSA-2048 host identities with SHA-256 (HIT suite
// RSA/SHA-256, RFC 7401 §5.2.10), 1536-bit MODP Diffie-Hellman (group 3, RFC 7401 §5.2.7),
// AES-128-CBC with HMAC-SHA-256 for HIP and for ESP (RFC 7402 §5.1.2), IPv4 locators.

import { type Address, NO_ADDRESS } from '../../net/address'
import { IPV4_HEADER } from '../../net/packet'
import type { MigrationRecord } from '../../run/result'

/** IP protocol number of HIP (RFC 7401 §5.1). */
export const HIP_PROTO = 139

/** The fixed HIP header: next header, length, type, version, checksum, controls, two HITs (RFC 7401 §5.1). */
const HEADER = 40

/** A parameter: 4 bytes of type and length, then its contents, padded to 8 bytes (RFC 7401 §5.2.1). */
function param(contents: number): number {
  return Math.ceil((4 + contents) / 8) * 8
}

// Parameter contents in bytes (RFC 7401 §5.2 unless noted).
const ESP_INFO = param(12) // reserved, KEYMAT index, old SPI, new SPI (RFC 7402 §5.1.1)
const R1_COUNTER = param(12) // reserved, 64-bit generation counter
const PUZZLE = param(4 + 32) // #K, lifetime, opaque, random #I of RHASH_len (SHA-256)
const SOLUTION = param(4 + 32 + 32) // #K, reserved, opaque, #I, #J
const DIFFIE_HELLMAN = param(3 + 192) // group id, public value length, 1536-bit public value
const HIP_CIPHER = param(4) // two cipher suites offered
const HOST_ID = param(6 + 260) // HI and DI lengths, algorithm, RSA public key (RFC 3110: 1 + 3 + 256)
const HIT_SUITE_LIST = param(1)
const DH_GROUP_LIST = param(1)
const TRANSPORT_FORMAT_LIST = param(2) // ESP
const HIP_MAC = param(32) // HMAC-SHA-256; HIP_MAC_2 has the same size
const HIP_SIGNATURE = param(2 + 256) // algorithm, RSA-2048 signature; HIP_SIGNATURE_2 the same
const ENCRYPTED = param(4 + 16 + HOST_ID) // reserved, AES-CBC IV, the encrypted HOST_ID
const ESP_TRANSFORM = param(4) // reserved, one suite (RFC 7402 §5.1.2)
const SEQ = param(4) // update id
const ACK = param(4) // one acknowledged update id
const ECHO_SIGNED = param(8) // ECHO_REQUEST_SIGNED / ECHO_RESPONSE_SIGNED with an 8-byte nonce
const LOCATOR_SET = param(24) // one locator: type, length, flags, lifetime, 16 bytes (RFC 8046 §4)
const FROM = param(16) // the initiator's address, added by a rendezvous server (RFC 8004 §4.2.2)
const RVS_HMAC = param(32) // RFC 8004 §4.2.1
const VIA_RVS = param(16) // RFC 8004 §4.2.3

export type HipPacketType = 'I1' | 'R1' | 'I2' | 'R2' | 'UPDATE'

/** The parameters of a HIP control packet that MigLab's model acts on. */
export interface HipMessage {
  type: HipPacketType
  /** Sender's and receiver's HITs (header). */
  sender: Address
  receiver: Address
  /** FROM: the initiator's locator, set when a rendezvous server relayed an I1 (else NO_ADDRESS). */
  from: Address
  /** An R1 answering a relayed I1 carries VIA_RVS. */
  viaRvs: boolean
  /** PUZZLE difficulty #K (R1), or -1. */
  puzzleK: number
  /** ESP_INFO: the sender's inbound SPI (I2, R2), or -1. */
  spi: number
  /** SEQ and ACK update ids (UPDATE), or -1. */
  seq: number
  ack: number
  /** LOCATOR_SET: the sender's new locator (UPDATE), or NO_ADDRESS. */
  locator: Address
  /** ECHO_REQUEST_SIGNED / ECHO_RESPONSE_SIGNED nonces (UPDATE), or -1. */
  echoRequest: number
  echoResponse: number
  /** Bookkeeping, not on the wire: the migration an UPDATE exchange belongs to. */
  migration: MigrationRecord | null
}

/** A control message with nothing but its type and HITs set. */
export function hipMessage(type: HipPacketType, sender: Address, receiver: Address): HipMessage {
  return {
    type,
    sender,
    receiver,
    from: NO_ADDRESS,
    viaRvs: false,
    puzzleK: -1,
    spi: -1,
    seq: -1,
    ack: -1,
    locator: NO_ADDRESS,
    echoRequest: -1,
    echoResponse: -1,
    migration: null,
  }
}

/** Bytes of the HIP packet (IP payload) carrying `m` (RFC 7401 §5.3, RFC 8046 §3.2, RFC 8004 §3.3). */
export function hipBytes(m: HipMessage): number {
  switch (m.type) {
    case 'I1':
      return HEADER + DH_GROUP_LIST + (m.from !== NO_ADDRESS ? FROM + RVS_HMAC : 0)
    case 'R1':
      return (
        HEADER +
        R1_COUNTER +
        PUZZLE +
        DIFFIE_HELLMAN +
        HIP_CIPHER +
        HOST_ID +
        HIT_SUITE_LIST +
        DH_GROUP_LIST +
        TRANSPORT_FORMAT_LIST +
        HIP_SIGNATURE +
        (m.viaRvs ? VIA_RVS : 0)
      )
    case 'I2':
      return (
        HEADER +
        ESP_INFO +
        R1_COUNTER +
        SOLUTION +
        DIFFIE_HELLMAN +
        HIP_CIPHER +
        ENCRYPTED +
        ESP_TRANSFORM +
        TRANSPORT_FORMAT_LIST +
        HIP_MAC +
        HIP_SIGNATURE
      )
    case 'R2':
      return HEADER + ESP_INFO + HIP_MAC + HIP_SIGNATURE
    case 'UPDATE':
      return (
        HEADER +
        (m.locator !== NO_ADDRESS || m.echoRequest >= 0 ? ESP_INFO : 0) +
        (m.locator !== NO_ADDRESS ? LOCATOR_SET : 0) +
        (m.seq >= 0 ? SEQ : 0) +
        (m.ack >= 0 ? ACK : 0) +
        (m.echoRequest >= 0 ? ECHO_SIGNED : 0) +
        (m.echoResponse >= 0 ? ECHO_SIGNED : 0) +
        HIP_MAC +
        HIP_SIGNATURE
      )
  }
}

/** The IP packet size of a HIP control packet (IPv4 locators). */
export function hipPacketSize(m: HipMessage): number {
  return IPV4_HEADER + hipBytes(m)
}

// ESP (RFC 4303 §2) in BEET mode: the inner IP header (HITs) is not sent; the outer one carries
// the locators. AES-128-CBC needs a 16-byte IV and pads payload + 2 trailer bytes to its 16-byte
// block (RFC 3602 §3); HMAC-SHA-256-128 adds a 16-byte ICV (RFC 4868 §2.3).
const ESP_HEADER = 8 // SPI, sequence number
const ESP_IV = 16
const ESP_BLOCK = 16
const ESP_TRAILER = 2 // pad length, next header
const ESP_ICV = 16

/** Bytes of the ESP packet (IP payload) protecting `transport` bytes of TCP or UDP. */
export function espBytes(transport: number): number {
  return ESP_HEADER + ESP_IV + Math.ceil((transport + ESP_TRAILER) / ESP_BLOCK) * ESP_BLOCK + ESP_ICV
}

// FARA on the wire, as MigLab models it. FARA's papers (Clark, Braden, Falk, Pingali 2003) give
// the concepts, not a packet format (MODELS.md §2f, §8): every field and size here is MigLab's
// assumption, chosen to be plausible for an IPv4 substrate.
//
//   data     [IPv4: locator -> forwarding directive][FARA: AId, type, entity][transport segment]
//   control  [IPv4][FARA][body], the body authenticated with the association's key (HMAC-SHA-256)

import type { Address } from '../../net/address'
import type { MigrationRecord } from '../../run/result'

/** IP protocol number for FARA packets: one of those reserved for experimentation (RFC 3692 §2.1). */
export const FARA_PROTO = 253

/** The FARA header: a 64-bit association id, type and flags, the destination entity (FD_down). */
export const FARA_HEADER = 16
/** Update id, new forwarding directive (locator + entity), HMAC-SHA-256. */
export const FD_UPDATE_BYTES = FARA_HEADER + 4 + 8 + 32
/** Update id, HMAC-SHA-256. */
export const FD_ACK_BYTES = FARA_HEADER + 4 + 32

/**
 * The header of an association's data packets in one direction: its AId and the forwarding
 * directive's locator, the FD_up the packet is to be delivered by — which differs from the
 * packet's IP destination only on the way from a hidden entity to its M-agent. Immutable: a new
 * FD makes a new header, so packets in flight keep theirs.
 */
export class FaraHeader {
  constructor(
    readonly aid: number,
    readonly fd: Address,
  ) {}
}

/** A control message of the association `aid` (carried like data, with the same header fields). */
export interface FaraControl {
  kind: 'fd-update' | 'fd-ack' | 'magent-update' | 'magent-ack'
  /** The association (fd-update, fd-ack), or -1 (messages to the M-agent). */
  aid: number
  /** The entity the message is about (the mover). */
  entity: Address
  /** Update id: the receiver ignores one not newer than the last it accepted (replay protection). */
  seq: number
  /** The mover's new locator (updates), or -1. */
  locator: Address
  /** Bookkeeping, not on the wire: the migration the exchange belongs to. */
  migration: MigrationRecord | null
}

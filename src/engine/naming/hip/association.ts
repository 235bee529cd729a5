// A HIP association (RFC 7401 §4.4): the state one host identity shares with a peer identity —
// the base-exchange state, the peer's current locator and whether it is verified (RFC 8046 §5.2),
// the ESP security associations' SPIs, the UPDATE sequence numbers that protect against replay
// (RFC 7401 §5.2.16), and the pending exchange this end retransmits.

import type { Address } from '../../net/address'
import type { Packet } from '../../net/packet'
import type { MigrationRecord } from '../../run/result'
import type { Retransmission } from '../support/retransmission'
import type { CreditCounter } from './credit'

/** Base-exchange states (RFC 7401 §4.4.1); UNASSOCIATED is the absence of an association, R2-SENT is folded into ESTABLISHED. */
export const HipState = { I1_SENT: 1, I2_SENT: 2, ESTABLISHED: 4 } as const
export type HipState = (typeof HipState)[keyof typeof HipState]

/** Locator states (RFC 8046 §5.2); MigLab gives locators no lifetime, so none becomes DEPRECATED. */
export const LocatorState = { ACTIVE: 0, UNVERIFIED: 1 } as const
export type LocatorState = (typeof LocatorState)[keyof typeof LocatorState]

export class HipAssociation {
  locatorState: LocatorState = LocatorState.ACTIVE
  /** The locator that was verified last: where a rendezvous server relays first contacts. */
  verifiedLocator: Address
  /** ESP SPIs: the one the peer sends to us, and the one we send to the peer. */
  inboundSpi = -1
  outboundSpi = -1
  /** Packets that triggered the base exchange, sent once it completes. */
  readonly held: Packet[] = []
  /** Update ids: the last this end sent, the last it accepted from the peer. */
  ownSeq = 0
  peerSeq = 0
  /** The nonce of the ECHO_REQUEST this end waits to see echoed, or -1. */
  echoNonce = -1
  /** The control packet this end is retransmitting (I1, I2, or an UPDATE awaiting its ACK). */
  retransmission: Retransmission | null = null
  /** The migration whose UPDATE exchange is in progress (accounting only). */
  migration: MigrationRecord | null = null

  constructor(
    readonly peerHit: Address,
    public state: HipState,
    /** Where HIP and ESP packets for the peer go. */
    public peerLocator: Address,
    readonly credit: CreditCounter,
  ) {
    this.verifiedLocator = peerLocator
  }
}

// A FARA association (MODELS.md §2f, inferred): the logical link between two entities, named by
// an association id (AId) that every packet carries, with the peer's current forwarding
// directive, the keys that authenticate directive updates, and the update ids that order them.

import type { Address } from '../../net/address'
import type { Retransmission } from '../support/retransmission'
import { FaraHeader } from './wire'

export class FaraAssociation {
  /** The header this end's data packets carry (AId and the peer's FD). */
  header: FaraHeader
  /** Update ids: the last this end sent, the last it accepted from the peer. */
  ownSeq = 0
  peerSeq = 0
  /** This end's pending FD update. */
  retransmission: Retransmission | null = null

  constructor(
    readonly aid: number,
    /** The local entity and the peer entity (their labels). */
    readonly local: Address,
    readonly peer: Address,
    peerFd: Address,
  ) {
    this.header = new FaraHeader(aid, peerFd)
  }

  /** The peer's forwarding directive (the locator packets are delivered by). */
  get peerFd(): Address {
    return this.header.fd
  }

  set peerFd(fd: Address) {
    if (fd !== this.header.fd) this.header = new FaraHeader(this.aid, fd)
  }
}

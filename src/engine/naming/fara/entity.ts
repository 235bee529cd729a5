// A FARA entity (MODELS.md §2f, inferred): the smallest mobile unit of communication — here a
// process, or the client end-point of a host outside the cluster. Its label names it to the local
// transport and is the entity part (FD_down) of its forwarding directive; its associations move
// with it.

import type { Address } from '../../net/address'
import type { Process } from '../../proc/process'
import type { Retransmission } from '../support/retransmission'
import type { FaraAssociation } from './association'
import type { FaraLayer } from './fara-layer'

export class FaraEntity {
  /** Associations by the peer entity's label. */
  readonly associations = new Map<Address, FaraAssociation>()
  /** Update id of this entity's registrations with its M-agent, and the one being retransmitted. */
  agentSeq = 0
  agentUpdate: Retransmission | null = null

  constructor(
    readonly label: Address,
    /** The process the entity is (its CPU authenticates updates), or null for a host's client end-point. */
    readonly owner: Process | null,
    /** The FARA layer of the host the entity is on now. */
    public layer: FaraLayer,
    /** Behind its domain's M-agent: peers see the M-agent's locator, never this entity's host. */
    readonly hidden: boolean,
  ) {}
}

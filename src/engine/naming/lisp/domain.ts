// What LISP's agents share: the EID space, the mapping system's node, the routers by locator, the
// configured timers, and the architecture's bookkeeping (signalling counts, convergence of the
// ingress routers after a move). The architecture implements it; agents see only this.

import type { Time } from '../../core'
import type { Address } from '../../net/address'
import type { Node } from '../../net/node'
import type { World } from '../../sim/world'
import type { LispMessage } from './messages'
import type { TunnelRouter } from './tunnel-router'

export interface LispDomain {
  readonly world: World
  /** The virtual network EIDs are allocated from. */
  readonly eidNetwork: number
  /** The node running the Map-Server and Map-Resolver. */
  readonly mappingSystem: Node
  /** Record TTL of positive Map-Replies. */
  readonly recordTtl: Time
  /** Whether stale ingress routers are solicited (SMR) after a move. */
  readonly smr: boolean
  readonly registerInterval: Time
  /** The tunnel router whose locator is `rloc`. */
  routerAt(rloc: Address): TunnelRouter | undefined
  /** Sends a control message on UDP 4342 and counts it; `about` is the EID it concerns (NO_ADDRESS: several). */
  control(from: Node, to: Node, bytes: number, msg: LispMessage, what: string, about: Address): void
  /** A mapping of `eid` changed somewhere (a cache or the registration): the move may have converged. */
  mappingChanged(eid: Address): void
  /**
   * The map-version of `eid` as its host announces it (RFC 9302). The version is part of the
   * process's state and grows with each move; an xTR learns it when it detects the EID.
   */
  versionOf(eid: Address): number
  /** An xTR (re)learnt on its LAN where `eid` is (its gratuitous ARP arrived). */
  detected(eid: Address): void
}

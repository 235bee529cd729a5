// The FARA layer of one host (MODELS.md §2f; semantics inferred from the papers' summaries, see
// fara.ts): a shim between IP and transport holding the entities present on the host. Transport
// connections bind to entity labels; the layer carries each association's segments in FARA packets
// named by the association id and delivered by the peer's forwarding directive (FD), and runs the
// authenticated FD updates that follow a move.
//
//   output: a segment between entities -> its association (opened on the first segment, to the FD
//           the directory gave) -> FARA packet to the peer's FD (a hidden entity's: to its M-agent)
//   input:  a FARA packet -> its association by AId (a first packet opens one for a local entity)
//           -> the segment to transport; control packets -> FD updates and their acknowledgements

import type { Scheduler, Time } from '../../core'
import { type Address, networkOf } from '../../net/address'
import type { Node, Shim } from '../../net/node'
import { IPV4_HEADER, ipHeader, type Packet } from '../../net/packet'
import type { MigrationRecord } from '../../run/result'
import type { World } from '../../sim/world'
import { Retransmission } from '../support/retransmission'
import { FaraAssociation } from './association'
import type { FaraEntity } from './entity'
import type { MAgent } from './m-agent'
import type { FaraOptions } from './options'
import { FARA_HEADER, FARA_PROTO, type FaraControl, type FaraHeader, FD_ACK_BYTES, FD_UPDATE_BYTES } from './wire'

/** What the layers of one run share. */
export interface FaraContext {
  readonly world: World
  readonly options: FaraOptions
  /** Index of the virtual network entity labels come from (set when the architecture installs). */
  entityNetwork: number
  /** The cluster domain's M-agent, when there is one. */
  mAgent: MAgent | null
  account(what: string, from: Node, to: Node, bytes: number, m: MigrationRecord | null): void
  /** The naming update of move `m` is complete (a peer, or the M-agent, acknowledged the new FD). */
  namingUpdated(m: MigrationRecord): void
  /** A fresh association id, unique in the run. */
  newAid(): number
  /** A host's client end-point, on first use. */
  newEntity(layer: FaraLayer): FaraEntity
}

/** Sends a FARA control packet from `node` to `to`, `bytes` long above IP, and counts it. */
export function sendControl(
  ctx: FaraContext,
  node: Node,
  m: FaraControl,
  to: Address,
  what: string,
  bytes: number,
): void {
  const pkt = node.net.pool.alloc()
  pkt.proto = FARA_PROTO
  pkt.src = node.address
  pkt.dst = to
  pkt.size = IPV4_HEADER + bytes
  pkt.msg = m
  pkt.born = node.net.sched.now
  const peer = node.net.ownerOf(to)
  if (peer !== undefined) ctx.account(what, node, peer, pkt.size, m.migration)
  node.send(pkt)
}

export class FaraLayer implements Shim {
  /** Entities on this host, by label. */
  readonly entities = new Map<Address, FaraEntity>()
  private readonly byAid = new Map<number, FaraAssociation>()
  /** The FD the directory gave for a peer entity. */
  private readonly contact = new Map<Address, Address>()
  private own: FaraEntity | null = null
  private readonly sched: Scheduler

  constructor(
    readonly node: Node,
    private readonly ctx: FaraContext,
  ) {
    this.sched = node.net.sched
    node.shims.push(this)
  }

  /** The host's own client end-point, created on first use. */
  get hostEntity(): FaraEntity {
    if (this.own === null) {
      this.own = this.ctx.newEntity(this)
      this.adopt(this.own)
    }
    return this.own
  }

  /** The directory said where `entity` is reached. */
  learn(entity: Address, fd: Address): void {
    this.contact.set(entity, fd)
  }

  /** An entity arrives on this host (set-up, or its process moved here). */
  adopt(e: FaraEntity): void {
    e.layer = this
    this.entities.set(e.label, e)
    this.node.addAddress(e.label, null)
    for (const a of e.associations.values()) this.byAid.set(a.aid, a)
  }

  /** An entity leaves this host. */
  release(e: FaraEntity): void {
    this.entities.delete(e.label)
    if (this.node.owns(e.label)) this.node.removeAddress(e.label)
    for (const a of e.associations.values()) if (this.byAid.get(a.aid) === a) this.byAid.delete(a.aid)
  }

  // ---- data ------------------------------------------------------------------------------------

  output(pkt: Packet): Packet | null {
    if (networkOf(pkt.dst) !== this.ctx.entityNetwork) return pkt
    const e = this.entities.get(pkt.src)
    const a = e === undefined ? undefined : (e.associations.get(pkt.dst) ?? this.open(e, pkt.dst))
    if (e === undefined || a === undefined) {
      this.node.net.drop(pkt, 'no-route', this.node.name)
      return null
    }
    const outer = this.node.net.pool.alloc()
    outer.proto = FARA_PROTO
    outer.src = this.node.address
    outer.dst = e.hidden ? this.ctx.mAgent!.locator : a.peerFd
    outer.size = IPV4_HEADER + FARA_HEADER + pkt.size - ipHeader(pkt)
    outer.msg = a.header
    outer.inner = pkt
    outer.born = this.sched.now
    return outer
  }

  input(pkt: Packet): Packet | null {
    if (pkt.proto !== FARA_PROTO) return pkt
    const inner = pkt.inner
    if (inner === null) {
      this.control(pkt)
      return null
    }
    const h = pkt.msg as FaraHeader
    const a = this.byAid.get(h.aid) ?? this.accept(h.aid, inner.dst, inner.src, pkt.src)
    if (a === undefined) {
      this.node.net.drop(pkt, 'no-endpoint', this.node.name)
      return null
    }
    pkt.inner = null
    this.node.net.pool.release(pkt)
    return inner
  }

  /** The first segment to a peer entity opens an association, with a new AId, to the FD the directory gave. */
  private open(e: FaraEntity, peer: Address): FaraAssociation | undefined {
    const fd = this.contact.get(peer)
    if (fd === undefined) return undefined
    return this.associate(e, new FaraAssociation(this.ctx.newAid(), e.label, peer, fd))
  }

  /** An unknown AId for an entity here: the peer opened an association; its FD is where the packet came from. */
  private accept(aid: number, local: Address, peer: Address, from: Address): FaraAssociation | undefined {
    const e = this.entities.get(local)
    if (e === undefined) return undefined
    return this.associate(e, new FaraAssociation(aid, local, peer, from))
  }

  private associate(e: FaraEntity, a: FaraAssociation): FaraAssociation {
    e.associations.set(a.peer, a)
    this.byAid.set(a.aid, a)
    return a
  }

  // ---- forwarding-directive updates --------------------------------------------------------------

  /** The entity's process resumed here: an authenticated FD update inside each association. */
  announce(e: FaraEntity, m: MigrationRecord): void {
    for (const a of e.associations.values()) {
      a.ownSeq++
      const u: FaraControl = {
        kind: 'fd-update',
        aid: a.aid,
        entity: e.label,
        seq: a.ownSeq,
        locator: this.node.address,
        migration: m,
      }
      this.authenticate(e, () => {
        if (a.ownSeq !== u.seq || e.layer !== this) return // a later move superseded it
        a.retransmission?.stop()
        a.retransmission = this.retransmit(() =>
          sendControl(this.ctx, this.node, u, a.peerFd, 'fara-fd-update', FD_UPDATE_BYTES),
        )
        a.retransmission.start()
      })
    }
  }

  /** The entity's process resumed here, behind the M-agent: only the M-agent learns where. */
  announceToAgent(e: FaraEntity, m: MigrationRecord): void {
    const agent = this.ctx.mAgent!
    e.agentSeq++
    const u: FaraControl = {
      kind: 'magent-update',
      aid: -1,
      entity: e.label,
      seq: e.agentSeq,
      locator: this.node.address,
      migration: m,
    }
    this.authenticate(e, () => {
      if (e.agentSeq !== u.seq || e.layer !== this) return
      e.agentUpdate?.stop()
      e.agentUpdate = this.retransmit(() =>
        sendControl(this.ctx, this.node, u, agent.locator, 'fara-magent-update', FD_UPDATE_BYTES),
      )
      e.agentUpdate.start()
    })
  }

  private control(pkt: Packet): void {
    const m = pkt.msg as FaraControl
    this.node.net.pool.release(pkt)
    if (m.kind === 'magent-ack') {
      const e = this.entities.get(m.entity)
      if (e !== undefined && m.seq === e.agentSeq && e.agentUpdate?.stop() && m.migration !== null)
        this.ctx.namingUpdated(m.migration)
      return
    }
    const a = this.byAid.get(m.aid)
    if (a === undefined) return
    const e = this.entities.get(a.local)!
    this.authenticate(e, () => {
      if (m.kind === 'fd-ack') {
        if (m.seq === a.ownSeq && a.retransmission?.stop() && m.migration !== null) this.ctx.namingUpdated(m.migration)
        return
      }
      if (m.kind !== 'fd-update') return
      // The peer moved: later packets go to its new FD; a replayed or reordered update is ignored.
      if (m.seq > a.peerSeq) {
        a.peerSeq = m.seq
        a.peerFd = m.locator
      }
      const ack: FaraControl = { ...m, kind: 'fd-ack', locator: -1 }
      sendControl(this.ctx, e.layer.node, ack, a.peerFd, 'fara-fd-ack', FD_ACK_BYTES)
    })
  }

  private retransmit(send: () => void): Retransmission {
    const o = this.ctx.options
    return new Retransmission(this.sched, o.controlTimeout, o.controlRetries, send, () => {})
  }

  /** Computing or checking an update's HMAC: on the entity's process's CPU, or its host's. */
  private authenticate(e: FaraEntity, done: () => void): void {
    const cost: Time = this.ctx.options.authCost
    if (e.owner !== null) e.owner.compute(cost, done)
    else this.sched.call(this.sched.now + Math.ceil(cost / e.layer.node.cpu), done)
  }
}

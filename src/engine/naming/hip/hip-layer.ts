// The HIP layer of one host (RFC 7401, RFC 8046): a shim between IP and transport that holds the
// host identities present on the host, runs base exchanges, protects data with ESP in BEET mode
// (transport connections bind to HITs; the layer maps them to locators), and runs the UPDATE
// exchange that moves an association to a new locator.
//
//   output: a packet between HITs -> its association -> ESP to the peer's locator
//           (no association yet: the packet waits and an I1 starts a base exchange)
//   input:  ESP -> its association by SPI -> the inner packet to transport
//           HIP control packets -> the base exchange, UPDATE, or the rendezvous server's relay
//
// Cryptography costs CPU time: a process's identity uses the process's CPU (so a frozen process's
// identity waits), a host's own identity its host's.

import type { RngStream, Scheduler, Time } from '../../core'
import { type Address, NO_ADDRESS, networkOf } from '../../net/address'
import type { Node, Shim } from '../../net/node'
import { IPV4_HEADER, ipHeader, type Packet, Proto } from '../../net/packet'
import type { MigrationRecord } from '../../run/result'
import type { World } from '../../sim/world'
import { Retransmission } from '../support/retransmission'
import { HipAssociation, HipState, LocatorState } from './association'
import { CreditCounter } from './credit'
import type { HostIdentity } from './host-identity'
import type { HipOptions } from './options'
import type { RendezvousServer } from './rendezvous-server'
import { espBytes, HIP_PROTO, type HipMessage, hipMessage, hipPacketSize } from './wire'

/** What the layers of one run share: the architecture's options, accounting and allocators. */
export interface HipContext {
  readonly world: World
  readonly options: HipOptions
  /** Index of the virtual network HITs are allocated from (set when the architecture installs). */
  hitNetwork: number
  /** Counts a control message (and attributes it to a migration). */
  account(what: string, from: Node, to: Node, bytes: number, m: MigrationRecord | null): void
  /** The naming update of move `m` is complete (the first peer to verify the new locator marks it). */
  namingUpdated(m: MigrationRecord): void
  /** A fresh SPI, unique in the run, so an association keeps its SPIs when its identity moves. */
  newSpi(): number
  /** A fresh HIT, for a host's own identity. */
  newIdentity(layer: HipLayer): HostIdentity
}

/** Packets that may wait for a base exchange: a connection's first segments, not a stream. */
const HOLD_LIMIT = 8

export class HipLayer implements Shim {
  /** Identities on this host, by HIT. */
  readonly identities = new Map<Address, HostIdentity>()
  /** This host's rendezvous service, if it runs one. */
  rendezvous: RendezvousServer | null = null
  private readonly bySpi = new Map<number, HipAssociation>()
  /** Where to send an I1 for a peer HIT: what its HIP DNS record gave (its RVS, or its address). */
  private readonly contact = new Map<Address, Address>()
  private own: HostIdentity | null = null
  private readonly sched: Scheduler
  private readonly nonces: RngStream

  constructor(
    readonly node: Node,
    private readonly ctx: HipContext,
  ) {
    this.sched = node.net.sched
    this.nonces = ctx.world.rng(`hip:${node.name}/nonce`)
    node.shims.push(this)
  }

  /** The host's own identity (a HIP host outside the cluster, a rendezvous server), created on first use. */
  get hostIdentity(): HostIdentity {
    if (this.own === null) {
      this.own = this.ctx.newIdentity(this)
      this.adopt(this.own)
    }
    return this.own
  }

  /** A HIP DNS record told where to reach `peerHit` first (RFC 8005): its rendezvous server or its address. */
  learn(peerHit: Address, locator: Address): void {
    this.contact.set(peerHit, locator)
  }

  /** An identity arrives on this host (set-up, or its process moved here). */
  adopt(id: HostIdentity): void {
    id.layer = this
    this.identities.set(id.hit, id)
    this.node.addAddress(id.hit, null)
    for (const a of id.associations.values()) if (a.inboundSpi >= 0) this.bySpi.set(a.inboundSpi, a)
  }

  /** An identity leaves this host: its SAs stop here (an identity is live on one host only). */
  release(id: HostIdentity): void {
    this.identities.delete(id.hit)
    if (this.node.owns(id.hit)) this.node.removeAddress(id.hit)
    for (const a of id.associations.values()) if (this.bySpi.get(a.inboundSpi) === a) this.bySpi.delete(a.inboundSpi)
  }

  // ---- data ------------------------------------------------------------------------------------

  output(pkt: Packet): Packet | null {
    if (networkOf(pkt.dst) !== this.ctx.hitNetwork) return pkt
    const id = this.identities.get(pkt.src)
    const a = id === undefined ? undefined : (id.associations.get(pkt.dst) ?? this.initiate(id, pkt.dst))
    if (a === undefined) {
      this.node.net.drop(pkt, 'no-route', this.node.name)
      return null
    }
    if (a.state !== HipState.ESTABLISHED) {
      if (a.held.length < HOLD_LIMIT) a.held.push(pkt)
      else this.node.net.drop(pkt, 'queue', this.node.name)
      return null
    }
    return this.protect(a, pkt)
  }

  input(pkt: Packet): Packet | null {
    if (pkt.proto === Proto.ESP) return this.unprotect(pkt)
    if (pkt.proto === HIP_PROTO) {
      this.control(pkt)
      return null
    }
    return pkt
  }

  /** ESP in BEET mode: the transport segment inside, the locators outside. */
  private protect(a: HipAssociation, pkt: Packet): Packet | null {
    const now = this.sched.now
    const outer = this.node.net.pool.alloc()
    outer.proto = Proto.ESP
    outer.src = this.node.address
    outer.dst = a.peerLocator
    // ESP's SPI occupies the first 32 bits after the IP header, where TCP and UDP carry ports.
    outer.dport = a.outboundSpi
    outer.size = IPV4_HEADER + espBytes(pkt.size - ipHeader(pkt))
    outer.inner = pkt
    outer.born = now
    if (a.locatorState === LocatorState.UNVERIFIED && !a.credit.spend(outer.size, now)) {
      this.node.net.drop(outer, 'filtered', this.node.name)
      return null
    }
    return outer
  }

  private unprotect(pkt: Packet): Packet | null {
    const a = this.bySpi.get(pkt.dport)
    const inner = pkt.inner
    if (a === undefined || inner === null) {
      this.node.net.drop(pkt, 'no-endpoint', this.node.name)
      return null
    }
    a.credit.earn(pkt.size, this.sched.now)
    pkt.inner = null
    this.node.net.pool.release(pkt)
    return inner
  }

  // ---- the base exchange (RFC 7401 §4.1, §6) -----------------------------------------------------

  /** A packet for a peer without an association: I1 to where its DNS record points. */
  private initiate(id: HostIdentity, peerHit: Address): HipAssociation | undefined {
    const to = this.contact.get(peerHit)
    if (to === undefined) return undefined
    const a = this.association(peerHit, HipState.I1_SENT, to)
    id.associations.set(peerHit, a)
    const m = hipMessage('I1', id.hit, peerHit)
    a.retransmission = this.retransmit(
      () => id.layer.send(m, to, 'hip-i1', null),
      () => id.layer.abandon(id, a),
    )
    a.retransmission.start()
    return a
  }

  /** A base exchange failed: the packets that waited for it are lost, and a later packet tries again. */
  private abandon(id: HostIdentity, a: HipAssociation): void {
    if (id.associations.get(a.peerHit) === a) id.associations.delete(a.peerHit)
    for (const pkt of a.held) this.node.net.drop(pkt, 'no-route', this.node.name)
    a.held.length = 0
  }

  private control(pkt: Packet): void {
    const m = pkt.msg as HipMessage
    const id = this.identities.get(m.receiver)
    if (id === undefined) {
      if (m.type === 'I1' && this.rendezvous !== null) this.rendezvous.relay(pkt, m)
      else this.node.net.drop(pkt, 'no-endpoint', this.node.name)
      return
    }
    const src = pkt.src
    this.node.net.pool.release(pkt)
    switch (m.type) {
      case 'I1':
        this.answerI1(id, m, src)
        break
      case 'R1':
        this.onR1(id, m, src)
        break
      case 'I2':
        this.onI2(id, m, src)
        break
      case 'R2':
        this.onR2(id, m)
        break
      case 'UPDATE':
        this.onUpdate(id, m)
        break
    }
  }

  /** R1 is pre-computed (RFC 7401 §4.1.1), so answering an I1 costs the responder nothing and keeps no state. */
  private answerI1(id: HostIdentity, m: HipMessage, src: Address): void {
    const r1 = hipMessage('R1', id.hit, m.sender)
    r1.puzzleK = this.ctx.options.puzzleDifficulty
    r1.viaRvs = m.from !== NO_ADDRESS
    this.send(r1, r1.viaRvs ? m.from : src, 'hip-r1', null)
  }

  private onR1(id: HostIdentity, m: HipMessage, src: Address): void {
    const a = id.associations.get(m.sender)
    if (a === undefined || a.state !== HipState.I1_SENT) return
    a.retransmission?.stop()
    a.state = HipState.I2_SENT
    // The responder answers from where it really is, whoever relayed the I1.
    a.peerLocator = src
    a.verifiedLocator = src
    const o = this.ctx.options
    const cost = o.verifyCost + this.puzzleWork(m.puzzleK) + o.dhCost + o.signCost
    this.work(id, cost, () => {
      if (id.associations.get(m.sender) !== a || a.state !== HipState.I2_SENT) return
      a.inboundSpi = this.ctx.newSpi()
      const i2 = hipMessage('I2', id.hit, a.peerHit)
      i2.spi = a.inboundSpi
      a.retransmission = this.retransmit(
        () => id.layer.send(i2, a.peerLocator, 'hip-i2', null),
        () => id.layer.abandon(id, a),
      )
      a.retransmission.start()
    })
  }

  private onI2(id: HostIdentity, m: HipMessage, src: Address): void {
    const known = id.associations.get(m.sender)
    if (known !== undefined && known.state === HipState.ESTABLISHED && known.outboundSpi === m.spi) {
      // A retransmitted I2: our R2 was lost.
      this.sendR2(id, known)
      return
    }
    const o = this.ctx.options
    this.work(id, o.hashTime + o.dhCost + o.verifyCost + o.signCost, () => {
      const layer = id.layer
      const before = id.associations.get(m.sender)
      const a = layer.association(m.sender, HipState.ESTABLISHED, src)
      a.outboundSpi = m.spi
      a.inboundSpi = this.ctx.newSpi()
      id.associations.set(m.sender, a)
      layer.bySpi.set(a.inboundSpi, a)
      layer.sendR2(id, a)
      // Both ends started a base exchange at once: this one won, and what waited for the other goes now.
      if (before !== undefined && before.state !== HipState.ESTABLISHED) {
        before.retransmission?.stop()
        layer.flush(a, before.held)
      }
    })
  }

  private sendR2(id: HostIdentity, a: HipAssociation): void {
    const r2 = hipMessage('R2', id.hit, a.peerHit)
    r2.spi = a.inboundSpi
    this.send(r2, a.peerLocator, 'hip-r2', null)
  }

  private onR2(id: HostIdentity, m: HipMessage): void {
    const a = id.associations.get(m.sender)
    if (a === undefined || a.state !== HipState.I2_SENT) return
    this.work(id, this.ctx.options.verifyCost, () => {
      if (id.associations.get(m.sender) !== a || a.state !== HipState.I2_SENT) return
      a.retransmission?.stop()
      a.state = HipState.ESTABLISHED
      a.outboundSpi = m.spi
      id.layer.bySpi.set(a.inboundSpi, a)
      id.layer.flush(a, a.held)
    })
  }

  /** Sends the packets that waited for the association. */
  private flush(a: HipAssociation, held: Packet[]): void {
    const waiting = held.splice(0)
    for (const pkt of waiting) {
      const out = this.protect(a, pkt)
      if (out !== null) this.node.sendRaw(out)
    }
  }

  /** Attempts to solve a puzzle of difficulty K: geometric with success probability 2^-K (RFC 7401 §4.1.2). */
  private puzzleWork(k: number): Time {
    if (k <= 0) return this.ctx.options.hashTime
    const p = 2 ** -k
    const attempts = Math.max(1, Math.ceil(Math.log(1 - this.nonces.uniform()) / Math.log(1 - p)))
    return attempts * this.ctx.options.hashTime
  }

  // ---- mobility (RFC 8046 §3.2.1: a single SA pair, no rekeying) --------------------------------

  /**
   * The identity's process resumed here: UPDATE with the new locator to every peer, each
   * retransmitted until acknowledged. The peer answers at the new locator with an ECHO_REQUEST,
   * and treats the locator as UNVERIFIED until the echo comes back.
   */
  announce(id: HostIdentity, m: MigrationRecord): void {
    for (const a of id.associations.values()) {
      if (a.state !== HipState.ESTABLISHED) continue // a base exchange in progress uses the new locator as it is
      a.ownSeq++
      a.migration = m
      const seq = a.ownSeq
      const u = hipMessage('UPDATE', id.hit, a.peerHit)
      u.seq = seq
      u.locator = this.node.address
      u.migration = m
      this.work(id, this.ctx.options.signCost, () => {
        if (a.ownSeq !== seq || id.associations.get(a.peerHit) !== a) return // a later move superseded it
        a.retransmission?.stop()
        a.retransmission = this.retransmit(
          () => id.layer.send(u, a.peerLocator, 'hip-update-locator', m),
          () => {},
        )
        a.retransmission.start()
      })
    }
  }

  private onUpdate(id: HostIdentity, m: HipMessage): void {
    const a = id.associations.get(m.sender)
    if (a === undefined || a.state !== HipState.ESTABLISHED) return
    this.work(id, this.ctx.options.verifyCost, () => {
      if (id.associations.get(m.sender) !== a) return
      id.layer.updateVerified(id, a, m)
    })
  }

  /** An UPDATE whose signature checked out. */
  private updateVerified(id: HostIdentity, a: HipAssociation, m: HipMessage): void {
    if (m.ack >= 0 && m.ack === a.ownSeq) a.retransmission?.stop()
    if (m.seq >= 0 && m.seq < a.peerSeq) return // replayed or reordered (RFC 7401 §6.12.1)
    if (m.locator !== NO_ADDRESS) this.onLocator(id, a, m)
    else if (m.echoRequest >= 0) this.onEchoRequest(id, a, m)
    else if (m.echoResponse >= 0 && m.echoResponse === a.echoNonce) this.onEchoResponse(id, a)
  }

  /** The peer moved: use the new locator at once, within credit, and ask it to prove it is there. */
  private onLocator(id: HostIdentity, a: HipAssociation, m: HipMessage): void {
    if (m.seq > a.peerSeq) {
      a.peerSeq = m.seq
      a.peerLocator = m.locator
      a.locatorState = LocatorState.UNVERIFIED
      a.echoNonce = this.nonces.nextU32()
      a.ownSeq++
      a.migration = m.migration
      a.retransmission?.stop()
      a.retransmission = null
    }
    // A retransmitted UPDATE gets the same answer again.
    const u = hipMessage('UPDATE', id.hit, a.peerHit)
    u.seq = a.ownSeq
    u.ack = a.peerSeq
    u.echoRequest = a.echoNonce
    u.migration = a.migration
    const seq = a.ownSeq
    this.work(id, this.ctx.options.signCost, () => {
      if (a.ownSeq !== seq || a.locatorState !== LocatorState.UNVERIFIED) return
      const layer = id.layer
      if (a.retransmission === null) {
        a.retransmission = this.retransmit(
          () => layer.send(u, a.peerLocator, 'hip-update-echo-request', u.migration),
          () => {},
        )
        a.retransmission.start()
      } else layer.send(u, a.peerLocator, 'hip-update-echo-request', u.migration)
    })
  }

  /** At the mover: echo the nonce back, which also acknowledges the peer's UPDATE. */
  private onEchoRequest(id: HostIdentity, a: HipAssociation, m: HipMessage): void {
    a.peerSeq = m.seq
    const u = hipMessage('UPDATE', id.hit, a.peerHit)
    u.ack = m.seq
    u.echoResponse = m.echoRequest
    u.migration = m.migration
    this.work(id, this.ctx.options.signCost, () =>
      id.layer.send(u, a.peerLocator, 'hip-update-echo-response', m.migration),
    )
  }

  /** The mover is where it said: the locator becomes ACTIVE. */
  private onEchoResponse(id: HostIdentity, a: HipAssociation): void {
    a.retransmission?.stop()
    a.locatorState = LocatorState.ACTIVE
    a.verifiedLocator = a.peerLocator
    a.echoNonce = -1
    // A correspondent, not the rendezvous server, now sends to the new locator: the move's update is done.
    if (a.migration !== null && this.rendezvous === null) this.ctx.namingUpdated(a.migration)
    if (!this.ctx.options.restartTransport) return
    for (const c of this.ctx.world.stack(this.node).connections()) {
      if (c.localAddr === id.hit && c.remoteAddr === a.peerHit) c.kick()
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A new association with a fresh credit counter. */
  association(peerHit: Address, state: HipState, locator: Address): HipAssociation {
    const o = this.ctx.options
    return new HipAssociation(
      peerHit,
      state,
      locator,
      new CreditCounter(o.creditAgingFactor, o.creditAgingInterval, this.sched.now),
    )
  }

  /** Sends a HIP control packet from this host to `to`, and counts it. */
  send(m: HipMessage, to: Address, what: string, migration: MigrationRecord | null): void {
    const pkt = this.node.net.pool.alloc()
    pkt.proto = HIP_PROTO
    pkt.src = this.node.address
    pkt.dst = to
    pkt.size = hipPacketSize(m)
    pkt.msg = m
    pkt.born = this.sched.now
    const peer = this.node.net.ownerOf(to)
    if (peer !== undefined) this.ctx.account(what, this.node, peer, pkt.size, migration)
    this.node.send(pkt)
  }

  private retransmit(send: () => void, failed: () => void): Retransmission {
    const o = this.ctx.options
    return new Retransmission(this.sched, o.controlTimeout, o.controlRetries, send, failed)
  }

  /** Runs `cost` of CPU for `id`'s cryptography, then `done`. */
  private work(id: HostIdentity, cost: Time, done: () => void): void {
    if (id.owner !== null) {
      id.owner.compute(cost, done)
      return
    }
    const node = id.layer.node
    this.sched.call(this.sched.now + Math.ceil(cost / node.cpu), done)
  }
}

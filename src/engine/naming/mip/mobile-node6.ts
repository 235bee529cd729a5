// A Mobile IPv6 mobile node (RFC 6275 §11): one per migratable process, with its own home address
// and the address of the host it runs on as care-of address. Away from home it registers with its
// home agent (Binding Update/Acknowledgement, §11.7.1) and sends from its home address through the
// bidirectional tunnel (§11.3.1). With route optimisation, once registered it runs return
// routability with each correspondent (§5.2.5: HoTI through the home agent and CoTI directly, in
// parallel; a home keygen token younger than MAX_TOKEN_LIFETIME is reused after a move, so only the
// care-of test is repeated) and sends it a Binding Update authorised by the two tokens (§11.7.2);
// once acknowledged, packets to that correspondent go directly, with a Home Address option. Every
// binding is refreshed before its lifetime ends — at most MAX_RR_BINDING_LIFETIME for correspondents,
// so optimised peers cost a new return routability every few minutes even without moves.
// Unanswered messages are retransmitted from INITIAL_BINDACK_TIMEOUT (the first home registration
// from InitialBindackTimeoutFirstReg), doubling up to MAX_BINDACK_TIMEOUT (§11.8); a correspondent
// that answers MAX_CONSECUTIVE_RESENDS retransmissions with silence, or with an ICMPv6 Parameter
// Problem (§11.3.5), is left to the tunnel. Back home, the node deregisters with the home agent and
// deletes its bindings at the correspondents (§11.5.5).

import { type EventId, type Scheduler, SECOND, type Time } from '../../core'
import { type Address, NO_ADDRESS } from '../../net/address'
import type { Node } from '../../net/node'
import { IPV6_HEADER, type Packet, Proto } from '../../net/packet'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { World } from '../../sim/world'
import { TcpState } from '../../transport/tcp'
import { sendDatagram } from '../datagram'
import { decapsulate, encapsulate } from '../encapsulation'
import { Backoff } from './backoff'
import { DESTINATION_OPTIONS, ROUTING_HEADER } from './correspondent'
import type { HomeAgent } from './home-agent'
import type { MobileHost } from './mobile-host'
import type { MobileNode } from './mobile-ip'
import { REFRESH_AT } from './mobile-node4'
import type { MobilityMessage } from './mobility-demux'
import {
  type BindingAck,
  type BindingUpdate,
  HOME_ADDRESS_OPTION,
  INITIAL_BINDACK_TIMEOUT,
  INITIAL_BINDACK_TIMEOUT_FIRST_REG,
  type KeygenToken,
  MAX_BINDACK_TIMEOUT,
  MAX_CONSECUTIVE_RESENDS,
  MAX_RR_BINDING_LIFETIME,
  MAX_TOKEN_LIFETIME,
  MOBILITY_PORT,
  type ParameterProblem,
  SIZES,
  type Test,
  type TestInit,
  udpPayload,
} from './mobility-header'
import type { Signal, Updated } from './signal'

interface ReceivedToken extends KeygenToken {
  received: Time
}

/** A binding update list entry (§11.1): what the node knows about one correspondent. */
class Correspondence {
  /** testing: return routability; updating: Binding Update sent; unsupported: no Mobile IPv6 there. */
  state: 'idle' | 'testing' | 'updating' | 'unsupported' = 'idle'
  homeToken: ReceivedToken | null = null
  careofToken: ReceivedToken | null = null
  /** The care-of address the correspondent holds for us, and until when. */
  boundCoa: Address = NO_ADDRESS
  expires: Time = 0
  seq = 0
  m: MigrationRecord | null = null
  refresh: EventId = -1
  /** Retransmission of the tests and of the Binding Update; silence after the last gives up (tunnel). */
  readonly tests: Backoff
  readonly update: Backoff

  constructor(
    readonly cn: Address,
    sched: Scheduler,
    sendTests: (c: Correspondence) => void,
    sendUpdate: (c: Correspondence) => void,
    gaveUp: (c: Correspondence) => void,
  ) {
    const giveUp = () => {
      this.state = 'idle'
      gaveUp(this)
    }
    const attempts = 1 + MAX_CONSECUTIVE_RESENDS
    this.tests = new Backoff(
      sched,
      INITIAL_BINDACK_TIMEOUT,
      MAX_BINDACK_TIMEOUT,
      attempts,
      () => sendTests(this),
      giveUp,
    )
    this.update = new Backoff(
      sched,
      INITIAL_BINDACK_TIMEOUT,
      MAX_BINDACK_TIMEOUT,
      attempts,
      () => sendUpdate(this),
      giveUp,
    )
  }
}

export class MobileNode6 implements MobileNode {
  away = false
  coa: Address = NO_ADDRESS
  /** Packets sent from the home address through the tunnel, and route-optimised with a Home Address option. */
  tunnelled = 0
  routeOptimized = 0
  private host: MobileHost | null = null
  private homeSeq = 0
  private homeLifetimeAsked = 0
  private firstRegistration = true
  private m: MigrationRecord | null = null
  private readonly homeRetry: Backoff
  private readonly firstHomeRetry: Backoff
  private homeRefresh: EventId = -1
  private readonly peers = new Map<Address, Correspondence>()

  constructor(
    private readonly world: World,
    private readonly process: Process,
    readonly hoa: Address,
    readonly agent: HomeAgent,
    private readonly homeLifetime: Time,
    private readonly routeOptimization: boolean,
    private readonly signal: Signal,
    private readonly namingUpdated: Updated,
  ) {
    const send = () => this.sendHomeUpdate()
    const forever = Number.POSITIVE_INFINITY
    this.homeRetry = new Backoff(world.sched, INITIAL_BINDACK_TIMEOUT, MAX_BINDACK_TIMEOUT, forever, send, () => {})
    this.firstHomeRetry = new Backoff(
      world.sched,
      INITIAL_BINDACK_TIMEOUT_FIRST_REG,
      MAX_BINDACK_TIMEOUT,
      forever,
      send,
      () => {},
    )
  }

  /** The correspondents route optimisation is tried with (tests). */
  correspondence(cn: Address): Readonly<Correspondence> | undefined {
    return this.peers.get(cn)
  }

  leave(host: MobileHost, m: MigrationRecord | null): void {
    // Tests and updates in progress were for the old care-of address; they start again once the
    // home agent has the new one.
    for (const c of this.peers.values()) {
      this.quiet(c)
      if (c.state !== 'unsupported') c.state = 'idle'
    }
    this.host = host
    this.away = true
    this.coa = host.node.address
    this.m = m
    this.registerHome(Math.round(this.homeLifetime / SECOND))
  }

  returnHome(host: MobileHost, m: MigrationRecord | null): void {
    this.host = host
    this.away = false
    this.coa = NO_ADDRESS
    this.m = m
    this.registerHome(0)
    for (const c of this.peers.values()) if (c.boundCoa !== NO_ADDRESS) this.optimize(c.cn, m)
  }

  stop(): void {
    this.homeRetry.stop()
    this.firstHomeRetry.stop()
    this.cancel(this.homeRefresh)
    for (const c of this.peers.values()) this.quiet(c)
  }

  // ---- home registration (§11.7.1) ----------------------------------------------------------

  private registerHome(lifetime: number): void {
    this.cancel(this.homeRefresh)
    this.homeRefresh = -1
    this.homeLifetimeAsked = lifetime
    this.homeSeq++
    this.homeRetry.stop()
    this.firstHomeRetry.stop()
    ;(this.firstRegistration && lifetime > 0 ? this.firstHomeRetry : this.homeRetry).start()
  }

  private sendHomeUpdate(): void {
    const node = this.host!.node
    const bu: BindingUpdate = {
      kind: 'binding-update',
      hoa: this.hoa,
      coa: this.away ? this.coa : this.hoa,
      seq: this.homeSeq,
      lifetime: this.homeLifetimeAsked,
      home: true,
      homeToken: null,
      careofToken: null,
      m: this.m,
      from: node,
    }
    const src = this.away ? this.coa : this.hoa
    sendDatagram(node, src, this.agent.address, MOBILITY_PORT, MOBILITY_PORT, udpPayload('homeBindingUpdate'), bu, true)
    this.signal('binding-update (home)', node, this.agent.node, SIZES.homeBindingUpdate, this.m)
  }

  private homeAcked(ba: BindingAck): void {
    if (ba.seq !== this.homeSeq || !(this.homeRetry.active || this.firstHomeRetry.active)) return
    this.homeRetry.stop()
    this.firstHomeRetry.stop()
    if (ba.status !== 0) return
    if (ba.lifetime === 0) {
      // Back home: done with the agent; done with the move once the correspondents forgot us.
      this.moveSettled()
      return
    }
    this.firstRegistration = false
    this.homeRefresh = this.world.sched.call(this.world.now + Math.floor(REFRESH_AT * ba.lifetime * SECOND), () => {
      this.homeRefresh = -1
      if (!this.away) return
      this.m = null
      this.registerHome(ba.lifetime)
    })
    // After a move, correspondents hold a stale care-of address (or none): register the new one.
    if (this.routeOptimization) {
      for (const cn of this.talkingTo()) {
        if (this.peers.get(cn)?.boundCoa !== this.coa) this.optimize(cn, this.m)
      }
    }
    this.moveSettled()
  }

  /**
   * The current move's naming update is complete once the home agent and every correspondent
   * told about it have answered (or were given up).
   */
  private moveSettled(): void {
    const m = this.m
    if (m === null || this.homeRetry.active || this.firstHomeRetry.active) return
    for (const c of this.peers.values()) if (c.m === m && (c.state === 'testing' || c.state === 'updating')) return
    this.namingUpdated(m)
  }

  private correspondentDone(c: Correspondence): void {
    if (c.m !== null && c.m === this.m) this.moveSettled()
  }

  /** Remote addresses of the process's open connections. */
  private talkingTo(): Set<Address> {
    const out = new Set<Address>()
    for (const c of this.process.connections) if (c.state !== TcpState.CLOSED) out.add(c.remoteAddr)
    return out
  }

  // ---- correspondent registration (§11.6, §11.7.2) ------------------------------------------

  /** A connection with `cn` was established while away: try route optimisation with it. */
  connected(cn: Address): void {
    if (this.away && this.routeOptimization && !this.homeRetry.active && !this.firstHomeRetry.active) {
      this.optimize(cn, this.m)
    }
  }

  private correspondent(cn: Address): Correspondence {
    let c = this.peers.get(cn)
    if (!c) {
      c = new Correspondence(
        cn,
        this.world.sched,
        (e) => this.sendTests(e),
        (e) => this.sendUpdate(e),
        (e) => this.correspondentDone(e),
      )
      this.peers.set(cn, c)
    }
    return c
  }

  private fresh(t: ReceivedToken | null, addr: Address): boolean {
    return t !== null && t.addr === addr && this.world.now - t.received <= MAX_TOKEN_LIFETIME
  }

  /** Registers the current care-of address with `cn` (or deletes the binding there when home). */
  private optimize(cn: Address, m: MigrationRecord | null): void {
    const c = this.correspondent(cn)
    if (c.state === 'unsupported') return
    this.quiet(c)
    c.m = m
    if (this.fresh(c.homeToken, this.hoa) && (!this.away || this.fresh(c.careofToken, this.coa))) this.startUpdate(c)
    else {
      c.state = 'testing'
      c.tests.start()
    }
  }

  private quiet(c: Correspondence): void {
    c.tests.stop()
    c.update.stop()
    this.cancel(c.refresh)
    c.refresh = -1
  }

  private sendTests(c: Correspondence): void {
    const node = this.host!.node
    const send = (kind: TestInit['kind'], src: Address) => {
      const ti: TestInit = { kind, hoa: this.hoa, addr: src, m: c.m, from: node }
      sendDatagram(node, src, c.cn, MOBILITY_PORT, MOBILITY_PORT, udpPayload('testInit'), ti, true)
      this.signal(kind === 'home-test-init' ? 'HoTI' : 'CoTI', node, this.nodeOf(c.cn), SIZES.testInit, c.m)
    }
    if (!this.fresh(c.homeToken, this.hoa)) send('home-test-init', this.hoa)
    if (this.away && !this.fresh(c.careofToken, this.coa)) send('care-of-test-init', this.coa)
  }

  private tested(c: Correspondence, t: Test): void {
    if (c.state !== 'testing') return
    const token = { ...t.token, received: this.world.now }
    if (t.kind === 'home-test' && t.token.addr === this.hoa) c.homeToken = token
    else if (t.kind === 'care-of-test' && t.token.addr === this.coa) c.careofToken = token
    if (this.fresh(c.homeToken, this.hoa) && (!this.away || this.fresh(c.careofToken, this.coa))) {
      c.tests.stop()
      this.startUpdate(c)
    }
  }

  private startUpdate(c: Correspondence): void {
    c.state = 'updating'
    c.seq++
    c.update.start()
  }

  private sendUpdate(c: Correspondence): void {
    const node = this.host!.node
    const bu: BindingUpdate = {
      kind: 'binding-update',
      hoa: this.hoa,
      coa: this.away ? this.coa : this.hoa,
      seq: c.seq,
      lifetime: this.away ? MAX_RR_BINDING_LIFETIME / SECOND : 0,
      home: false,
      homeToken: c.homeToken,
      careofToken: this.away ? c.careofToken : null,
      m: c.m,
      from: node,
    }
    const src = this.away ? this.coa : this.hoa
    sendDatagram(node, src, c.cn, MOBILITY_PORT, MOBILITY_PORT, udpPayload('bindingUpdate'), bu, true)
    this.signal('binding-update', node, this.nodeOf(c.cn), SIZES.bindingUpdate, c.m)
  }

  private updated(c: Correspondence, ba: BindingAck): void {
    if (c.state !== 'updating' || ba.seq !== c.seq) return
    c.update.stop()
    c.state = 'idle'
    if (ba.status === 136 || ba.status === 138) c.homeToken = null
    if (ba.status === 137 || ba.status === 138) c.careofToken = null
    if (ba.status >= 136 && ba.status <= 138) {
      this.optimize(c.cn, c.m)
      return
    }
    if (ba.status !== 0) return
    this.correspondentDone(c)
    if (ba.lifetime === 0) {
      c.boundCoa = NO_ADDRESS
      return
    }
    c.boundCoa = this.coa
    c.expires = this.world.now + ba.lifetime * SECOND
    // Refresh before the binding runs out, if the process still talks to the correspondent.
    c.refresh = this.world.sched.call(this.world.now + Math.floor(REFRESH_AT * ba.lifetime * SECOND), () => {
      c.refresh = -1
      if (this.away && this.talkingTo().has(c.cn)) this.optimize(c.cn, null)
    })
  }

  // ---- what arrives --------------------------------------------------------------------------

  receive(msg: MobilityMessage, pkt: Packet, at: Node): void {
    if (at !== this.host?.node) return
    const kind = msg.kind
    if (kind === 'binding-ack') {
      const ba = msg as BindingAck
      if (ba.home) this.homeAcked(ba)
      else {
        const c = this.peers.get(pkt.src)
        if (c) this.updated(c, ba)
      }
      return
    }
    const c = this.peers.get(kind === 'parameter-problem' ? (msg as ParameterProblem).peer : pkt.src)
    if (!c) return
    if (kind === 'home-test' || kind === 'care-of-test') this.tested(c, msg as Test)
    else if (kind === 'parameter-problem') {
      const busy = c.state === 'testing' || c.state === 'updating'
      this.quiet(c)
      c.state = 'unsupported'
      if (busy) this.correspondentDone(c)
    } else if (kind === 'binding-error') {
      // The correspondent lost the binding: back to the tunnel, and register again.
      c.boundCoa = NO_ADDRESS
      if (this.away && c.state === 'idle') this.optimize(c.cn, null)
    }
  }

  output(pkt: Packet): Packet | null {
    const net = this.world.net
    if (pkt.msg === null || (pkt.msg as TestInit).kind !== 'home-test-init') {
      const c = this.peers.get(pkt.dst)
      if (c !== undefined && c.boundCoa === this.coa && this.world.now < c.expires) {
        this.routeOptimized++
        return encapsulate(net, pkt, this.coa, pkt.dst, DESTINATION_OPTIONS, HOME_ADDRESS_OPTION)
      }
    }
    // On the agent's own host the tunnel would end where it starts: the agent forwards directly.
    if (this.host?.node === this.agent.node) return pkt
    this.tunnelled++
    return encapsulate(net, pkt, this.coa, this.agent.address, Proto.IPIP, IPV6_HEADER)
  }

  input(pkt: Packet): Packet | null {
    if (pkt.proto !== ROUTING_HEADER || pkt.inner === null || pkt.inner.dst !== this.hoa) return pkt
    return decapsulate(this.world.net, pkt)
  }

  private nodeOf(addr: Address): Node {
    return this.world.net.ownerOf(addr) ?? this.agent.node
  }

  private cancel(id: EventId): void {
    if (id >= 0) this.world.sched.cancel(id)
  }
}

// The TCP Migrate extension of one host's TCP (draft-snoeren-tcp-migrate-00), as a shim around
// the host's unchanged TCP:
//
//   set-up   SYN carries Migrate-Permitted; a SYN/ACK answering such a SYN carries it with the
//            token; both ends of such a connection become migratable endpoints
//   mover    after its process moved, sends a Migrate SYN (token, request number) from its new
//            address, retransmitted like a SYN, and sends nothing else until the SYN/ACK; the
//            SYN/ACK's acknowledgement goes to TCP, and what the peer did not get is resent at once
//   fixed    checks the token and the request number (new / duplicate / stale), rebinds the
//            connection to the new address, answers SYN/ACK acknowledging what it received, and
//            retransmits its own unacknowledged data at once: the exchange restarts transmission
//   RST      from the peer's old address (its old host, or the address's next owner) does not
//            kill a migratable connection: it waits in MIGRATE_WAIT for a Migrate SYN, bounded by
//            a timer, and only then reports the reset
//
// A host without this layer (a legacy peer) ignores the option, and its connections stay plain TCP.

import type { RngStream } from '../../core'
import type { Node, Shim } from '../../net/node'
import { ipHeader, type Packet, Proto, TCP_HEADER, TcpFlag } from '../../net/packet'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { World } from '../../sim/world'
import { type TcpConnection, TcpState } from '../../transport/tcp'
import { Retransmission } from '../support/retransmission'
import { MigrateEndpoint, MigrateState } from './endpoint'
import {
  classifyRequest,
  MIGRATE_BYTES,
  MIGRATE_OFFER,
  MIGRATE_PERMITTED_BYTES,
  MigrateOption,
  MigratePermitted,
} from './wire'

/** What the layers of one run share. */
export interface MigrateContext {
  readonly world: World
  /** How long a connection waits in MIGRATE_WAIT. */
  readonly migrateWait: number
  /** Endpoints by connection, whichever host they are on. */
  readonly endpoints: Map<TcpConnection, MigrateEndpoint>
  account(what: string, from: Node, to: Node, bytes: number, m: MigrationRecord | null): void
  /** The naming update of move `m` is complete (the first connection back marks it). */
  namingUpdated(m: MigrationRecord): void
}

/** Key of a connection's address/port quadruple as seen from one end. */
function quad(localAddr: number, localPort: number, remoteAddr: number, remotePort: number): string {
  return `${localAddr}:${localPort}>${remoteAddr}:${remotePort}`
}

export class MigrateLayer implements Shim {
  /** Migratable endpoints on this host, by token. */
  private readonly byToken = new Map<number, MigrateEndpoint>()
  /** Passive opens whose SYN offered Migrate-Permitted, by quadruple (until the SYN/ACK answers). */
  private readonly offers = new Set<string>()
  private readonly tokens: RngStream

  constructor(
    readonly node: Node,
    private readonly ctx: MigrateContext,
  ) {
    this.tokens = ctx.world.rng(`tcp-migrate:${node.name}/token`)
    node.shims.push(this)
  }

  /** The endpoint moved here with its process. */
  add(e: MigrateEndpoint): void {
    this.byToken.set(e.token, e)
  }

  remove(e: MigrateEndpoint): void {
    if (this.byToken.get(e.token) === e) this.byToken.delete(e.token)
  }

  /** Endpoints here whose Migrate SYN waits for its answer, of process `p`. */
  migrating(p: Process): MigrateEndpoint[] {
    return [...this.byToken.values()].filter((e) => e.owner === p && e.state === MigrateState.MIGRATING)
  }

  // ---- set-up: Migrate-Permitted --------------------------------------------------------------

  output(pkt: Packet): Packet | null {
    if (pkt.proto !== Proto.TCP || !(pkt.flags & TcpFlag.SYN) || pkt.msg !== null) return pkt
    if (!(pkt.flags & TcpFlag.ACK)) {
      pkt.msg = MIGRATE_OFFER
      pkt.size += MIGRATE_PERMITTED_BYTES
      return pkt
    }
    // A SYN/ACK of a passive open (not the answer to a Migrate SYN): if the SYN offered, agree on
    // a token; a retransmitted SYN/ACK carries the same one again.
    const conn = this.connection(pkt.src, pkt.sport, pkt.dst, pkt.dport)
    if (conn === undefined || conn.state !== TcpState.SYN_RECEIVED) return pkt
    let e = this.ctx.endpoints.get(conn)
    if (e === undefined && this.offers.delete(quad(pkt.src, pkt.sport, pkt.dst, pkt.dport))) {
      e = this.register(conn, this.newToken())
    }
    if (e !== undefined) {
      pkt.msg = new MigratePermitted(e.token)
      pkt.size += MIGRATE_PERMITTED_BYTES
    }
    return pkt
  }

  input(pkt: Packet): Packet | null {
    if (pkt.proto !== Proto.TCP) return pkt
    const flags = pkt.flags
    if (flags & TcpFlag.RST) return this.onReset(pkt)
    if (!(flags & TcpFlag.SYN)) return pkt
    const m = pkt.msg
    if (flags & TcpFlag.ACK) {
      if (m instanceof MigratePermitted) this.onPermitted(pkt, m)
      return this.onSynAck(pkt)
    }
    if (m instanceof MigrateOption) return this.onMigrateSyn(pkt, m)
    if (m === MIGRATE_OFFER) this.offers.add(quad(pkt.dst, pkt.dport, pkt.src, pkt.sport))
    return pkt
  }

  /** The active opener learns the token from the SYN/ACK. */
  private onPermitted(pkt: Packet, m: MigratePermitted): void {
    const conn = this.connection(pkt.dst, pkt.dport, pkt.src, pkt.sport)
    // Both ends on one host would share this table: such a connection stays plain TCP.
    if (conn !== undefined && !this.ctx.endpoints.has(conn) && !this.byToken.has(m.token)) this.register(conn, m.token)
  }

  private register(conn: TcpConnection, token: number): MigrateEndpoint {
    const e = new MigrateEndpoint(conn, token)
    this.ctx.endpoints.set(conn, e)
    this.byToken.set(token, e)
    return e
  }

  /** A 64-bit token in the model's 53-bit numbers: random, unique on this host. */
  private newToken(): number {
    for (;;) {
      const t = this.tokens.nextU32() * 2 ** 21 + (this.tokens.nextU32() >>> 11)
      if (t > 0 && !this.byToken.has(t)) return t
    }
  }

  /** This host's connection with the given quadruple (set-up only: it scans the stack). */
  private connection(la: number, lp: number, ra: number, rp: number): TcpConnection | undefined {
    return this.ctx.world
      .stack(this.node)
      .connections()
      .find((c) => c.localAddr === la && c.localPort === lp && c.remoteAddr === ra && c.remotePort === rp)
  }

  // ---- the mover ------------------------------------------------------------------------------

  /** The endpoint's process resumed here: Migrate SYN from the new address, until answered. */
  migrate(e: MigrateEndpoint, p: Process, m: MigrationRecord): void {
    e.owner = p
    e.state = MigrateState.MIGRATING
    e.migration = m
    e.sentRequest++
    const option = new MigrateOption(e.token, e.sentRequest, m)
    const w = this.ctx.world
    e.retransmission?.stop()
    e.retransmission = new Retransmission(
      w.sched,
      w.tcp.initialRto,
      w.tcp.synRetries,
      () => this.sendMigrateSyn(e, option),
      () => this.fail(e, false),
    )
    e.retransmission.start()
  }

  private sendMigrateSyn(e: MigrateEndpoint, option: MigrateOption): void {
    const c = e.conn
    const pkt = this.segment(c, TcpFlag.SYN, c.sndUna, 0)
    pkt.msg = option
    pkt.size += MIGRATE_BYTES
    this.send(pkt, 'tcp-migrate-syn', option.migration)
  }

  /** A SYN/ACK for a connection whose Migrate SYN is out: the connection continues here. */
  private onSynAck(pkt: Packet): Packet | null {
    const e = this.find(pkt, MigrateState.MIGRATING)
    if (e === undefined) return pkt
    if (e.owner !== null && (e.owner.phase === 'frozen' || e.owner.phase === 'transferring')) {
      // The process froze again for another move: its resume sends a new Migrate SYN.
      this.node.net.drop(pkt, 'frozen', this.node.name)
      return null
    }
    e.retransmission?.stop()
    e.state = MigrateState.ESTABLISHED
    if (e.migration !== null) this.ctx.namingUpdated(e.migration)
    const c = e.conn
    const lost = pkt.ack < c.sndNxt
    if (e.owner?.alive) e.owner.connections.add(c)
    c.thaw()
    // TCP takes the acknowledgement the SYN/ACK carries; then what the peer lacks goes at once.
    pkt.flags = TcpFlag.ACK
    pkt.msg = null
    if (lost) {
      const sched = this.ctx.world.sched
      sched.call(sched.now, () => c.kick())
    }
    return pkt
  }

  /** The handshake failed (no answer, or a reset): the connection ends as plain TCP's would. */
  private fail(e: MigrateEndpoint, reset: boolean): void {
    e.retransmission?.stop()
    this.remove(e)
    this.ctx.endpoints.delete(e.conn)
    const app = e.conn.app
    e.conn.terminate()
    if (reset) app?.onReset?.(e.conn)
    else app?.onTimeout?.(e.conn)
  }

  // ---- the fixed end ----------------------------------------------------------------------------

  private onMigrateSyn(pkt: Packet, m: MigrateOption): Packet | null {
    const e = this.byToken.get(m.token)
    // An unknown token: TCP answers the stray SYN with a RST.
    if (e === undefined || e.conn.state === TcpState.CLOSED) return pkt
    const c = e.conn
    const verdict = classifyRequest(e.acceptedRequest, m.request)
    if (verdict === 'stale' || (verdict === 'duplicate' && (c.remoteAddr !== pkt.src || c.remotePort !== pkt.sport))) {
      this.node.net.drop(pkt, 'filtered', this.node.name)
      return null
    }
    const src = pkt.src
    const sport = pkt.sport
    this.node.net.pool.release(pkt)
    if (verdict === 'new') {
      e.acceptedRequest = m.request
      c.remotePort = sport
      c.rebindRemote(src)
    }
    // SYN/ACK acknowledging what arrived (again, for a duplicate: the first answer was lost).
    this.send(this.segment(c, TcpFlag.SYN | TcpFlag.ACK, c.sndUna, c.rcvNxt), 'tcp-migrate-synack', m.migration)
    if (verdict !== 'new') return null
    if (e.state === MigrateState.MIGRATE_WAIT) {
      this.ctx.world.sched.cancel(e.waitTimer)
      e.waitTimer = -1
      e.state = MigrateState.ESTABLISHED
      c.thaw()
    }
    // The exchange restarts transmission: what the mover lacks goes now, not at the next timeout.
    c.kick()
    return null
  }

  /** A RST for a migratable connection: wait for its peer's Migrate SYN rather than die. */
  private onReset(pkt: Packet): Packet | null {
    const e = this.find(pkt, -1)
    if (e === undefined) return pkt
    this.node.net.pool.release(pkt)
    if (e.state === MigrateState.MIGRATING) {
      this.fail(e, true)
      return null
    }
    if (e.state === MigrateState.MIGRATE_WAIT) return null
    e.state = MigrateState.MIGRATE_WAIT
    e.conn.freeze()
    const sched = this.ctx.world.sched
    e.waitTimer = sched.call(sched.now + this.ctx.migrateWait, () => {
      e.waitTimer = -1
      this.fail(e, true)
    })
    return null
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** The endpoint here whose connection the packet belongs to (in `state`, or any if -1). */
  private find(pkt: Packet, state: MigrateState | -1): MigrateEndpoint | undefined {
    for (const e of this.byToken.values()) {
      const c = e.conn
      if (state !== -1 && e.state !== state) continue
      if (
        c.localPort === pkt.dport &&
        c.remotePort === pkt.sport &&
        c.localAddr === pkt.dst &&
        c.remoteAddr === pkt.src
      )
        return e
    }
    return undefined
  }

  /** A control segment of connection `c`, from its current addresses. */
  private segment(c: TcpConnection, flags: number, seq: number, ack: number): Packet {
    const pkt = this.node.net.pool.alloc()
    pkt.proto = Proto.TCP
    pkt.v6 = c.v6
    pkt.src = c.localAddr
    pkt.dst = c.remoteAddr
    pkt.sport = c.localPort
    pkt.dport = c.remotePort
    pkt.flags = flags
    pkt.seq = seq
    pkt.ack = ack
    pkt.wnd = c.config.receiveWindow
    pkt.size = ipHeader(pkt) + TCP_HEADER
    pkt.born = this.ctx.world.now
    return pkt
  }

  private send(pkt: Packet, what: string, m: MigrationRecord | null): void {
    const to = this.node.net.ownerOf(pkt.dst)
    if (to !== undefined) this.ctx.account(what, this.node, to, pkt.size, m)
    this.node.send(pkt)
  }
}

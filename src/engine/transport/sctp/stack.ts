// A node's SCTP layer (registered with its transport stack for IP protocol 132): associations
// found by verification tag, listeners answering INIT statelessly with a state cookie (RFC 9260
// §5.1), out-of-the-blue packets handled as §8.4 says (ABORT with the T bit, SHUTDOWN COMPLETE
// for a SHUTDOWN ACK, silence for ABORT and SHUTDOWN COMPLETE), and tombstones: tags of
// associations that moved away with their process, whose packets a migration-aware kernel
// discards silently instead of aborting the association.

import type { RngStream, Scheduler } from '../../core'
import type { Address } from '../../net/address'
import type { Net } from '../../net/net'
import type { Node } from '../../net/node'
import { IPV4_HEADER, type Packet, Proto } from '../../net/packet'
import type { TransportStack } from '../stack'
import type { StreamApp } from '../stream'
import { StreamMeta } from '../stream-meta'
import { SctpAssociation, SctpState } from './association'
import { RFC_SCTP, type SctpConfig } from './config'
import {
  ABORT_CHUNK,
  ADDRESS_PARAM,
  allocSctp,
  Chunk,
  COMMON_HEADER,
  EXTENSION_PARAMS,
  INIT_CHUNK,
  releaseSctp,
  SctpPacket,
  SHUTDOWN_COMPLETE_CHUNK,
  STATE_COOKIE,
} from './packet'

const stacks = new WeakMap<TransportStack, SctpStack>()

export class SctpStack {
  private readonly byTag = new Map<number, SctpAssociation>()
  private readonly listeners = new Map<number, (a: SctpAssociation) => void>()
  private readonly tombstones = new Set<number>()
  readonly rng: RngStream

  private constructor(
    readonly transport: TransportStack,
    readonly config: SctpConfig,
  ) {
    this.rng = transport.net.rng(`sctp:${transport.node.name}`)
    transport.protocols.set(Proto.SCTP, (pkt) => this.input(pkt))
  }

  /** The SCTP layer of a node's transport stack, created on first use. */
  static of(transport: TransportStack, config: SctpConfig = RFC_SCTP): SctpStack {
    let s = stacks.get(transport)
    if (!s) {
      s = new SctpStack(transport, config)
      stacks.set(transport, s)
    }
    return s
  }

  get sched(): Scheduler {
    return this.transport.sched
  }

  get net(): Net {
    return this.transport.net
  }

  get node(): Node {
    return this.transport.node
  }

  /** The node's addresses an association spans (every interface address: multihoming). */
  localAddresses(): Address[] {
    const out: Address[] = []
    for (const i of this.node.ifaces) for (const a of i.addresses) out.push(a)
    if (out.length === 0) out.push(this.node.address)
    return out
  }

  listen(port: number, onAccept: (a: SctpAssociation) => void): void {
    this.listeners.set(port, onAccept)
  }

  unlisten(port: number): void {
    this.listeners.delete(port)
  }

  /** Opens an association to a peer at `peerAddrs` (the first is the primary), port `port`. */
  connect(peerAddrs: Address[], port: number, app: StreamApp | null): SctpAssociation {
    const a = new SctpAssociation(
      this,
      this.config,
      this.transport.allocatePort(),
      port,
      this.localAddresses(),
      peerAddrs,
      true,
    )
    a.app = app
    a.localTag = this.newTag()
    this.register(a)
    a.open(a.localTag, this.rng.nextU32())
    return a
  }

  private newTag(): number {
    let t = this.rng.nextU32()
    while (t === 0 || this.byTag.has(t) || this.tombstones.has(t)) t = this.rng.nextU32()
    return t
  }

  register(a: SctpAssociation): void {
    this.byTag.set(a.localTag, a)
    this.tombstones.delete(a.localTag)
  }

  unregister(a: SctpAssociation): void {
    if (this.byTag.get(a.localTag) === a) this.byTag.delete(a.localTag)
  }

  /** Packets with this tag are discarded silently from now on (the association moved away). */
  tombstone(tag: number): void {
    this.tombstones.add(tag)
  }

  forget(tag: number): void {
    this.tombstones.delete(tag)
  }

  transmit(src: Address, dst: Address, sport: number, dport: number, bytes: number, q: SctpPacket): void {
    const pkt = this.net.pool.alloc()
    pkt.proto = Proto.SCTP
    pkt.src = src
    pkt.dst = dst
    pkt.sport = sport
    pkt.dport = dport
    pkt.len = bytes
    pkt.size = IPV4_HEADER + bytes
    pkt.msg = q
    pkt.born = this.sched.now
    this.node.send(pkt)
  }

  private input(pkt: Packet): boolean {
    const q = pkt.msg
    if (!(q instanceof SctpPacket)) return false
    const a = q.vtag !== 0 ? this.byTag.get(q.vtag) : undefined
    if (a !== undefined && a.localPort === pkt.dport) {
      if (a.frozen) this.net.drop(pkt, 'frozen', this.node.name)
      else {
        a.input(pkt, q)
        this.net.pool.release(pkt)
      }
      releaseSctp(q)
      return true
    }
    if (this.tombstones.has(q.vtag)) {
      this.net.drop(pkt, 'no-endpoint', this.node.name)
      releaseSctp(q)
      return true
    }
    if (q.has(Chunk.ABORT) && q.reflected) {
      // §8.5.1: an ABORT with the T bit carries the tag of the association's peer.
      for (const b of this.byTag.values()) {
        if (b.peerTag === q.vtag && b.localPort === pkt.dport) {
          b.input(pkt, q)
          break
        }
      }
    } else this.outOfTheBlue(pkt, q)
    this.net.pool.release(pkt)
    releaseSctp(q)
    return true
  }

  /** §8.4 and §5.1: INIT and COOKIE ECHO to a listener; everything else out of the blue. */
  private outOfTheBlue(pkt: Packet, q: SctpPacket): void {
    const listener = this.listeners.get(pkt.dport)
    if (q.has(Chunk.INIT) && q.init && listener) {
      // INIT ACK with a state cookie; no state is kept until the cookie comes back (§5.1.3).
      const addrs = this.localAddresses()
      const r = allocSctp()
      r.chunks = Chunk.INIT_ACK
      r.init = {
        tag: this.newTag(),
        addrs,
        initialTsn: this.rng.nextU32(),
        meta: q.init.meta,
        cookie: { tag: q.init.tag, addrs: q.init.addrs, initialTsn: q.init.initialTsn },
      }
      r.vtag = q.init.tag
      const bytes = INIT_CHUNK + ADDRESS_PARAM * addrs.length + EXTENSION_PARAMS + STATE_COOKIE
      this.transmit(pkt.dst, pkt.src, pkt.dport, pkt.sport, COMMON_HEADER + bytes, r)
      return
    }
    if (q.has(Chunk.COOKIE_ECHO) && q.init?.cookie && listener) {
      const info = q.init
      const cookie = info.cookie as NonNullable<typeof info.cookie>
      if (this.byTag.has(info.tag)) return
      const a = new SctpAssociation(this, this.config, pkt.dport, pkt.sport, this.localAddresses(), cookie.addrs, false)
      a.meta = info.meta ?? new StreamMeta()
      a.acceptCookie(info, pkt.src)
      this.register(a)
      listener(a)
      a.app?.onConnected?.(a)
      return
    }
    if (q.has(Chunk.ABORT) || q.has(Chunk.SHUTDOWN_COMPLETE)) return
    const r = allocSctp()
    r.reflected = true
    r.vtag = q.has(Chunk.INIT) && q.init ? q.init.tag : q.vtag
    if (q.has(Chunk.SHUTDOWN_ACK)) {
      r.chunks = Chunk.SHUTDOWN_COMPLETE
      this.transmit(pkt.dst, pkt.src, pkt.dport, pkt.sport, COMMON_HEADER + SHUTDOWN_COMPLETE_CHUNK, r)
    } else {
      r.chunks = Chunk.ABORT
      this.transmit(pkt.dst, pkt.src, pkt.dport, pkt.sport, COMMON_HEADER + ABORT_CHUNK, r)
    }
  }

  /** Associations bound here (for tests and the architecture). */
  associations(): SctpAssociation[] {
    return [...this.byTag.values()].filter((a) => a.state !== SctpState.CLOSED)
  }
}

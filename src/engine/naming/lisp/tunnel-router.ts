// A LISP tunnel router (RFC 9300, RFC 9301; EID mobility after draft-ietf-lisp-eid-mobility).
//
//   ITR   packets to an EID from the sources it serves are looked up in the map-cache and
//         encapsulated to the ETR's locator (UDP 4341, real outer headers); a miss sends a
//         Map-Request to the Map-Resolver and holds the packet. A Solicit-Map-Request makes it ask
//         again (SMR-invoked Map-Request) while it keeps using the stale mapping.
//   ETR   decapsulates what is addressed to its locator and delivers it to the EID on its LAN by a
//         host route. It learns that an EID arrived on its LAN from the host's gratuitous ARP and
//         registers it with the Map-Server (and again every minute). When the Map-Server tells it
//         that one of its EIDs is now registered elsewhere, it moves the EID to its away table: data
//         still arriving for it is dropped and its ITR is sent an SMR.
//   PITR  an ITR for every source, announcing the EID space to legacy (non-LISP) sites.
//
// The cache, the away table and pending requests are soft state, lost in a crash; the EID database
// (what is behind the ETR) is configuration, and a recovered ETR registers it at once.

import { type Handler, type Time, Timer } from '../../core'
import { type Address, NO_ADDRESS, networkOf } from '../../net/address'
import type { ArpMessage } from '../../net/lan'
import type { Interceptor, Interface, Node } from '../../net/node'
import { type Packet, Proto } from '../../net/packet'
import { decapsulate, encapsulate } from '../encapsulation'
import type { LispDomain } from './domain'
import { MapCache } from './map-cache'
import {
  ENCAPSULATION_OVERHEAD,
  LISP_DATA_PORT,
  type LispMessage,
  MAP_REQUEST_BYTES,
  REQUEST_HOLD_DOWN,
  REQUEST_INTERVAL,
  REQUEST_RETRIES,
  registerBytes,
  SMR_BYTES,
} from './messages'

/** An EID behind this ETR: the host it is on, reached on `iface` at `next`, and its map-version. */
interface LocalEid {
  host: Node
  iface: Interface
  next: Address
  version: number
}

/** An EID that left: registered at `rloc` now; when each ITR was last solicited about it. */
interface Away {
  rloc: Address
  solicited: Map<Address, Time>
}

interface PendingRequest {
  tries: number
  smrInvoked: boolean
}

const REGISTER_TIMER = 0

export class TunnelRouter implements Interceptor, Handler {
  hid = -1
  readonly cache: MapCache
  readonly database = new Map<Address, LocalEid>()
  readonly away = new Map<Address, Away>()
  private readonly pending = new Map<Address, PendingRequest>()
  private readonly holdDown = new Map<Address, Time>()
  private readonly registerTimer: Timer

  constructor(
    private readonly domain: LispDomain,
    readonly node: Node,
    /** Sources this router encapsulates for as an ITR; null: every source (a site's xTR, the PITR). */
    readonly served: Set<Address> | null,
  ) {
    this.cache = new MapCache(node.net, node.name)
    this.registerTimer = new Timer(node.net.sched, this, REGISTER_TIMER)
  }

  /** Its routing locator: the address the mapping system gives for the EIDs behind it. */
  get rloc(): Address {
    return this.node.address
  }

  // ---- data plane ----------------------------------------------------------------------------

  intercept(pkt: Packet): boolean {
    if (pkt.inner !== null && pkt.dport === LISP_DATA_PORT && pkt.proto === Proto.UDP && this.node.owns(pkt.dst)) {
      this.decapsulate(pkt)
      return true
    }
    const eid = pkt.dst
    if (networkOf(eid) !== this.domain.eidNetwork) return false
    // An EID on this router's LANs is delivered by its host route, like any local destination.
    if (this.database.has(eid)) return false
    if (this.served !== null && !this.served.has(pkt.src)) return false
    const now = this.node.net.sched.now
    const m = this.cache.lookup(eid, now)
    if (m === null) {
      this.cache.hold(pkt)
      this.request(eid, false)
    } else if (m.rloc === NO_ADDRESS) this.node.net.drop(pkt, 'no-route', this.node.name)
    else this.encapsulate(pkt, m.rloc)
    return true
  }

  private encapsulate(pkt: Packet, rloc: Address): void {
    const outer = encapsulate(this.node.net, pkt, this.rloc, rloc, Proto.UDP, ENCAPSULATION_OVERHEAD)
    outer.dport = LISP_DATA_PORT
    // RFC 9300 §5.3: the source port is a hash of the inner flow, so paths balance per flow.
    outer.sport = 49152 + ((pkt.src ^ pkt.dst ^ pkt.sport ^ pkt.dport) & 0x3fff)
    this.node.sendRaw(outer)
  }

  private decapsulate(outer: Packet): void {
    const itr = outer.src
    const inner = decapsulate(this.node.net, outer)
    const eid = inner.dst
    if (this.database.has(eid)) {
      this.node.route(inner)
      return
    }
    const away = this.away.get(eid)
    if (away !== undefined) this.solicit(eid, itr, away)
    this.node.net.drop(inner, 'no-route', this.node.name)
  }

  /** Data for an EID that left reached this (old) ETR: tell its ITR to ask again, once a second at most. */
  private solicit(eid: Address, itr: Address, away: Away): void {
    if (!this.domain.smr) return
    const now = this.node.net.sched.now
    const last = away.solicited.get(itr)
    if (last !== undefined && now - last < REQUEST_INTERVAL) return
    const to = this.domain.routerAt(itr)
    if (to === undefined) return
    away.solicited.set(itr, now)
    this.domain.control(this.node, to.node, SMR_BYTES, { kind: 'smr', eid }, 'solicit-map-request', eid)
  }

  // ---- ITR control plane ---------------------------------------------------------------------

  /** Asks the Map-Resolver for `eid`, unless a request is outstanding or held down. */
  private request(eid: Address, smrInvoked: boolean): void {
    if (this.pending.has(eid)) return
    const now = this.node.net.sched.now
    const until = this.holdDown.get(eid)
    if (until !== undefined && until > now) {
      this.cache.unresolved(eid)
      return
    }
    const req: PendingRequest = { tries: 0, smrInvoked }
    this.pending.set(eid, req)
    this.sendRequest(eid, req)
  }

  private sendRequest(eid: Address, req: PendingRequest): void {
    const d = this.domain
    const msg: LispMessage = { kind: 'map-request', eid, itr: this, smrInvoked: req.smrInvoked }
    d.control(this.node, d.mappingSystem, MAP_REQUEST_BYTES, msg, 'map-request', eid)
    const sched = this.node.net.sched
    sched.call(sched.now + REQUEST_INTERVAL, () => {
      if (this.pending.get(eid) !== req) return // answered, or state lost meanwhile
      if (++req.tries > REQUEST_RETRIES) {
        this.pending.delete(eid)
        this.holdDown.set(eid, sched.now + REQUEST_HOLD_DOWN)
        this.cache.unresolved(eid)
        return
      }
      this.sendRequest(eid, req)
    })
  }

  /** A control message on UDP 4342 for this router. */
  receive(msg: LispMessage): void {
    switch (msg.kind) {
      case 'map-reply':
        this.mapReply(msg.eid, msg.rloc, msg.ttl)
        break
      case 'smr':
        // RFC 9301 §6.1: only a router that caches the EID asks again; meanwhile the stale entry stays in use.
        if (this.cache.peek(msg.eid) !== undefined) this.request(msg.eid, true)
        break
      case 'map-notify':
        // An acknowledgement names this router; a notice that an EID is registered elsewhere does not.
        if (msg.rloc !== this.rloc) for (const eid of msg.eids) this.departed(eid, msg.rloc)
        break
    }
  }

  private mapReply(eid: Address, rloc: Address, ttl: Time): void {
    this.pending.delete(eid)
    this.holdDown.delete(eid)
    const net = this.node.net
    const held = this.cache.set(eid, rloc, net.sched.now + ttl)
    this.domain.mappingChanged(eid)
    if (held === undefined) return
    for (const p of held) {
      if (rloc === NO_ADDRESS) net.drop(p, 'no-route', this.node.name)
      else this.encapsulate(p, rloc)
    }
  }

  // ---- ETR control plane ---------------------------------------------------------------------

  /** Watches a LAN of this router for gratuitous ARPs of EIDs (dynamic-EID detection). */
  watch(iface: Interface): void {
    const lan = iface.lan!
    lan.arpObservers.push((at: Interface, msg: ArpMessage) => {
      if (at !== iface || msg.senderAddr !== msg.targetAddr || networkOf(msg.senderAddr) !== this.domain.eidNetwork)
        return
      const port = lan.ports.find((p) => p.iface.mac === msg.senderMac)
      if (port) this.arrived(msg.senderAddr, port.iface.node, iface, port.iface.address)
    })
  }

  /** `eid` is on `host`, reached on `iface` at `next`; an EID new here is registered at once. */
  private arrived(eid: Address, host: Node, iface: Interface, next: Address): void {
    const known = this.database.has(eid)
    this.settle(eid, host, iface, next)
    if (!known) this.register([eid], true)
    this.domain.detected(eid)
  }

  /** Delivers `eid` to `host` from now on. */
  settle(eid: Address, host: Node, iface: Interface, next: Address): void {
    this.database.set(eid, { host, iface, next, version: this.domain.versionOf(eid) })
    this.node.hostRoutes.set(eid, { iface, nextHop: next })
    this.away.delete(eid)
  }

  /** The Map-Server registered `eid` at another locator: it left this site. */
  private departed(eid: Address, rloc: Address): void {
    if (!this.database.delete(eid)) return
    this.node.hostRoutes.delete(eid)
    this.away.set(eid, { rloc, solicited: new Map() })
  }

  /** Sends a Map-Register for `eids` (asking for a Map-Notify when `wantNotify`). */
  private register(eids: Address[], wantNotify: boolean): void {
    const d = this.domain
    const records = eids.map((eid) => ({ eid, version: this.database.get(eid)!.version }))
    const msg: LispMessage = { kind: 'map-register', records, etr: this, wantNotify }
    const about = eids.length === 1 ? eids[0] : NO_ADDRESS
    d.control(this.node, d.mappingSystem, registerBytes(eids.length), msg, 'map-register', about)
  }

  /** Starts the periodic registrations of an ETR, the first after `phase`. */
  startRegistering(phase: Time): void {
    this.registerTimer.set(phase)
  }

  handle(): void {
    if (this.database.size > 0) this.register([...this.database.keys()], false)
    this.registerTimer.set(this.domain.registerInterval)
  }

  /** The router crashed: its soft state is gone. */
  crashed(): void {
    this.cache.clear()
    this.away.clear()
    this.pending.clear()
    this.holdDown.clear()
  }

  /** The router is back: it registers what is behind it at once. */
  recovered(): void {
    if (this.database.size > 0) this.register([...this.database.keys()], true)
  }
}

// Nodes (hosts and routers) and their interfaces: what happens to a packet that arrives, that is
// forwarded, or that a node sends.
//
//   arrive on an interface -> interceptors (agents that capture traffic, e.g. a home agent)
//                          -> addressed to this node? -> input shims (decapsulation, HIP/ESP, ...)
//                                                     -> transport (the node's stack)
//                          -> else, if forwarding: TTL, route, transmit; else drop (no endpoint)
//   sent by this node      -> output shims (encapsulation by a naming architecture) -> route -> transmit
//
// Shims and interceptors are how naming architectures change a node's behaviour without the
// node knowing about any of them.

import { type Address, NO_ADDRESS, networkOf } from './address'
import type { Channel, FrameSink } from './channel'
import type { Lan } from './lan'
import type { Net } from './net'
import { BROADCAST, type Packet, Proto } from './packet'
import type { RouteTable } from './routing'
import type { Wan } from './wan'

export type InterfaceKind = 'p2p' | 'lan' | 'wan'

/** A protocol layer between IP and transport on a host (tunnel endpoints, HIP, Mobile IP). */
export interface Shim {
  /** A locally originated packet on its way out: return it (possibly encapsulated), or null if consumed. */
  output(pkt: Packet): Packet | null
  /** A packet addressed to this node, before transport: return it (possibly decapsulated), or null if consumed. */
  input(pkt: Packet): Packet | null
}

/** Sees every packet arriving at a node before anything else (agents that capture traffic). */
export interface Interceptor {
  /** Return true if the packet was taken (forwarded, tunnelled, answered or dropped by the agent). */
  intercept(pkt: Packet, from: Interface | null): boolean
}

/** What a node hands packets addressed to it (the transport stack). */
export interface Upper {
  deliver(pkt: Packet): void
}

export interface HostRoute {
  iface: Interface
  /** Next-hop address on that interface, or NO_ADDRESS for on-link delivery to the destination. */
  nextHop: Address
}

export class Interface implements FrameSink {
  /** Addresses assigned to this interface (answered in ARP, owned by the node). */
  readonly addresses: Address[] = []
  /** Addresses this interface answers ARP for on behalf of others (proxy ARP). */
  readonly proxyArp = new Set<Address>()
  /** Outgoing channel: toward the peer (p2p) or the switch/cloud (lan/wan). */
  out!: Channel
  /** The other end of a point-to-point link. */
  peer: Interface | null = null
  lan: Lan | null = null
  wan: Wan | null = null

  constructor(
    /** Global interface id; also its link-layer (MAC) address on a LAN. */
    readonly id: number,
    readonly node: Node,
    /** Index in node.ifaces. */
    readonly index: number,
    readonly kind: InterfaceKind,
    /** The network this interface is attached to (lan/wan), or -1. */
    readonly network: number,
  ) {}

  get mac(): number {
    return this.id
  }

  /** Sends a packet out of this interface toward `nextHop` (or the destination itself when NO_ADDRESS). */
  transmit(pkt: Packet, nextHop: Address): void {
    if (this.kind === 'p2p') {
      this.out.send(pkt)
      return
    }
    const hop = nextHop === NO_ADDRESS ? pkt.dst : nextHop
    if (this.kind === 'lan') this.lan!.resolveAndSend(this, pkt, hop)
    else this.wan!.sendVia(this, pkt, hop)
  }

  /** A frame arrived from the wire. */
  arrive(pkt: Packet, _port: number): void {
    if (this.kind === 'lan') {
      if (pkt.proto === Proto.ARP) {
        this.lan!.arpReceive(this, pkt)
        return
      }
      if (pkt.l2dst !== this.id && pkt.l2dst !== BROADCAST) {
        this.node.net.drop(pkt, 'no-endpoint', this.node.name)
        return
      }
    }
    this.node.receive(pkt, this)
  }

  /** The primary address, or NO_ADDRESS. */
  get address(): Address {
    return this.addresses.length > 0 ? this.addresses[0] : NO_ADDRESS
  }
}

export class Node {
  readonly ifaces: Interface[] = []
  up = true
  forwarding: boolean
  /** Addresses this node accepts as its own: interface addresses and virtual ones (a process's home address). */
  readonly local = new Map<Address, Interface | null>()
  /** Routes to single addresses, consulted before the per-network table when not empty. */
  readonly hostRoutes = new Map<Address, HostRoute>()
  /** Per-destination-network routes (shared by single-homed LAN hosts), or null for a single p2p link. */
  routes: RouteTable | null = null
  /** Hosts hanging off this router by point-to-point links: their address -> interface. */
  readonly connected = new Map<Address, Interface>()
  readonly shims: Shim[] = []
  readonly interceptors: Interceptor[] = []
  upper: Upper | null = null
  /** The site network of a router (addresses of p2p hosts behind it), or -1. */
  site = -1
  /** Free-form per-node state of agents and layers, keyed by their name. */
  readonly agents = new Map<string, unknown>()

  constructor(
    readonly net: Net,
    /** Index in the topology. */
    readonly id: number,
    readonly name: string,
    readonly kind: 'host' | 'router',
    readonly role: 'cluster' | 'remote' | 'infrastructure',
    /** Relative CPU capacity. */
    readonly cpu: number,
    readonly legacy: boolean,
  ) {
    this.forwarding = kind === 'router'
  }

  /** The node's primary address (its first interface's, or its site address). */
  get address(): Address {
    for (const i of this.ifaces) if (i.addresses.length > 0) return i.addresses[0]
    for (const [a] of this.local) return a
    return NO_ADDRESS
  }

  owns(a: Address): boolean {
    return this.local.has(a)
  }

  /** Adds an address to an interface (announced in ARP), or a virtual address (iface null). */
  addAddress(a: Address, iface: Interface | null): void {
    if (iface !== null && !iface.addresses.includes(a)) iface.addresses.push(a)
    this.local.set(a, iface)
    this.net.addressAdded(a, iface)
  }

  removeAddress(a: Address): void {
    const iface = this.local.get(a)
    if (iface) {
      const k = iface.addresses.indexOf(a)
      if (k >= 0) iface.addresses.splice(k, 1)
    }
    this.local.delete(a)
    this.net.addressRemoved(this, a)
  }

  /** A packet arrived on `iface` (or was looped back, iface null). */
  receive(pkt: Packet, iface: Interface | null): void {
    if (!this.up) {
      this.net.drop(pkt, 'node-down', this.name)
      return
    }
    if (this.interceptors.length > 0) {
      for (const ic of this.interceptors) if (ic.intercept(pkt, iface)) return
    }
    if (this.local.has(pkt.dst)) {
      this.deliverLocal(pkt)
      return
    }
    if (!this.forwarding) {
      this.net.drop(pkt, 'no-endpoint', this.name)
      return
    }
    if (--pkt.ttl <= 0) {
      this.net.drop(pkt, 'ttl', this.name)
      return
    }
    this.route(pkt)
  }

  /** Sends a packet this node originates (after the output shims). */
  send(pkt: Packet): void {
    if (!this.up) {
      this.net.drop(pkt, 'node-down', this.name)
      return
    }
    let p: Packet | null = pkt
    for (let i = 0; i < this.shims.length && p !== null; i++) p = this.shims[i].output(p)
    if (p === null) return
    if (this.local.has(p.dst)) {
      this.net.loopback(this, p)
      return
    }
    this.route(p)
  }

  /** Sends a packet without the output shims (a shim or agent re-injecting what it built). */
  sendRaw(pkt: Packet): void {
    if (this.local.has(pkt.dst)) this.net.loopback(this, pkt)
    else this.route(pkt)
  }

  /** Finds the egress interface and next hop, and transmits. */
  route(pkt: Packet): void {
    const dst = pkt.dst
    if (this.hostRoutes.size > 0) {
      const hr = this.hostRoutes.get(dst)
      if (hr !== undefined) {
        hr.iface.transmit(pkt, hr.nextHop)
        return
      }
    }
    const table = this.routes
    if (table === null) {
      // A host on a single point-to-point link: everything goes out of it.
      if (this.ifaces.length === 1 && this.ifaces[0].out.up) this.ifaces[0].transmit(pkt, NO_ADDRESS)
      else this.net.drop(pkt, 'no-route', this.name)
      return
    }
    const n = networkOf(dst)
    const k = n < table.iface.length ? table.iface[n] : -1
    if (k >= 0) {
      this.ifaces[k].transmit(pkt, table.nextHop[n])
      return
    }
    if (k === -2) {
      // This router's own site: a host on one of its point-to-point links.
      const i = this.connected.get(dst)
      if (i !== undefined) {
        i.transmit(pkt, NO_ADDRESS)
        return
      }
    }
    this.net.drop(pkt, 'no-route', this.name)
  }

  /** Local delivery: input shims, tunnel decapsulation, then transport. */
  deliverLocal(pkt: Packet): void {
    let p: Packet | null = pkt
    for (let i = this.shims.length - 1; i >= 0 && p !== null; i--) p = this.shims[i].input(p)
    if (p === null) return
    if (p.proto === Proto.IPIP && p.inner !== null) {
      // A tunnel ends here: unwrap and treat the inner packet as if it had just arrived.
      const inner = p.inner
      p.inner = null
      this.net.pool.release(p)
      this.receive(inner, null)
      return
    }
    if (this.upper === null) {
      this.net.drop(p, 'no-endpoint', this.name)
      return
    }
    this.upper.deliver(p)
  }

  /** The interface attached to a network (lan/wan), if any. */
  ifaceOn(network: number): Interface | undefined {
    return this.ifaces.find((i) => i.network === network)
  }
}

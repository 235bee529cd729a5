// The network of one simulation: nodes, networks, links, LANs and WAN clouds, the packet pool,
// drop accounting, random streams and routing. Built by topology.ts from a spec (or directly by
// benchmarks and tests), then driven by the scheduler.

import { type Handler, RngStream, type Scheduler, SECOND, type Time } from '../core'
import type { PacketTracer } from '../metrics/packet-trace'
import { type Address, NO_ADDRESS, networkOf, parsePrefix4, parsePrefix6 } from './address'
import type { ChannelParams, DropSink } from './channel'
import { type DropReason, emptyDropCounts } from './drops'
import { Lan } from './lan'
import { Link } from './link'
import { autoPrefixes, Network, type NetworkKind } from './network'
import { Interface, Node } from './node'
import { type Packet, PacketPool } from './packet'
import { computeRoutes } from './routing'
import { Wan } from './wan'

export type DropObserver = (pkt: Packet, reason: DropReason, where: string) => void
export type NodeStateObserver = (node: Node, up: boolean) => void

/** Delivers looped-back packets one event later, so a node sending to itself does not recurse. */
class Loopback implements Handler {
  hid = -1
  constructor(private readonly net: Net) {}
  handle(_code: number, node: number, obj: unknown): void {
    this.net.nodes[node].deliverLocal(obj as Packet)
  }
}

export class Net implements DropSink {
  readonly pool = new PacketPool()
  readonly nodes: Node[] = []
  readonly networks: Network[] = []
  readonly links: Link[] = []
  readonly lans = new Map<number, Lan>()
  readonly wans = new Map<number, Wan>()
  readonly drops = emptyDropCounts()
  /** Called for every dropped packet, before it is released. */
  readonly dropObservers: DropObserver[] = []
  readonly nodeObservers: NodeStateObserver[] = []
  private readonly byName = new Map<string, Node>()
  private readonly netByName = new Map<string, Network>()
  private readonly linkByName = new Map<string, Link>()
  private readonly anchors = new Map<number, Node>()
  private ifaceCount = 0
  private readonly ordinals: Record<NetworkKind, number> = { lan: 0, wan: 0, site: 0, virtual: 0 }
  private readonly loop = new Loopback(this)
  private routesDirty = true
  /** Full packet tracing (detail views); null in ordinary runs, so the hot path pays one check. */
  tracer: PacketTracer | null = null

  constructor(
    readonly sched: Scheduler,
    readonly seed: number,
  ) {}

  /** The random stream of an entity (see core/rng: streams are keyed by name, not creation order). */
  rng(key: string): RngStream {
    return new RngStream(this.seed, key)
  }

  // ---- building ------------------------------------------------------------------------------

  addNetwork(
    name: string,
    kind: NetworkKind,
    prefix4?: string,
    prefix6?: string,
    opts: { arpTimeout?: Time } = {},
  ): Network {
    if (this.netByName.has(name)) throw new Error(`duplicate network name "${name}"`)
    const auto = autoPrefixes(kind, this.ordinals[kind]++)
    const n = new Network(
      this.networks.length,
      name,
      kind,
      prefix4 ? parsePrefix4(prefix4) : auto.p4,
      prefix6 ? parsePrefix6(prefix6) : auto.p6,
    )
    this.networks.push(n)
    this.netByName.set(name, n)
    if (kind === 'lan') this.lans.set(n.index, new Lan(this, n.index, name, opts.arpTimeout ?? 60 * SECOND))
    if (kind === 'wan') this.wans.set(n.index, new Wan(this, n.index, name))
    this.routesDirty = true
    return n
  }

  addNode(
    name: string,
    kind: 'host' | 'router',
    opts: { role?: 'cluster' | 'remote' | 'infrastructure'; cpu?: number; legacy?: boolean } = {},
  ): Node {
    if (this.byName.has(name)) throw new Error(`duplicate node name "${name}"`)
    const role = opts.role ?? (kind === 'router' ? 'infrastructure' : 'remote')
    const node = new Node(this, this.nodes.length, name, kind, role, opts.cpu ?? 1, opts.legacy ?? false)
    this.nodes.push(node)
    this.byName.set(name, node)
    this.routesDirty = true
    return node
  }

  /** Attaches a node to a LAN or WAN and gives its interface an address from the network. */
  attach(node: Node, network: Network, port: ChannelParams): Interface {
    if (network.kind !== 'lan' && network.kind !== 'wan')
      throw new Error(`cannot attach to ${network.kind} network "${network.name}"`)
    if (node.ifaceOn(network.index)) throw new Error(`node "${node.name}" is attached to "${network.name}" twice`)
    const iface = new Interface(this.ifaceCount++, node, node.ifaces.length, network.kind, network.index)
    node.ifaces.push(iface)
    if (network.kind === 'lan') {
      this.lans.get(network.index)!.attach(iface, port, (k) => this.rng(k))
    } else this.wans.get(network.index)!.attach(iface, port, (k) => this.rng(k))
    node.addAddress(network.allocate(), iface)
    this.routesDirty = true
    return iface
  }

  /** Connects two nodes by a duplex point-to-point link. */
  connect(a: Node, b: Node, params: ChannelParams, name = `${a.name}-${b.name}`): Link {
    if (this.linkByName.has(name)) throw new Error(`duplicate link name "${name}"`)
    if (a === b) throw new Error(`link "${name}" connects node "${a.name}" to itself`)
    const ia = new Interface(this.ifaceCount++, a, a.ifaces.length, 'p2p', -1)
    const ib = new Interface(this.ifaceCount++, b, b.ifaces.length, 'p2p', -1)
    a.ifaces.push(ia)
    b.ifaces.push(ib)
    const link = new Link(this, this.links.length, name, ia, ib, params, (k) => this.rng(k))
    this.links.push(link)
    this.linkByName.set(name, link)
    this.routesDirty = true
    return link
  }

  /**
   * Finishes building: routers get a site network; nodes without a LAN or WAN address get one from
   * the site of a router they are linked to (their own site if none); routes are computed.
   */
  finalize(): void {
    for (const r of this.nodes) {
      if (r.kind !== 'router' || r.site >= 0) continue
      const site = this.addNetwork(`site:${r.name}`, 'site')
      r.site = site.index
      this.anchors.set(site.index, r)
      r.addAddress(site.allocate(), null)
    }
    for (const h of this.nodes) {
      if (h.address !== NO_ADDRESS) continue
      const viaRouter = h.ifaces.find((i) => i.kind === 'p2p' && i.peer!.node.kind === 'router')
      let owner: Node
      if (viaRouter) owner = viaRouter.peer!.node
      else {
        const site = this.addNetwork(`site:${h.name}`, 'site')
        h.site = site.index
        this.anchors.set(site.index, h)
        owner = h
      }
      const addr = this.networks[owner.site].allocate()
      h.addAddress(addr, viaRouter ?? null)
      if (viaRouter) owner.connected.set(addr, viaRouter.peer!)
    }
    computeRoutes(this)
    this.routesDirty = false
  }

  /** Routes are recomputed lazily after building changes and eagerly after failures. */
  ensureRoutes(): void {
    if (this.routesDirty) {
      computeRoutes(this)
      this.routesDirty = false
    }
  }

  /** A virtual network (a per-process address space) announced by `anchor`. */
  addVirtualNetwork(name: string, anchor: Node | null, prefix4?: string, prefix6?: string): Network {
    const n = this.addNetwork(name, 'virtual', prefix4, prefix6)
    if (anchor) this.anchors.set(n.index, anchor)
    return n
  }

  anchorOf(network: number): Node | null {
    return this.anchors.get(network) ?? null
  }

  // ---- lookups -------------------------------------------------------------------------------

  node(name: string): Node {
    const n = this.byName.get(name)
    if (!n) throw new Error(`no node named "${name}"`)
    return n
  }

  findNode(name: string): Node | undefined {
    return this.byName.get(name)
  }

  network(name: string): Network {
    const n = this.netByName.get(name)
    if (!n) throw new Error(`no network named "${name}"`)
    return n
  }

  link(name: string): Link {
    const l = this.linkByName.get(name)
    if (!l) throw new Error(`no link named "${name}"`)
    return l
  }

  findLink(name: string): Link | undefined {
    return this.linkByName.get(name)
  }

  /** The node that currently owns an address, if any (by scanning; for set-up and tests). */
  ownerOf(a: Address): Node | undefined {
    return this.nodes.find((n) => n.owns(a))
  }

  /** The textual form of an address ("10.1.0.5", or "fd00:1::5" with v6). */
  fmt(a: Address, v6 = false): string {
    if (a === NO_ADDRESS) return '-'
    const n = this.networks[networkOf(a)]
    if (!n) return `#${a}`
    return v6 ? n.format6(a) : n.format4(a)
  }

  // ---- running -------------------------------------------------------------------------------

  drop(pkt: Packet, reason: DropReason, where: string): void {
    this.drops[reason]++
    if (this.tracer !== null) this.tracer.dropped(where, pkt, reason)
    for (const o of this.dropObservers) o(pkt, reason, where)
    this.pool.release(pkt)
  }

  loopback(node: Node, pkt: Packet): void {
    this.sched.at(this.sched.now, this.loop, 0, node.id, pkt)
  }

  /** Keeps WAN clouds' address-to-port maps current as addresses come and go. */
  addressAdded(a: Address, iface: Interface | null): void {
    if (iface?.wan) {
      const port = iface.wan.portOf(iface)
      if (port) iface.wan.byAddress.set(a, port)
    }
  }

  addressRemoved(node: Node, a: Address): void {
    for (const w of this.wans.values()) {
      const p = w.byAddress.get(a)
      if (p && p.iface.node === node) w.byAddress.delete(a)
    }
  }

  /** Fails or recovers a node: its channels go down (losing what is queued) and routes change. */
  setNodeUp(node: Node, up: boolean): void {
    if (node.up === up) return
    node.up = up
    for (const i of node.ifaces) {
      if (i.lan) i.lan.setNodeUp(i, up)
      else if (i.wan) {
        const p = i.wan.portOf(i)!
        for (const ch of [p.up, p.down]) {
          if (up) ch.recover()
          else ch.fail()
        }
      }
    }
    for (const l of this.links) {
      if (l.a.node === node || l.b.node === node) l.setUp(up && l.a.node.up && l.b.node.up)
    }
    computeRoutes(this)
    for (const o of this.nodeObservers) o(node, up)
  }

  setLinkUp(link: Link, up: boolean): void {
    if (link.up === up) return
    link.setUp(up)
    computeRoutes(this)
  }
}

// (i) LISP (MODELS.md §2 i; RFC 9300 data plane, RFC 9301 control plane, EID mobility after
// draft-ietf-lisp-eid-mobility). Each process owns an endpoint id (EID) from a virtual
// EID space; its connections and services are bound to it and DNS publishes it. EIDs are not
// routed: the tunnel routers (xTRs) where each cluster LAN meets the rest of the network map them
// to locators (RLOCs) through a Map-Server/Map-Resolver and tunnel packets to the ETR behind which
// the EID sits. Remote sites reach EIDs through their own ITR (their first-hop router); legacy
// sites through a proxy ITR that announces the EID space. Remote end hosts are unchanged.
//
// A move: the new host announces the EID with a gratuitous ARP; its xTR, for which the EID is
// new, registers it (Map-Register); the Map-Server sends a Map-Notify to the old xTR, which
// lists the EID in its away table, and a Solicit-Map-Request to every ingress router that asked
// for the EID, which asks again. Data still reaching the old xTR makes it solicit the sender's ITR
// too. A move inside one LAN changes only the xTR's host route. Either way this is network-layer
// re-routing: what the peer sent during the freeze is lost, and its TCP resumes at its next
// retransmission (MODELS.md §1.3).

import type { Time } from '../core'
import { type Address, NO_ADDRESS } from '../net/address'
import type { Interface, Node } from '../net/node'
import { ARP_PAYLOAD } from '../net/packet'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import type { Stream, StreamApp } from '../transport/stream'
import type { UdpSocket } from '../transport/udp'
import { ArchitectureRefusal, NamingArchitecture } from './architecture'
import { connectByName } from './connect-by-name'
import type { LispDomain } from './lisp/domain'
import { MapServer } from './lisp/map-server'
import { LISP_CONTROL_PORT, type LispMessage } from './lisp/messages'
import { lispOptions } from './lisp/options'
import { TunnelRouter } from './lisp/tunnel-router'
import { Residual } from './residual'

/** A move that changed the EID's locator, until every ingress router caching it has the new one. */
interface Converging {
  rloc: Address
  move: MigrationRecord
  /** The recorder's index of the old ETR's residual dependency. */
  oldEtr: number
}

export class Lisp extends NamingArchitecture implements LispDomain {
  readonly id = 'lisp'
  readonly recordTtl: Time
  readonly smr: boolean
  readonly registerInterval: Time
  eidNetwork = -1
  mappingSystem!: Node
  private mapServer!: MapServer
  private pitr!: TunnelRouter
  private readonly eids = new Map<Process, Address>()
  /** Each EID's map-version (RFC 9302), carried with the process. */
  private readonly versions = new Map<Address, number>()
  /** Every tunnel router, by node and by locator. */
  private readonly routers = new Map<Node, TunnelRouter>()
  private readonly byRloc = new Map<Address, TunnelRouter>()
  /** The xTR of each cluster LAN (by network index). */
  private readonly xtrOfLan = new Map<number, TunnelRouter>()
  private readonly converging = new Map<Address, Converging>()
  /** Moves whose signalling is still under way, by EID (for the per-migration counts). */
  private readonly moving = new Map<Address, MigrationRecord>()
  private readonly sockets = new Map<Node, UdpSocket>()
  private readonly mappingDependence = new Map<Process, Residual>()
  private readonly pitrDependence = new Map<Process, Residual>()

  constructor(...args: ConstructorParameters<typeof NamingArchitecture>) {
    super(...args)
    const o = lispOptions(this.options)
    this.recordTtl = o.recordTtl
    this.registerInterval = o.registerInterval
    this.smr = o.smr
  }

  /** Agents reach the world through the domain. */
  declare readonly world: World

  // ---- set-up --------------------------------------------------------------------------------

  override install(): void {
    const w = this.world
    const net = w.net
    const gateway = (): Node => {
      const first = [...w.processes.values()][0]
      const gw = first && w.gatewayOf(first.host)
      if (!gw)
        throw new ArchitectureRefusal(
          'lisp needs a router where the cluster meets the network: name agents.mapServer and agents.proxyItr',
        )
      return gw
    }
    this.mappingSystem = w.agentNode('mapServer', gateway)
    const pitrNode = w.agentNode('proxyItr', gateway)
    // The PITR announces the EID space: packets to EIDs from legacy sites are routed to it.
    const eidNet = net.addVirtualNetwork('lisp:eids', pitrNode)
    this.eidNetwork = eidNet.index
    net.ensureRoutes()

    for (const h of w.clusterHosts()) {
      for (const iface of h.ifaces) if (iface.kind === 'lan') this.xtrFor(iface.network)
    }
    this.pitr = this.router(pitrNode, null)
    for (const n of net.nodes) {
      if (n.role !== 'remote' || n.legacy) continue
      const first = this.firstHop(n)
      // A site whose first hop already serves every source (a cluster xTR, the PITR) needs nothing more.
      const served = first === null ? null : this.router(first, new Set()).served
      if (served !== null) for (const [a] of n.local) served.add(a)
    }

    this.mapServer = new MapServer(this, this.mappingSystem)
    for (const p of w.processes.values()) {
      const lan = this.lanOf(p, p.host)
      const xtr = this.xtrFor(lan.network)!
      const eid = eidNet.allocate()
      p.host.addAddress(eid, null)
      p.addresses.push(eid)
      this.eids.set(p, eid)
      w.register(p.name, eid, 0)
      this.versions.set(eid, 1)
      // Set-up, as if the EID's first registration had happened before the run.
      xtr.settle(eid, p.host, xtr.node.ifaceOn(lan.network)!, lan.address)
      this.mapServer.preload(eid, xtr, 1)
    }
    // Periodic registrations are real messages, each ETR at its own phase.
    for (const r of new Set(this.xtrOfLan.values())) {
      r.startRegistering(Math.floor(w.rng(`lisp:${r.node.name}/register`).uniform() * this.registerInterval))
    }

    for (const n of new Set([...this.routers.keys(), this.mappingSystem])) {
      const s = w.stack(n).udpSocket(LISP_CONTROL_PORT)
      s.onReceive = (_s, pkt) => this.dispatch(n, pkt.msg as LispMessage)
      this.sockets.set(n, s)
    }
    net.nodeObservers.push((n, up) => {
      const r = this.routers.get(n)
      if (r) up ? r.recovered() : r.crashed()
      if (n === this.mappingSystem && !up) this.mapServer.crashed()
    })
  }

  /** The xTR of a cluster LAN: agents["xtr:<lan>"], or the router on it. */
  private xtrFor(network: number): TunnelRouter | undefined {
    const known = this.xtrOfLan.get(network)
    if (known) return known
    const w = this.world
    const lan = w.net.networks[network]
    const node = w.spec.agents[`xtr:${lan.name}`]
      ? w.net.node(w.spec.agents[`xtr:${lan.name}`])
      : w.net.nodes.find((n) => n.kind === 'router' && n.ifaceOn(network) !== undefined)
    if (!node) return undefined
    const r = this.router(node, null)
    const iface = node.ifaceOn(network)
    if (!iface) {
      throw new ArchitectureRefusal(`agents.xtr:${lan.name}: "${node.name}" is not attached to LAN "${lan.name}"`)
    }
    r.watch(iface)
    this.xtrOfLan.set(network, r)
    return r
  }

  /** The tunnel router on `node`, created on first use (serving every source if `served` is null). */
  private router(node: Node, served: Set<Address> | null): TunnelRouter {
    const known = this.routers.get(node)
    if (known) return known
    const r = new TunnelRouter(this, node, served)
    node.interceptors.push(r)
    this.routers.set(node, r)
    this.byRloc.set(r.rloc, r)
    return r
  }

  /** The router a remote node's packets toward EIDs reach first (its site's ITR), or null. */
  private firstHop(n: Node): Node | null {
    if (n.routes === null) {
      const i = n.ifaces[0]
      return i?.peer?.node.kind === 'router' ? i.peer.node : null
    }
    const next = n.routes.nextHop[this.eidNetwork]
    const owner = next === undefined || next === NO_ADDRESS ? undefined : this.world.net.ownerOf(next)
    return owner?.kind === 'router' ? owner : null
  }

  private lanOf(p: Process, host: Node): Interface {
    const iface = host.ifaces.find((i) => i.kind === 'lan' && this.xtrFor(i.network) !== undefined)
    if (!iface) {
      throw new ArchitectureRefusal(
        `lisp cannot place process "${p.name}" on ${host.name}: none of its LANs has a tunnel router (name one in agents["xtr:<lan>"])`,
      )
    }
    return iface
  }

  private dispatch(at: Node, msg: LispMessage): void {
    if (msg.kind === 'map-register' || msg.kind === 'map-request') {
      if (at === this.mappingSystem) this.mapServer.receive(msg)
    } else this.routers.get(at)?.receive(msg)
  }

  // ---- LispDomain ----------------------------------------------------------------------------

  routerAt(rloc: Address): TunnelRouter | undefined {
    return this.byRloc.get(rloc)
  }

  control(from: Node, to: Node, bytes: number, msg: LispMessage, what: string, about: Address): void {
    this.sockets.get(from)!.sendTo(to.address, LISP_CONTROL_PORT, bytes, msg)
    this.signal(what, from, to, bytes, this.moving.get(about) ?? null)
  }

  mappingChanged(eid: Address): void {
    const c = this.converging.get(eid)
    if (!c) return
    if (this.mapServer.locatorOf(eid) !== c.rloc) return
    for (const r of this.routers.values()) {
      const m = r.cache.peek(eid)
      if (m !== undefined && m.rloc !== c.rloc) return
    }
    // Every ingress router that knew the EID has its new locator: the old ETR is no longer needed.
    this.world.recorder.endResidual(c.oldEtr, this.world.now)
    this.namingUpdated(c.move)
    this.converging.delete(eid)
    this.moving.delete(eid)
  }

  versionOf(eid: Address): number {
    return this.versions.get(eid)!
  }

  detected(eid: Address): void {
    // A move inside one site is complete once its xTR delivers to the new host.
    if (this.converging.has(eid)) return
    const m = this.moving.get(eid)
    if (m === undefined) return
    this.namingUpdated(m)
    this.moving.delete(eid)
  }

  // ---- the architecture's interface ----------------------------------------------------------

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.listenFor(p, p.host, port, this.eids.get(p)!, onAccept)
  }

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    connectByName(this.world, client, p.name, port, app)
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    this.own(p, this.world.stack(p.host).connect(peer.address, port, app, { localAddr: this.eids.get(p)! }))
  }

  /** The EID (IPv4) and its 12-bit map-version travel with the process. */
  override extraStateBytes(): number {
    return 4 + 2
  }

  override onFreeze(p: Process, m: MigrationRecord): void {
    this.lanOf(p, this.world.node(m.to)) // refuse a destination no tunnel router serves, before the move
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    const eid = this.eids.get(p)!
    const oldXtr = this.xtrFor(this.lanOf(p, from).network)!
    const lan = this.lanOf(p, to)
    const newXtr = this.xtrFor(lan.network)!
    this.moveAddress(eid, from, to)
    this.moveConnections(p, to)
    this.moveListeners(p, from, to, eid)
    this.versions.set(eid, this.versions.get(eid)! + 1)
    this.moving.set(eid, m)
    this.depend(p, m, newXtr)
    if (oldXtr !== newXtr) {
      const k = this.world.recorder.residual(p.name, m.id, oldXtr.node.name, 'old ETR (away table)', this.world.now)
      this.converging.set(eid, { rloc: newXtr.rloc, move: m, oldEtr: k })
    }
    // The new host announces the EID on its LAN, as hypervisors do for a moved VM; its xTR listens.
    lan.lan!.gratuitousArp(lan, eid)
    this.signal('gratuitous-arp', to, `${lan.lan!.name} (broadcast)`, ARP_PAYLOAD, m)
  }

  /** What the process depends on after a move besides its new site: the mapping system, and the PITR for legacy peers. */
  private depend(p: Process, m: MigrationRecord, site: TunnelRouter): void {
    let ms = this.mappingDependence.get(p)
    if (!ms) {
      ms = new Residual(this.world, p.name, 'mapping system (Map-Server/Map-Resolver)')
      this.mappingDependence.set(p, ms)
    }
    ms.hold(this.mappingSystem, m)
    const legacy = this.world.recorder.sessions.some(
      (s) => s.process === p.name && this.world.net.findNode(s.peer)?.legacy,
    )
    if (!legacy || this.pitr === site) return
    let px = this.pitrDependence.get(p)
    if (!px) {
      px = new Residual(this.world, p.name, 'proxy ITR for legacy peers')
      this.pitrDependence.set(p, px)
    }
    px.hold(this.pitr.node, m)
  }
}

// (h) QUIC connection migration (MODELS.md §2h; RFC 9000 §5.1, §8–9; RFC 9002). Processes speak
// QUIC through a user-space library, so a connection's state lives in the address space and moves
// with it; only the UDP socket is re-created on the new host.
//
//   P as client of R: P's connection sends from the new address (a fresh connection ID, the first
//   datagram padded to 1200 bytes); R switches on that non-probing packet, validates the address
//   with PATH_CHALLENGE/PATH_RESPONSE, sending meanwhile under the 3× amplification limit, and
//   resets its congestion controller and RTT estimator. Outage ≈ F + one-way + validation RTT.
//
//   P as server: a server may not change address, so each process has a virtual IP announced by
//   a CID-routing load balancer in the cluster (agents.quicLoadBalancer, by default the gateway of
//   the first process's host); the IDs P issues encode its host (QUIC-LB). After a move P issues
//   NEW_CONNECTION_ID values naming the new host and raises Retire Prior To; the balancer routes
//   the peer's datagrams to the new host once it uses them. Until then they still reach the old
//   host, which forwards them (a transient residual dependency, until the peer retired the old
//   IDs) or drops them (architectureOptions.quic.oldHost = "drop": PTO recovery).
//
// Remote peers need QUIC with migration: legacy (TCP-only) peers are refused.

import type { Address } from '../net/address'
import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { QuicConnection, QuicEvents } from '../transport/quic/connection'
import { QuicEndpoint } from '../transport/quic/endpoint'
import type { Stream, StreamApp } from '../transport/stream'
import type { UdpSocket } from '../transport/udp'
import { ArchitectureRefusal, NamingArchitecture } from './architecture'
import { CLOSED_STREAM } from './closed-stream'
import { sendDatagram } from './datagram'
import { encodeCid } from './quic/cid-encoding'
import { OldHostForwarder } from './quic/forwarder'
import { CidLoadBalancer } from './quic/load-balancer'
import { type QuicOptions, quicOptions } from './quic/options'
import { Residual } from './residual'

/** UDP port of the architecture's agents (balancer updates, forwarding release). */
const AGENT_PORT = 4434
/** A balancer update: service address, server id, an authenticator (HMAC-SHA-256). */
const LB_UPDATE_BYTES = 8 + 32
/** The new host tells the old one its forwarding is no longer needed. */
const RELEASE_BYTES = 8 + 32

type AgentMessage =
  | { kind: 'lb-update'; vip: Address; host: Node; p: Process; m: MigrationRecord }
  | { kind: 'release'; fwd: OldHostForwarder }

/** What the architecture keeps of one process: its service address and QUIC endpoints. */
interface ProcessQuic {
  vip: Address
  servers: QuicEndpoint[]
  clients: QuicEndpoint[]
  forwarders: OldHostForwarder[]
  /** The last move, to which QUIC's own signalling after it is attributed. */
  lastMove: MigrationRecord | null
  /** The server side of the last move's naming update: connections whose peers still use old IDs, and the balancer's update. */
  awaiting: Set<QuicConnection>
  balancerUpdated: boolean
  /** The client side: peers that have yet to validate the process's new address. */
  validationsAwaited: number
}

export class QuicArchitecture extends NamingArchitecture {
  readonly id = 'quic'
  private readonly opts: QuicOptions
  private lb!: CidLoadBalancer
  private readonly procs = new Map<Process, ProcessQuic>()
  private readonly agents = new Map<Node, UdpSocket>()

  constructor(world: ConstructorParameters<typeof NamingArchitecture>[0], options: Record<string, unknown>) {
    super(world, options)
    this.opts = quicOptions(options)
  }

  override refusePeer(peer: Node): string | null {
    if (!peer.legacy) return null
    return `${peer.name} is a legacy (TCP-only) peer; QUIC needs a QUIC stack with connection migration at both ends`
  }

  override install(): void {
    const lbNode = this.world.agentNode('quicLoadBalancer', () => {
      const first = [...this.world.processes.values()][0]?.host ?? this.world.clusterHosts()[0]
      const gw = first && this.world.gatewayOf(first)
      if (!gw) {
        throw new ArchitectureRefusal(
          "quic needs a CID-routing load balancer in front of the cluster: the cluster's first host has no LAN gateway, so name one in agents.quicLoadBalancer",
        )
      }
      return gw
    })
    const net = this.world.net
    const vips = net.addVirtualNetwork('quic:vips', lbNode)
    net.ensureRoutes()
    this.lb = new CidLoadBalancer(lbNode)
    this.agent(lbNode)
    for (const p of this.world.processes.values()) {
      const vip = vips.allocate()
      // The process's host accepts datagrams for its service address once the balancer unwraps them.
      p.host.addAddress(vip, null)
      this.lb.serve(vip, p.host)
      this.world.register(p.name, vip, 0)
      this.procs.set(p, {
        vip,
        servers: [],
        clients: [],
        forwarders: [],
        lastMove: null,
        awaiting: new Set(),
        balancerUpdated: false,
        validationsAwaited: 0,
      })
      p.observers.push({ died: () => this.processDied(p) })
    }
    // A forwarder dies with its node: the dependency on it ends there (the peers' new IDs bypass it).
    net.nodeObservers.push((n, up) => {
      if (up) return
      for (const st of this.procs.values()) {
        for (let i = st.forwarders.length - 1; i >= 0; i--) {
          if (st.forwarders[i].node !== n) continue
          st.forwarders[i].remove()
          st.forwarders.splice(i, 1)
        }
      }
    })
  }

  private state(p: Process): ProcessQuic {
    const s = this.procs.get(p)
    if (!s) throw new Error(`quic: process "${p.name}" was not installed`)
    return s
  }

  /** The architecture's agent socket on `node` (created on first use). */
  private agent(node: Node): UdpSocket {
    let s = this.agents.get(node)
    if (!s) {
      s = this.world.stack(node).udpSocket(AGENT_PORT)
      s.onReceive = (_s, pkt) => this.agentMessage(pkt.msg as AgentMessage)
      this.agents.set(node, s)
    }
    return s
  }

  private agentMessage(msg: AgentMessage): void {
    if (msg.kind === 'release') {
      msg.fwd.remove()
      return
    }
    this.lb.serve(msg.vip, msg.host)
    const st = this.state(msg.p)
    if (st.lastMove === msg.m) {
      st.balancerUpdated = true
      this.checkUpdated(st)
    }
  }

  /**
   * A move's naming update is complete when the balancer routes new connections to the new host,
   * every peer of a server connection uses IDs that name it (it retired the old ones), and every
   * peer of a client connection has validated the new address.
   */
  private checkUpdated(st: ProcessQuic): void {
    if (st.lastMove !== null && st.balancerUpdated && st.awaiting.size === 0 && st.validationsAwaited === 0)
      this.namingUpdated(st.lastMove)
  }

  private sendAgent(from: Node, to: Node, what: string, bytes: number, msg: AgentMessage, m: MigrationRecord): void {
    this.agent(to)
    this.signal(what, from, to, bytes, m)
    sendDatagram(from, from.address, to.address, AGENT_PORT, AGENT_PORT, bytes, msg, false)
  }

  /**
   * QUIC's own ID and path frames, accounted as this architecture's signalling; a peer's
   * validation of the process's new address completes a client move's naming update.
   */
  private watch(c: QuicConnection, p: Process, extra: QuicEvents = {}): void {
    c.events = {
      ...extra,
      pathValidated: (_c, path) => {
        const st = this.state(p)
        if (st.validationsAwaited === 0 || !p.host.owns(path.remoteAddr)) return
        st.validationsAwaited--
        this.checkUpdated(st)
      },
      controlFrame: (conn, frame, bytes, dst) => {
        const from = conn.endpoint.socket.stack.node
        const to = this.world.net.ownerOf(dst) ?? this.lb.node
        this.signal(frame, from, to, bytes, this.state(p).lastMove)
      },
    }
  }

  private endpoint(p: Process, socket: UdpSocket, key: string): QuicEndpoint {
    return new QuicEndpoint(socket, this.world.rng(`quic:${p.name}:${key}`), this.opts.config)
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    const st = this.state(p)
    const socket = this.world.stack(p.host).udpSocket(port, st.vip)
    p.udpSockets.add(socket)
    const ep = this.endpoint(p, socket, `server:${port}`)
    // QUIC-LB: every ID names the host the process runs on when the ID is issued.
    const nonces = this.world.rng(`quic:${p.name}:cid:${port}`)
    ep.cidGenerator = () => encodeCid(p.host.id, nonces.nextU32())
    ep.onAccept = (c) => {
      this.watch(c, p)
      onAccept(c)
    }
    st.servers.push(ep)
  }

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    this.world.resolver(client).resolve(p.name, (record) => {
      if (!record) {
        app.onTimeout?.(CLOSED_STREAM)
        return
      }
      const ep = new QuicEndpoint(
        this.world.stack(client).udpSocket(),
        this.world.rng(`quic:${client.name}:to:${p.name}`),
        this.opts.config,
      )
      ep.closeWhenEmpty = true
      this.watch(ep.connect(record.addr, port, app), p)
    })
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    const st = this.state(p)
    const socket = this.world.stack(p.host).udpSocket()
    p.udpSockets.add(socket)
    const ep = this.endpoint(p, socket, `client:${peer.name}:${port}:${st.clients.length}`)
    ep.closeWhenEmpty = true
    st.clients.push(ep)
    this.watch(ep.connect(peer.address, port, app), p)
  }

  override listenAtPeer(peer: Node, port: number, onAccept: (s: Stream) => void): void {
    const ep = new QuicEndpoint(
      this.world.stack(peer).udpSocket(port),
      this.world.rng(`quic:${peer.name}:server:${port}`),
      this.opts.config,
    )
    ep.onAccept = (c) => {
      const p = this.processAt(c.path.remoteAddr)
      if (p) this.watch(c, p)
      onAccept(c)
    }
  }

  /** The process whose host owns `addr` (for attributing a remote server's signalling). */
  private processAt(addr: Address): Process | undefined {
    for (const p of this.procs.keys()) if (p.host.owns(addr)) return p
    return undefined
  }

  override onFreeze(p: Process): void {
    const st = this.state(p)
    for (const ep of st.servers) ep.freeze()
    for (const ep of st.clients) ep.freeze()
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    const st = this.state(p)
    if (from === to) {
      // The move was abandoned (its destination failed): the sockets never left; just go on.
      for (const ep of st.servers) ep.thaw()
      for (const ep of st.clients) ep.thaw()
      return
    }
    st.lastMove = m
    st.awaiting.clear()
    st.balancerUpdated = false
    st.validationsAwaited = 0
    // The service address and the server sockets follow the process (the library re-creates them).
    this.moveAddress(st.vip, from, to)
    let serverConnections = 0
    for (const ep of st.servers) {
      const socket = this.world.stack(to).udpSocket(ep.socket.port, st.vip)
      p.udpSockets.delete(ep.socket)
      ep.moveTo(socket)
      p.udpSockets.add(socket)
      for (const c of ep.connections) {
        c.reissueCids() // new IDs name the new host; Retire Prior To retires the old ones
        st.awaiting.add(c)
        serverConnections++
      }
    }
    // The balancer's default for new connections (Initials with unroutable IDs).
    this.sendAgent(
      to,
      this.lb.node,
      'lb-update',
      LB_UPDATE_BYTES,
      { kind: 'lb-update', vip: st.vip, host: to, p, m },
      m,
    )
    if (serverConnections > 0 && this.opts.oldHost === 'forward') this.forwardFrom(p, st, from, m)
    const settled = (c: QuicConnection) => {
      for (const f of st.forwarders) f.pending.delete(c)
      this.releaseSettled(p, st)
      st.awaiting.delete(c)
      this.checkUpdated(st)
    }
    for (const c of st.awaiting) this.watch(c, p, { oldCidsRetired: settled, closed: settled })
    // Client connections: a new socket on the new host, then migration from its address.
    for (const ep of st.clients) {
      if (ep.connections.size === 0) continue
      const socket = this.world.stack(to).udpSocket()
      p.udpSockets.delete(ep.socket)
      ep.moveTo(socket)
      p.udpSockets.add(socket)
      for (const c of [...ep.connections]) {
        if (c.migrate(false)) st.validationsAwaited++
        else c.abort() // §9: not before the handshake is confirmed
      }
    }
    for (const ep of st.servers) ep.thaw()
    for (const ep of st.clients) ep.thaw()
  }

  /** The old host forwards until every peer has retired the IDs that name it. */
  private forwardFrom(p: Process, st: ProcessQuic, from: Node, m: MigrationRecord): void {
    const residual = new Residual(this.world, p.name, 'QUIC old host forwarding')
    residual.hold(from, m)
    const fwd = new OldHostForwarder(from, st.vip, () => p.host, residual)
    st.forwarders.push(fwd)
    for (const ep of st.servers) for (const c of ep.connections) fwd.pending.add(c)
  }

  /** Forwarders no connection needs any more are released by a message from the process's host. */
  private releaseSettled(p: Process, st: ProcessQuic): void {
    for (let i = st.forwarders.length - 1; i >= 0; i--) {
      const f = st.forwarders[i]
      if (f.pending.size > 0) continue
      st.forwarders.splice(i, 1)
      const m = st.lastMove as MigrationRecord
      if (f.node === p.host) f.remove()
      else this.sendAgent(p.host, f.node, 'forwarding-release', RELEASE_BYTES, { kind: 'release', fwd: f }, m)
    }
  }

  private processDied(p: Process): void {
    const st = this.state(p)
    for (const ep of [...st.servers, ...st.clients]) ep.terminate()
    for (const f of st.forwarders) f.remove()
    st.forwarders.length = 0
  }
}

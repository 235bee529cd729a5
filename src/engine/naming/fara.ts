// (f) FARA and M-FARA (MODELS.md §2f; Clark, Braden, Falk, Pingali 2003; "Addressing Reality",
// Clark, Sollins, Wroclawski, Faber 2003).
//
// THE SEMANTICS HERE ARE INFERRED. The papers are known to MigLab only through their abstracts and
// slides (MODELS.md §8): FARA gives concepts, not a protocol. What MigLab implements, and every
// packet format and size it uses, is its own reading of them, documented so a study can say so:
//
//   - an entity (here a process, or a remote host's client end-point) is the unit that moves;
//     transport connections bind to entity labels, which name it only locally
//   - an association between two entities is named by an association id (AId) carried in every
//     packet; the substrate delivers by a forwarding directive (FD): the locator of the host the
//     peer entity is on, plus the entity
//   - rendezvous goes through a FARA directory service (fDS): an entity registers its name with
//     its FD, an initiator looks the name up and opens an association with its first packet
//   - after a move, the entity sends an authenticated FD update inside each association (the AId
//     is unchanged; each peer swaps FDs and acknowledges) and re-registers with the fDS
//   - optionally (`mAgent: true`, M-FARA), the cluster's domain has an M-agent that maintains the
//     FDs of the entities inside it: peers address them by the M-agent's locator, which forwards,
//     and a move updates only the M-agent — inner locators stay hidden, for a detour (stretch)
//     and a dependency on the M-agent for all traffic
//
// Like HIP, FARA keeps a connection only because the migration carries its transport state.
// Nothing tells the transport that the path changed, so the peer's retransmission back-off
// decides when traffic resumes. FARA is a new architecture end to end: a legacy peer is refused.

import type { Network } from '../net/network'
import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import type { Stream, StreamApp } from '../transport/stream'
import { NamingArchitecture } from './architecture'
import { CLOSED_STREAM } from './closed-stream'
import { DirectoryClient, FaraDirectory, REGISTER_BYTES } from './fara/directory'
import { FaraEntity } from './fara/entity'
import { type FaraContext, FaraLayer, sendControl } from './fara/fara-layer'
import { MAgent } from './fara/m-agent'
import { faraOptions } from './fara/options'
import { Residual } from './residual'
import { defaultAgentHost } from './support/agent-host'
import { Retransmission } from './support/retransmission'

/** Per association: AId, the key that authenticates updates, both FDs, update ids (assumed sizes). */
const ASSOCIATION_BYTES = 8 + 32 + 16 + 8

export class Fara extends NamingArchitecture {
  readonly id = 'fara'
  private readonly ctx: FaraContext
  private entityNet: Network | null = null
  private nextAid = 1
  private readonly layers = new Map<Node, FaraLayer>()
  private readonly clients = new Map<Node, DirectoryClient>()
  private readonly entities = new Map<Process, FaraEntity>()
  private readonly residuals = new Map<Process, Residual>()
  private readonly registrations = new Map<Process, Retransmission>()
  private directory: FaraDirectory | null = null

  constructor(world: World, options: Record<string, unknown>) {
    super(world, options)
    this.ctx = {
      world,
      options: faraOptions(options),
      entityNetwork: -1,
      mAgent: null,
      account: (what, from, to, bytes, m) => this.signal(what, from, to, bytes, m),
      namingUpdated: (m) => this.namingUpdated(m),
      newAid: () => this.nextAid++,
      newEntity: (layer) => new FaraEntity(this.entityNet!.allocate(), null, layer, false),
    }
  }

  override refusePeer(peer: Node): string | null {
    if (!peer.legacy) return null
    return `${peer.name} is a legacy host; FARA is a new architecture end to end (hosts, API, substrate) and needs it at both ends`
  }

  override install(): void {
    const w = this.world
    this.entityNet = w.net.addVirtualNetwork('fara:entities', null)
    this.ctx.entityNetwork = this.entityNet.index
    const fdsNode = w.agentNode('faraDirectory', () => defaultAgentHost(w))
    this.directory = new FaraDirectory(fdsNode, w.stack(fdsNode), (what, to, bytes, m) => {
      const peer = w.net.ownerOf(to)
      if (peer !== undefined) this.signal(what, fdsNode, peer, bytes, m)
    })
    const hide = this.ctx.options.mAgent
    if (hide) {
      // The domain's M-agent sits at its border: the cluster's gateway unless the scenario says.
      const first = w.clusterHosts()[0]
      const node = w.agentNode('mAgent', () => (first && w.gatewayOf(first)) ?? defaultAgentHost(w))
      this.ctx.mAgent = new MAgent(node, {
        authenticate: (n, done) => w.sched.call(w.now + Math.ceil(this.ctx.options.authCost / n.cpu), done),
        sendControl: (n, m, to, what, bytes) => sendControl(this.ctx, n, m, to, what, bytes),
      })
    }
    for (const p of w.processes.values()) {
      const layer = this.layerOf(p.host)
      const e = new FaraEntity(this.entityNet.allocate(), p, layer, hide)
      layer.adopt(e)
      p.addresses.push(e.label)
      this.entities.set(p, e)
      const agent = this.ctx.mAgent
      if (agent !== null) agent.register(e.label, p.host.address)
      this.directory.set(p.name, { fd: agent !== null ? agent.locator : p.host.address, entity: e.label })
    }
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.listenFor(p, p.host, port, this.entity(p).label, onAccept)
  }

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    const layer = this.layerOf(client)
    this.clientOf(client).lookup(p.name, (entry) => {
      if (entry === null) {
        app.onTimeout?.(CLOSED_STREAM)
        return
      }
      layer.learn(entry.entity, entry.fd)
      this.world.stack(client).connect(entry.entity, port, app, { localAddr: layer.hostEntity.label })
    })
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    // As with plain sockets, the process knows where the peer is.
    const peerEntity = this.layerOf(peer).hostEntity.label
    const e = this.entity(p)
    e.layer.learn(peerEntity, peer.address)
    this.own(p, this.world.stack(p.host).connect(peerEntity, port, app, { localAddr: e.label }))
  }

  override extraStateBytes(p: Process): number {
    return ASSOCIATION_BYTES * this.entity(p).associations.size
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    if (from === to) return // an abandoned move: the entity never left
    const e = this.entity(p)
    this.layerOf(from).release(e)
    const layer = this.layerOf(to)
    layer.adopt(e)
    this.moveConnections(p, to)
    this.moveListeners(p, from, to, e.label)
    let r = this.residuals.get(p)
    if (!r) {
      r = new Residual(this.world, p.name, e.hidden ? 'M-agent (all traffic)' : 'FARA directory (new contacts)')
      this.residuals.set(p, r)
    }
    const agent = this.ctx.mAgent
    if (agent !== null) {
      layer.announceToAgent(e, m)
      r.hold(agent.node, m)
      return
    }
    layer.announce(e, m)
    this.reregister(p, e, to, m)
    r.hold(this.directory!.node, m)
  }

  /** The entity's new FD goes to the directory, retransmitted until acknowledged. */
  private reregister(p: Process, e: FaraEntity, to: Node, m: MigrationRecord): void {
    this.registrations.get(p)?.stop()
    const fds = this.directory!.node
    const o = this.ctx.options
    const entry = { fd: to.address, entity: e.label }
    const send = this.clientOf(to).registration(p.name, entry, p.moves, m, () => r.stop())
    const r = new Retransmission(
      this.world.sched,
      o.controlTimeout,
      o.controlRetries,
      () => {
        this.signal('fara-fds-register', to, fds, REGISTER_BYTES, m)
        send()
      },
      () => {},
    )
    this.registrations.set(p, r)
    r.start()
  }

  private entity(p: Process): FaraEntity {
    const e = this.entities.get(p)
    if (!e) throw new Error(`process "${p.name}" has no FARA entity`)
    return e
  }

  private layerOf(node: Node): FaraLayer {
    let l = this.layers.get(node)
    if (!l) {
      l = new FaraLayer(node, this.ctx)
      this.layers.set(node, l)
    }
    return l
  }

  private clientOf(node: Node): DirectoryClient {
    let c = this.clients.get(node)
    if (!c) {
      c = new DirectoryClient(this.world.stack(node), this.directory!.node.address)
      this.clients.set(node, c)
    }
    return c
  }
}

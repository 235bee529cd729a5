// (e) Host Identity Protocol (MODELS.md §2e; RFC 9063 architecture, RFC 7401 base exchange,
// RFC 8046 mobility, RFC 8004 rendezvous, RFC 8005 DNS). Every process has its own host identity:
// its connections bind to its HIT, and its host's HIP layer maps the HIT to a locator and protects
// the traffic with ESP in BEET mode. A remote peer finds the process through DNS (HIT and
// rendezvous server, RFC 8005), sends its I1 to the rendezvous server, which relays it to where
// the process is, and completes the base exchange directly (≈ 2 RTT and public-key work before the
// first segment). When the process moves, its identity, associations and connections move with
// it; from the new host it sends UPDATE with its new locator to every peer and to the rendezvous
// server; each peer echoes a nonce to the new locator and may send there, within credit, until the
// echo returns. Nothing else changes: no residual dependency on the old host, the rendezvous
// server stays the contact point for new peers. Both ends need a HIP stack: a legacy peer is
// refused (it would need a HIP proxy, which MigLab does not model).

import { SECOND } from '../core'
import type { Network } from '../net/network'
import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import type { Stream, StreamApp } from '../transport/stream'
import { NamingArchitecture } from './architecture'
import { CLOSED_STREAM } from './closed-stream'
import type { HipContext } from './hip/hip-layer'
import { HipLayer } from './hip/hip-layer'
import { HostIdentity } from './hip/host-identity'
import { hipOptions } from './hip/options'
import { RendezvousServer } from './hip/rendezvous-server'
import { Residual } from './residual'
import { defaultAgentHost } from './support/agent-host'

/** HITs are ORCHIDv2s (RFC 7343 §4); their IPv4 form is an LSI from 1.0.0.0/8, as HIPL assigns them. */
const ORCHID_PREFIX = '2001:20::/28'
const LSI_PREFIX = '1.0.0.0/8'
/** HIP DNS records (RFC 8005) do not change when a process moves: an hour, a common zone TTL. */
const DNS_TTL = 3600 * SECOND
/** SPIs 1-255 are reserved (RFC 4303 §2.1). */
const FIRST_SPI = 256
/** The identity's RSA-2048 private key (PKCS #1 DER), which every host the process lands on must hold. */
const PRIVATE_KEY_BYTES = 1192
/**
 * Per association: the HITs (32), HIP and ESP keys for both directions (HIP encryption and
 * integrity 2 × 48, ESP 2 × 48), SPIs and update ids (16), replay windows (16), locators and
 * their states (40).
 */
const ASSOCIATION_BYTES = 296

export class HipArchitecture extends NamingArchitecture {
  readonly id = 'hip'
  private readonly ctx: HipContext
  private hits: Network | null = null
  private nextSpi = FIRST_SPI
  private readonly layers = new Map<Node, HipLayer>()
  private readonly ids = new Map<Process, HostIdentity>()
  private readonly rvsResidual = new Map<Process, Residual>()
  private rvs: RendezvousServer | null = null

  constructor(world: World, options: Record<string, unknown>) {
    super(world, options)
    this.ctx = {
      world,
      options: hipOptions(options),
      hitNetwork: -1,
      account: (what, from, to, bytes, m) => this.signal(what, from, to, bytes, m),
      namingUpdated: (m) => this.namingUpdated(m),
      newSpi: () => this.nextSpi++,
      newIdentity: (layer) => new HostIdentity(this.hits!.allocate(), null, layer),
    }
  }

  override refusePeer(peer: Node): string | null {
    if (!peer.legacy) return null
    return `${peer.name} is a legacy host without a HIP stack; HIP needs one at both ends (or a HIP proxy, which MigLab does not model)`
  }

  override install(): void {
    this.hits = this.world.net.addVirtualNetwork('hip:orchid', null, LSI_PREFIX, ORCHID_PREFIX)
    this.ctx.hitNetwork = this.hits.index
    const rvsNode = this.world.agentNode('rendezvousServer', () => defaultAgentHost(this.world))
    const rvs = new RendezvousServer(this.layerOf(rvsNode), this.ctx)
    this.rvs = rvs
    for (const p of this.world.processes.values()) {
      const layer = this.layerOf(p.host)
      const id = new HostIdentity(this.hits.allocate(), p, layer)
      layer.adopt(id)
      p.addresses.push(id.hit)
      this.ids.set(p, id)
      rvs.register(id, this.ctx.newSpi(), this.ctx.newSpi())
      this.world.register(p.name, p.host.address, DNS_TTL, { hit: id.hit, rvs: rvsNode.address })
    }
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.listenFor(p, p.host, port, this.identity(p).hit, onAccept)
  }

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    const layer = this.layerOf(client)
    // The resolver returns the process's HIT and its rendezvous server (a HIP RR, RFC 8005).
    this.world.resolver(client).resolve(p.name, (record) => {
      if (!record || record.hit === undefined) {
        app.onTimeout?.(CLOSED_STREAM)
        return
      }
      layer.learn(record.hit, record.rvs ?? record.addr)
      this.world.stack(client).connect(record.hit, port, app, { localAddr: layer.hostIdentity.hit, v6: true })
    })
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    // As with plain sockets, the process knows the peer's address; its identity comes with it.
    const peerHit = this.layerOf(peer).hostIdentity.hit
    const id = this.identity(p)
    id.layer.learn(peerHit, peer.address)
    this.own(p, this.world.stack(p.host).connect(peerHit, port, app, { localAddr: id.hit, v6: true }))
  }

  override extraStateBytes(p: Process): number {
    return PRIVATE_KEY_BYTES + ASSOCIATION_BYTES * this.identity(p).associations.size
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    const id = this.identity(p)
    if (from === to) return // an abandoned move: the identity never left
    this.layerOf(from).release(id)
    const layer = this.layerOf(to)
    layer.adopt(id)
    this.moveConnections(p, to)
    this.moveListeners(p, from, to, id.hit)
    layer.announce(id, m)
    let r = this.rvsResidual.get(p)
    if (!r) {
      r = new Residual(this.world, p.name, 'rendezvous server (new contacts)')
      this.rvsResidual.set(p, r)
    }
    r.hold(this.rvs!.layer.node, m)
  }

  private identity(p: Process): HostIdentity {
    const id = this.ids.get(p)
    if (!id) throw new Error(`process "${p.name}" has no host identity`)
    return id
  }

  private layerOf(node: Node): HipLayer {
    let l = this.layers.get(node)
    if (!l) {
      l = new HipLayer(node, this.ctx)
      this.layers.set(node, l)
    }
    return l
  }
}

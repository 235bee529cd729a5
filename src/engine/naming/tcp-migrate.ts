// (g) TCP Migrate (MODELS.md §2g; Snoeren & Balakrishnan 2000, draft-snoeren-tcp-migrate-00).
// TCP itself learns to move: connections agree on a token at set-up (Migrate-Permitted on SYN and
// SYN/ACK), and after a move the mover's TCP sends a Migrate SYN from its new address; the fixed
// end rebinds the connection and answers SYN/ACK. The exchange restarts transmission at once, so
// the outage is the freeze plus about one round trip to the peer, without the retransmission
// back-off that network-layer re-routing pays (MODELS.md §1.3). New connections find the process
// through secure dynamic DNS with non-cacheable records (TTL 0). A legacy peer ignores the option:
// its connections stay plain TCP and break at a move as without support, and its application
// reconnects.

import type { Time } from '../core'
import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import type { Stream, StreamApp } from '../transport/stream'
import type { TcpConnection } from '../transport/tcp'
import { NamingArchitecture } from './architecture'
import { connectByName } from './connect-by-name'
import { Residual } from './residual'
import { DnsUpdater } from './support/dns-updater'
import { type MigrateEndpoint, MigrateState } from './tcp-migrate/endpoint'
import { type MigrateContext, MigrateLayer } from './tcp-migrate/migrate-layer'
import { tcpMigrateOptions } from './tcp-migrate/options'

/** Records for migratable processes are not cacheable, so a new connection finds the current host. */
const DNS_TTL: Time = 0
/**
 * Per migratable connection, besides its TCB: the token, the ECDH secret K (21 bytes on a 163-bit
 * curve) and the request numbers.
 */
const ENDPOINT_BYTES = 8 + 21 + 16

export class TcpMigrate extends NamingArchitecture {
  readonly id = 'tcp-migrate'
  private readonly ctx: MigrateContext
  private readonly layers = new Map<Node, MigrateLayer>()
  private readonly updater: DnsUpdater
  private readonly dnsResidual = new Map<Process, Residual>()

  constructor(world: World, options: Record<string, unknown>) {
    super(world, options)
    this.ctx = {
      world,
      migrateWait: tcpMigrateOptions(options).migrateWait,
      endpoints: new Map<TcpConnection, MigrateEndpoint>(),
      account: (what, from, to, bytes, m) => this.signal(what, from, to, bytes, m),
      namingUpdated: (m) => this.namingUpdated(m),
    }
    this.updater = new DnsUpdater(world, (what, from, to, bytes, m) => this.signal(what, from, to, bytes, m))
  }

  override install(): void {
    // Every host but a legacy one runs TCP with the Migrate option.
    for (const n of this.world.net.nodes) if (n.kind === 'host' && !n.legacy) this.layerOf(n)
    for (const p of this.world.processes.values()) {
      this.world.register(p.name, p.host.address, DNS_TTL)
      p.observers.push({ died: (q) => this.died(q) })
    }
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.listenFor(p, p.host, port, p.host.address, onAccept)
  }

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    connectByName(this.world, client, p.name, port, app)
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    this.own(p, this.world.stack(p.host).connect(peer.address, port, app))
  }

  override extraStateBytes(p: Process): number {
    let n = 0
    for (const c of p.connections) if (this.ctx.endpoints.has(c)) n++
    return n * ENDPOINT_BYTES
  }

  override onFreeze(p: Process): void {
    const reset = this.world.spec.transport.onMoveWithoutSupport === 'reset'
    for (const c of [...p.connections]) {
      if (this.ctx.endpoints.has(c)) continue
      // The peer did not agree to Migrate (a legacy stack): this connection cannot follow, and the
      // old host closes it as the process leaves, or forgets it (as without support).
      c.thaw()
      if (reset) c.abort()
      else c.terminate()
      p.connections.delete(c)
    }
    // Connections still waiting for an earlier move's SYN/ACK move again, with a new request.
    for (const e of this.layerOf(p.host).migrating(p)) {
      e.retransmission?.stop()
      p.connections.add(e.conn)
    }
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    // After an abandoned move (from === to) nothing moved; only handshakes the freeze interrupted start over.
    const moved = from !== to
    p.pruneConnections()
    const fromLayer = this.layerOf(from)
    const toLayer = this.layerOf(to)
    const stack = this.world.stack(to)
    for (const c of [...p.connections]) {
      if (moved) c.moveTo(stack, to.address)
      const e = this.ctx.endpoints.get(c)
      if (e === undefined || (!moved && e.state !== MigrateState.MIGRATING)) continue
      fromLayer.remove(e)
      toLayer.add(e)
      // The connection stays frozen, out of the process's thawing, until its SYN/ACK arrives.
      p.connections.delete(c)
      toLayer.migrate(e, p, m)
    }
    if (!moved) return
    this.moveListeners(p, from, to, to.address)
    this.updater.update(p, to, DNS_TTL, m)
    let r = this.dnsResidual.get(p)
    if (!r) {
      r = new Residual(this.world, p.name, 'dynamic DNS (new connections)')
      this.dnsResidual.set(p, r)
    }
    r.hold(this.world.dnsNode(), m)
  }

  /** A process died while its connections waited for a SYN/ACK: they die with it. */
  private died(p: Process): void {
    for (const e of this.layerOf(p.host).migrating(p)) {
      e.retransmission?.stop()
      e.conn.terminate()
    }
  }

  private layerOf(node: Node): MigrateLayer {
    let l = this.layers.get(node)
    if (!l) {
      l = new MigrateLayer(node, this.ctx)
      this.layers.set(node, l)
    }
    return l
  }
}

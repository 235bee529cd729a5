// (c) DEMOS/MP forwarding addresses with lazy link update (Powell & Miller 1983; MODELS.md §2c),
// mapped onto IP. A process is named by its id — the address of the machine that created it, where
// its services listen and its first connections are bound wherever it runs (connections it opens
// later name the machine it runs on then). A machine a process leaves keeps a forwarding address:
// messages that arrive for the process during the move are queued, then everything is forwarded
// to the machine it went to (inside a link header), and each sender is told with a link update so
// its kernel rewrites the link and its next messages go straight to the process. After several
// moves a stale sender's first message walks the chain of forwarders, each answering with an
// update (the one reflecting the most moves wins). Forwarding addresses are residual dependencies
// until garbage-collected after `collectAfter` without use. A legacy peer has no kernel to act on
// updates: it keeps sending to the old machine, whose forwarder then stays in use — and the peer's
// connection breaks if that machine fails, or once the entry is collected while the peer is idle.
//
// Options (architectureOptions["demos-links"]):
//   collectAfter  duration or "never", default "60s" — how long an unused forwarding address is kept
// Agents: none (the kernels of the cluster hosts do the work).

import type { Time } from '../core'
import type { Address } from '../net/address'
import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import type { Stream, StreamApp } from '../transport/stream'
import { NamingArchitecture } from './architecture'
import { CLOSED_STREAM } from './closed-stream'
import { ForwardingAddress } from './demos/forwarding-address'
import { DemosKernel } from './demos/kernel'
import { linkKey } from './demos/link-header'
import { LinkTable } from './demos/link-table'
import { demosLinksOptions } from './demos/options'
import { Residual } from './residual'

/** A process's id never changes, so its DNS record can be cached long (an hour). */
const NAME_TTL = 3600e9

export class DemosLinks extends NamingArchitecture {
  readonly id = 'demos-links'
  private readonly collectAfter: Time | null
  private readonly kernels = new Map<Node, DemosKernel>()
  /** Each process's id: the address of the machine that created it. */
  private readonly ids = new Map<Process, Address>()

  constructor(world: World, options: Record<string, unknown>) {
    super(world, options)
    this.collectAfter = demosLinksOptions(options).collectAfter
  }

  override install(): void {
    const signal = (...a: Parameters<DemosLinks['signal']>) => this.signal(...a)
    for (const n of this.world.net.nodes) {
      if (n.kind !== 'host') continue
      if (n.role === 'cluster') this.kernels.set(n, new DemosKernel(this.world, n, this.collectAfter, signal))
      if (!n.legacy) n.agents.set('demos-links', new LinkTable(this.world, n))
    }
    for (const p of this.world.processes.values()) {
      const id = p.host.address
      this.ids.set(p, id)
      this.world.register(p.name, id, NAME_TTL)
    }
  }

  /** The message kernel of a cluster host (tests). */
  kernel(node: Node): DemosKernel {
    const k = this.kernels.get(node)
    if (!k) throw new Error(`demos-links: "${node.name}" is not a cluster host`)
    return k
  }

  private idOf(p: Process): Address {
    return this.ids.get(p) ?? p.host.address
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.listenFor(p, p.host, port, this.idOf(p), onAccept)
  }

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    this.world.resolver(client).resolve(p.name, (record) => {
      if (!record) {
        app.onTimeout?.(CLOSED_STREAM)
        return
      }
      this.world.stack(client).connect(record.addr, port, app)
    })
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    // A new link names the machine the process runs on now.
    const stack = this.world.stack(p.host)
    this.own(p, stack.connect(peer.address, port, app, { localAddr: p.host.address }))
  }

  /** The process stops here: a forwarding address takes its links, queueing what arrives. */
  override onFreeze(p: Process): void {
    p.pruneConnections()
    const id = this.idOf(p)
    const keys: number[] = []
    for (const c of p.connections) {
      keys.push(linkKey(c.localAddr, c.localPort))
      c.stack.unbind(c)
    }
    const stack = this.world.stack(p.host)
    for (const s of p.servers) {
      keys.push(linkKey(id, s.port))
      stack.unlistenPort(s.port)
    }
    const f = new ForwardingAddress(p, keys, new Residual(this.world, p.name, 'forwarding address'), this.world.now)
    this.kernel(p.host).add(f)
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    const kf = this.kernel(from)
    const f = kf.entryOf(p)
    if (from === to) {
      // The move was abandoned: the process takes its links back, with what was queued for it.
      this.moveConnections(p, from)
      for (const s of p.servers) this.listenFor(p, from, s.port, this.idOf(p), s.onAccept)
      if (f) {
        const queued = f.queue.splice(0)
        kf.remove(f)
        // Handed over once the endpoints have thawed (right after this).
        const stack = this.world.stack(from)
        this.world.sched.call(this.world.now, () => {
          for (const pkt of queued) stack.deliver(pkt)
        })
      }
      return
    }
    this.moveConnections(p, to)
    for (const s of p.servers) this.listenFor(p, to, s.port, this.idOf(p), s.onAccept)
    // Back on a machine it once left: its forwarding address there is no longer needed.
    const kt = this.kernel(to)
    const stale = kt.entryOf(p)
    if (stale) kt.remove(stale)
    if (f) kf.forwardTo(f, to, p.moves, m)
    this.namingUpdated(m)
  }
}

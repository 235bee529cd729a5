// (b) Sprite home-node forwarding (Douglis & Ousterhout 1991; Ousterhout et al. 1988; MODELS.md
// §2b). Every process has a home machine that keeps its location-dependent kernel services for
// life, and its Internet connections are streams served by Sprite's user-level IP server: the TCP
// endpoints live in the server's host and never move, the name a remote peer resolves is that
// host's address, and the process reaches its sockets by kernel RPC (pseudo-device reads, writes,
// wake-ups) wherever it runs. A move changes nothing the peer can see: while the process is frozen
// the server keeps acknowledging and holds the data, so the peer sees delay but no loss and no
// back-off. The price: LAN crossings on every exchange once the process runs away from the
// server's host (a wake-up and a read RPC inbound, a write RPC outbound), and a permanent
// dependency on the home machine (its kernel state; if it crashes the process is killed, and its
// streams close) and on the IP server host (the endpoints).
// Only the cluster kernels differ from plain TCP/IP, so legacy peers work.
//
// On a move the new host tells the home machine where the process now runs (an RPC) and each of
// the process's streams is migrated at its I/O server (one RPC per stream); the process's blocked
// reads then continue from the new host.
//
// Options: none. Agents: agents.ipServer — the host running the IP server for every process
// (default: each process's home machine; Sprite runs an IP server per host, and a process's
// streams stay with the server where they were opened).

import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import type { Stream, StreamApp } from '../transport/stream'
import { ArchitectureRefusal, NamingArchitecture } from './architecture'
import { CLOSED_STREAM } from './closed-stream'
import { Residual } from './residual'
import { IpServer } from './sprite/ip-server'
import { KernelRpc, RPC_HEADER } from './sprite/kernel-rpc'
import type { PseudoStream } from './sprite/pseudo-stream'

/** The IP server's address never changes, so its DNS record can be cached long (an hour). */
const NAME_TTL = 3600e9
/** A stream reference as kernel state: handle, server, offset, flags, client (Sprite's Fs_Stream). */
const STREAM_STATE_BYTES = 64
/** Parameters of the location update to the home machine (process id, new host id). */
const LOCATION_PARAMS = 8
/** Parameters of a stream-migration RPC (file id, stream id, offset, flags, old and new client). */
const STREAM_MIGRATE_PARAMS = 40
/** Parameters of a connect request (addresses, ports). */
const CONNECT_PARAMS = 32

interface SpriteProcess {
  server: IpServer
  home: Residual
  ipServer: Residual
}

export class SpriteHome extends NamingArchitecture {
  readonly id = 'sprite-home'
  private readonly rpc: KernelRpc
  private readonly servers = new Map<Node, IpServer>()
  private readonly processes = new Map<Process, SpriteProcess>()

  constructor(world: World, options: Record<string, unknown>) {
    super(world, options)
    this.rpc = new KernelRpc(world)
  }

  override install(): void {
    for (const p of this.world.processes.values()) {
      const node = this.world.agentNode('ipServer', () => p.home)
      if (node.kind !== 'host' || node.role !== 'cluster') {
        throw new ArchitectureRefusal(
          `sprite-home: agents.ipServer "${node.name}" is not a cluster host (a Sprite machine)`,
        )
      }
      let server = this.servers.get(node)
      if (!server) {
        server = new IpServer(this.world, this.rpc, node)
        this.servers.set(node, server)
      }
      const s: SpriteProcess = {
        server,
        home: new Residual(this.world, p.name, 'home machine'),
        ipServer: new Residual(this.world, p.name, 'IP server'),
      }
      this.processes.set(p, s)
      this.world.register(p.name, node.address, NAME_TTL)
      this.depend(p, s, null)
      p.observers.push({ died: () => this.died(p, s) })
      // The home machine keeps the process's location-dependent kernel state: if it crashes, the
      // process is killed (Douglis & Ousterhout 1991).
      this.world.net.nodeObservers.push((n, up) => {
        if (n === p.home && !up && p.alive) p.kill(`its home machine ${n.name} failed`)
      })
    }
  }

  /** The IP server serving `p` (tests). */
  ipServer(p: Process): IpServer {
    return this.state(p).server
  }

  private state(p: Process): SpriteProcess {
    const s = this.processes.get(p)
    if (!s) throw new Error(`sprite-home: process "${p.name}" is unknown`)
    return s
  }

  /** The dependencies that hold while the process runs where it does now. */
  private depend(p: Process, s: SpriteProcess, m: MigrationRecord | null): void {
    if (p.host === p.home) s.home.release()
    else s.home.hold(p.home, m)
    if (p.host === s.server.node) s.ipServer.release()
    else s.ipServer.hold(s.server.node, m)
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    this.state(p).server.listen(p, port, onAccept)
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
    const server = this.state(p).server
    const from = p.host
    let outcome: 'connected' | 'reset' | 'timeout' = 'reset'
    let stream: PseudoStream | null = null
    this.rpc.request(
      from,
      server.node,
      RPC_HEADER + CONNECT_PARAMS,
      (answer) =>
        server.connect(p, from, peer, port, (o, s) => {
          outcome = o
          stream = s
          answer(RPC_HEADER + CONNECT_PARAMS)
        }),
      // The reply reaches the kernel the request came from, and the process wherever it is.
      () =>
        this.rpc.atProcess(p, from, RPC_HEADER, () => {
          const s = stream!
          s.app = app
          if (outcome === 'reset') app.onReset?.(s)
          else if (outcome === 'timeout') app.onTimeout?.(s)
          else {
            app.onConnected?.(s)
            s.read()
          }
        }),
    )
  }

  override extraStateBytes(p: Process): number {
    return STREAM_STATE_BYTES * this.state(p).server.streamsOf(p)
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    const s = this.state(p)
    const server = s.server
    if (from !== to) {
      // The home machine records where the process now runs, and each stream is migrated at its
      // I/O server; the move's naming update is complete when all have answered. Then the blocked
      // reads go on from here.
      const n = server.streamsOf(p)
      let left = n + (to !== p.home ? 1 : 0)
      const answered = () => {
        if (--left > 0) return
        this.namingUpdated(m)
        this.rpc.atProcess(p, to, RPC_HEADER, () => server.resumeReads(p))
      }
      if (to !== p.home) {
        this.signal('location-update', to, p.home, RPC_HEADER + LOCATION_PARAMS, m)
        this.rpc.request(
          to,
          p.home,
          RPC_HEADER + LOCATION_PARAMS,
          (answer) => {
            this.signal('location-update reply', p.home, to, RPC_HEADER, m)
            answer(RPC_HEADER)
          },
          answered,
        )
      }
      for (let k = 0; k < n; k++) {
        if (to !== server.node) this.signal('stream-migrate', to, server.node, RPC_HEADER + STREAM_MIGRATE_PARAMS, m)
        this.rpc.request(
          to,
          server.node,
          RPC_HEADER + STREAM_MIGRATE_PARAMS,
          (answer) => {
            server.migrated(p, to)
            if (to !== server.node) this.signal('stream-migrate reply', server.node, to, RPC_HEADER, m)
            answer(RPC_HEADER)
          },
          answered,
        )
      }
      if (left === 0) {
        left = 1
        answered()
      }
      this.depend(p, s, m)
    }
    // What reached the process while it was frozen is handed over now that it runs.
    this.world.sched.call(this.world.now, () => {
      this.rpc.release(p)
      if (from === to) server.resumeReads(p)
    })
  }

  /** The process died: its kernel closes its streams at the IP server (their peers see a FIN). */
  private died(p: Process, s: SpriteProcess): void {
    s.home.release()
    s.ipServer.release()
    this.rpc.request(
      p.host,
      s.server.node,
      RPC_HEADER,
      (answer) => {
        s.server.closeAll(p)
        answer(RPC_HEADER)
      },
      () => {},
    )
  }
}

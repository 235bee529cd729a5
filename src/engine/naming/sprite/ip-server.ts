// Sprite's Internet Protocol server (sprite/src/daemons/ipServer): a user-level process on one host
// that implements TCP/IP behind socket pseudo-devices. It accepts connections for the services of
// the processes whose streams it serves, and opens connections for them; the TCP endpoints stay
// here whatever host the processes run on, so remote peers never see a move. What it knows of a
// process's host comes from its streams: where they were opened, then the stream-migration RPC
// each move makes (Sprite's I/O servers are told when a stream's client moves).
//
// If its node fails, every TCP endpoint and listening socket it held is gone with its memory:
// peers' segments then go unanswered (and draw resets once the node is back).

import type { Node } from '../../net/node'
import type { Process } from '../../proc/process'
import type { World } from '../../sim/world'
import type { TcpConnection } from '../../transport/tcp'
import { ArchitectureRefusal } from '../architecture'
import { type KernelRpc, RPC_HEADER } from './kernel-rpc'
import { PseudoStream } from './pseudo-stream'
import { ServerSocket } from './server-socket'

/** Parameters of an open notification or a connect reply (socket, addresses, ports). */
const OPEN_PARAMS = 32

interface ListeningSocket {
  process: Process
  onAccept: (s: PseudoStream) => void
}

export class IpServer {
  readonly sockets = new Set<ServerSocket>()
  private readonly listening = new Map<number, ListeningSocket>()
  /** The host holding each process's stream references (where notifications go). */
  private readonly clients = new Map<Process, Node>()

  constructor(
    private readonly world: World,
    private readonly rpc: KernelRpc,
    readonly node: Node,
  ) {
    world.net.nodeObservers.push((n, up) => {
      if (n !== node || up) return
      for (const s of this.sockets) s.carrier.terminate()
      this.sockets.clear()
      for (const port of this.listening.keys()) world.stack(node).unlistenPort(port)
      this.listening.clear()
    })
  }

  private client(p: Process): Node {
    return this.clients.get(p) ?? p.host
  }

  /** Listens on `port` for process `p` (one process per port: the server has one address). */
  listen(p: Process, port: number, onAccept: (s: PseudoStream) => void): void {
    const other = this.listening.get(port)
    if (other && other.process !== p) {
      throw new ArchitectureRefusal(
        `sprite-home: processes "${other.process.name}" and "${p.name}" both listen on port ${port} at the IP server on "${this.node.name}"`,
      )
    }
    if (!this.clients.has(p)) this.clients.set(p, p.host)
    this.listening.set(port, { process: p, onAccept })
    this.world.stack(this.node).listen(port, (c) => this.accepted(port, c), this.node.address)
  }

  /** The process died: its streams are closed (FIN to the peers) and its services stop. */
  closeAll(p: Process): void {
    for (const s of this.sockets) {
      if (s.process !== p) continue
      s.carrier.close()
      this.sockets.delete(s)
    }
    for (const [port, l] of this.listening) {
      if (l.process !== p) continue
      this.listening.delete(port)
      this.world.stack(this.node).unlistenPort(port)
    }
    this.clients.delete(p)
  }

  private accepted(port: number, c: TcpConnection): void {
    const l = this.listening.get(port)
    if (!l) {
      c.abort()
      return
    }
    const p = l.process
    const stream = new PseudoStream(this.rpc, p, this.node)
    stream.label = `${p.name}:${port} via ${this.node.name}`
    this.adopt(p, c, stream)
    // The process's pending accept completes with the new stream; it then reads from it.
    const at = this.client(p)
    this.rpc.send(this.node, at, RPC_HEADER + OPEN_PARAMS, () =>
      this.rpc.atProcess(p, at, RPC_HEADER, () => {
        l.onAccept(stream)
        stream.read()
      }),
    )
  }

  /**
   * Serves a connect request from process `p` (on `from`): opens TCP to `peer`:`port`; `done` runs
   * here once the connection is established (with the process's new stream) or has failed.
   */
  connect(
    p: Process,
    from: Node,
    peer: Node,
    port: number,
    done: (outcome: 'connected' | 'reset' | 'timeout', stream: PseudoStream) => void,
  ): void {
    this.clients.set(p, from)
    const stream = new PseudoStream(this.rpc, p, this.node)
    const c = this.world.stack(this.node).connect(peer.address, port, {
      onConnected: () => {
        this.adopt(p, c, stream)
        done('connected', stream)
      },
      onReset: () => done('reset', stream),
      onTimeout: () => done('timeout', stream),
    })
    c.label = `${p.name} via ${this.node.name}`
    stream.label = c.label
  }

  private adopt(p: Process, c: TcpConnection, stream: PseudoStream): void {
    const socket = new ServerSocket(p, c, stream, (s) => this.wake(s))
    stream.socket = socket
    this.sockets.add(socket)
  }

  /** New data for a waiting reader: notify the kernel of the process's host. */
  private wake(s: ServerSocket): void {
    const at = this.client(s.process)
    this.rpc.send(this.node, at, RPC_HEADER, () => this.rpc.atProcess(s.process, at, RPC_HEADER, () => s.stream.read()))
  }

  /** The process's streams at this server: its connections and listening sockets. */
  streamsOf(p: Process): number {
    let n = 0
    for (const s of this.sockets) if (s.process === p) n++
    for (const l of this.listening.values()) if (l.process === p) n++
    return n
  }

  /** Stream migration (served here): the process's streams now have their client on `host`. */
  migrated(p: Process, host: Node): void {
    this.clients.set(p, host)
  }

  /** The process's blocked reads start again where it now runs. */
  resumeReads(p: Process): void {
    for (const s of this.sockets) if (s.process === p && s.stream.isOpen) s.stream.read()
  }
}

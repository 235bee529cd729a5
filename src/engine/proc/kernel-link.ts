// Kernel-to-kernel channels between hosts: the migration daemons' TCP connections that carry a
// process's state and its page traffic, and the cluster's own inter-process messaging. State
// really travels over the simulated network, so it competes with other traffic and pays for
// bandwidth and latency (and dies with a failed host).
//
// Each service has its own connection per pair of hosts (as separate daemons would): a 64 KiB
// message between two parallel ranks does not wait behind the 512 MB address space of a migration
// that happens to travel between the same hosts.

import type { Node } from '../net/node'
import { TransportStack } from '../transport/stack'
import type { Stream } from '../transport/stream'
import type { TcpConnection } from '../transport/tcp'

/** The migration daemon: state transfer and page faults. */
export const MIGRATION_PORT = 7700
/** The cluster's location-transparent inter-process messaging (Sprite/DEMOS-style kernel IPC). */
export const IPC_PORT = 7701

/** A message handler run at the receiving end; `reply` sends back on the same connection. */
type Delivery = (reply: (bytes: number, then: () => void) => void) => void

export class KernelLinks {
  private readonly links = new Map<string, TcpConnection>()
  private readonly listening = new Set<string>()
  /** Bytes sent over kernel links, for accounting. */
  bytes = 0

  private listen(node: Node, port: number): void {
    const key = `${node.id}:${port}`
    if (this.listening.has(key)) return
    this.listening.add(key)
    TransportStack.of(node).listen(port, (c) => {
      c.app = { onMessage: (s, tag) => this.deliver(s, tag) }
    })
  }

  private deliver(s: Stream, tag: unknown): void {
    const d = tag as Delivery
    d((bytes, then) => {
      this.bytes += bytes
      s.send(bytes, ((_reply: unknown) => then()) as Delivery)
    })
  }

  private link(from: Node, to: Node, port: number): TcpConnection {
    const key = `${from.id}>${to.id}:${port}`
    const existing = this.links.get(key)
    if (existing?.isOpen) return existing
    this.listen(to, port)
    const c = TransportStack.of(from).connect(to.address, port, {
      onMessage: (s, tag) => this.deliver(s, tag),
    })
    c.label = `kernel:${port} ${from.name}->${to.name}`
    this.links.set(key, c)
    return c
  }

  /**
   * Sends `bytes` from one host to another on the service `port`; `arrived` runs at the
   * destination when all have arrived.
   */
  send(from: Node, to: Node, bytes: number, arrived: () => void, port = MIGRATION_PORT): void {
    this.bytes += bytes
    this.link(from, to, port).send(Math.max(1, bytes), ((_reply: unknown) => arrived()) as Delivery)
  }

  /**
   * A request/response exchange: `reqBytes` from `from` to `to`, where `serve` runs and answers
   * with `respBytes` (after whatever it does), and `answered` runs back at `from`.
   */
  request(
    from: Node,
    to: Node,
    reqBytes: number,
    serve: (answer: (respBytes: number) => void) => void,
    answered: () => void,
    port = MIGRATION_PORT,
  ): void {
    this.bytes += reqBytes
    this.link(from, to, port).send(Math.max(1, reqBytes), ((reply: (b: number, then: () => void) => void) =>
      serve((respBytes) => reply(Math.max(1, respBytes), answered))) as Delivery)
  }
}

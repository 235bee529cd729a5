// Kernel-to-kernel channels between hosts: the migration daemons' TCP connections that carry a
// process's state and its page traffic. State really travels over the simulated network, so it
// competes with other traffic and pays for bandwidth and latency (and dies with a failed host).

import type { Node } from '../net/node'
import { TransportStack } from '../transport/stack'
import type { Stream } from '../transport/stream'
import type { TcpConnection } from '../transport/tcp'

export const MIGRATION_PORT = 7700

/** A message handler run at the receiving end; `reply` sends back on the same connection. */
type Delivery = (reply: (bytes: number, then: () => void) => void) => void

export class KernelLinks {
  private readonly links = new Map<string, TcpConnection>()
  private readonly listening = new Set<Node>()
  /** Bytes sent over kernel links, for accounting. */
  bytes = 0

  private listen(node: Node): void {
    if (this.listening.has(node)) return
    this.listening.add(node)
    TransportStack.of(node).listen(MIGRATION_PORT, (c) => {
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

  private link(from: Node, to: Node): TcpConnection {
    const key = `${from.id}>${to.id}`
    const existing = this.links.get(key)
    if (existing && existing.isOpen) return existing
    this.listen(to)
    const c = TransportStack.of(from).connect(to.address, MIGRATION_PORT, {
      onMessage: (s, tag) => this.deliver(s, tag),
    })
    c.label = `kernel ${from.name}->${to.name}`
    this.links.set(key, c)
    return c
  }

  /** Sends `bytes` of state from one host to another; `arrived` runs at the destination when all have arrived. */
  send(from: Node, to: Node, bytes: number, arrived: () => void): void {
    this.bytes += bytes
    this.link(from, to).send(Math.max(1, bytes), ((_reply: unknown) => arrived()) as Delivery)
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
  ): void {
    this.bytes += reqBytes
    this.link(from, to).send(Math.max(1, reqBytes), ((reply: (b: number, then: () => void) => void) =>
      serve((respBytes) => reply(Math.max(1, respBytes), answered))) as Delivery)
  }
}

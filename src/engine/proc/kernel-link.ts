// Kernel-to-kernel channels between hosts: the migration daemons' TCP connections that carry a
// process's state and its page traffic, and the cluster's own inter-process messaging. State
// really travels over the simulated network, so it competes with other traffic and pays for
// bandwidth and latency (and dies with a failed host).
//
// Each service has its own connection per pair of hosts (as separate daemons would): a 64 KiB
// message between two parallel ranks does not wait behind the 512 MB address space of a migration
// that happens to travel between the same hosts. When a connection breaks (its far end crashed
// and came back with no memory of it: a reset; or never answered: a timeout), the messages it had
// not delivered — and the requests it had not had answered — go again on a new one, as an RPC
// layer retries; and when a failed host comes back, the links from and to it that still have
// messages to deliver reopen at once (the daemons keep their queues across the failure, so a
// process stalled on that host can go on). A request may be served twice; its answer is taken
// once.

import type { Node } from '../net/node'
import { TransportStack } from '../transport/stack'
import type { Stream } from '../transport/stream'
import { type TcpConnection, TcpState } from '../transport/tcp'

/** The migration daemon: state transfer and page faults. */
export const MIGRATION_PORT = 7700
/** The cluster's location-transparent inter-process messaging (Sprite/DEMOS-style kernel IPC). */
export const IPC_PORT = 7701

/** What a message does at the receiving end; `reply` sends back on the same connection. */
type Delivery = (reply: (bytes: number, then: () => void) => void) => void

/** A message not yet delivered (or a request not yet answered) on a link. */
interface Pending {
  bytes: number
  deliver: Delivery
}

interface Link {
  conn: TcpConnection
  pending: Set<Pending>
  ends: [Node, Node, number]
}

/** Opening or open: messages written now will go. */
function usable(c: TcpConnection): boolean {
  return c.state === TcpState.SYN_SENT || c.state === TcpState.ESTABLISHED
}

export class KernelLinks {
  private readonly links = new Map<string, Link>()
  private readonly listening = new Set<string>()
  private watching = false
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

  private link(from: Node, to: Node, port: number): Link {
    if (!this.watching) {
      this.watching = true
      from.net.nodeObservers.push((n, up) => {
        if (up) this.recovered(n)
      })
    }
    const key = `${from.id}>${to.id}:${port}`
    const existing = this.links.get(key)
    if (existing && usable(existing.conn)) return existing
    this.listen(to, port)
    const broken = () => this.broken(key, from, to, port)
    const conn = TransportStack.of(from).connect(to.address, port, {
      onMessage: (s, tag) => this.deliver(s, tag),
      onReset: broken,
      onTimeout: broken,
    })
    conn.label = `kernel:${port} ${from.name}->${to.name}`
    // Messages still pending on a link that closed without a word go on the new one.
    const link: Link = { conn, pending: existing?.pending ?? new Set(), ends: [from, to, port] }
    this.links.set(key, link)
    for (const m of link.pending) conn.send(m.bytes, m.deliver)
    return link
  }

  /** The link's connection broke: what it had not delivered goes again on a new one. */
  private broken(key: string, from: Node, to: Node, port: number): void {
    const old = this.links.get(key)
    if (!old || usable(old.conn) || old.pending.size === 0) return
    this.link(from, to, port)
  }

  /** A host is back: its links that still have something to deliver reopen. */
  private recovered(n: Node): void {
    for (const [key, l] of this.links) {
      if (l.pending.size === 0 || usable(l.conn)) continue
      const [from, to, port] = l.ends
      if (from === n || to === n) this.broken(key, from, to, port)
    }
  }

  /** Queues a message on the link, pending until `settle` is called. */
  private post(from: Node, to: Node, port: number, bytes: number, deliver: (settle: () => void) => Delivery): void {
    const link = this.link(from, to, port)
    const m: Pending = { bytes: Math.max(1, bytes), deliver: () => {} }
    m.deliver = deliver(() => link.pending.delete(m))
    link.pending.add(m)
    link.conn.send(m.bytes, m.deliver)
  }

  /**
   * Sends `bytes` from one host to another on the service `port`; `arrived` runs at the
   * destination when all have arrived (once, even if a broken link made it go twice).
   */
  send(from: Node, to: Node, bytes: number, arrived: () => void, port = MIGRATION_PORT): void {
    this.bytes += bytes
    let done = false
    this.post(from, to, port, bytes, (settle) => () => {
      settle()
      if (done) return
      done = true
      arrived()
    })
  }

  /**
   * A request/response exchange: `reqBytes` from `from` to `to`, where `serve` runs and answers
   * with `respBytes` (after whatever it does), and `answered` runs back at `from` (once).
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
    let done = false
    this.post(
      from,
      to,
      port,
      reqBytes,
      (settle) => (reply) =>
        serve((respBytes) =>
          reply(Math.max(1, respBytes), () => {
            settle()
            if (done) return
            done = true
            answered()
          }),
        ),
    )
  }
}

// A layer-4 NAT director (Linux Virtual Server in NAT mode; MODELS.md §2 k1). Packets to a virtual
// IP are matched to a connection-table entry — a client's SYN creates one toward the real server
// where the process runs — and their destination is rewritten to the real server; replies pass
// the director on their way out and get the virtual IP back as their source. After a move the
// process's TCBs are rewritten to the new host's address (they moved with it) and a sync message
// repoints the entries; until it arrives, packets still go to the old host.

import { type Address, networkOf } from '../../net/address'
import type { Interceptor, Node } from '../../net/node'
import { type Packet, Proto, TcpFlag } from '../../net/packet'
import type { Process } from '../../proc/process'
import { ConnectionTable, FrontEndEntry } from './connection-table'
import type { ReplyRoutes } from './reply-routes'

export class NatDirector implements Interceptor {
  /** Where the director believes each process runs, as the sync messages told it. */
  readonly location = new Map<Process, Address>()
  readonly table: ConnectionTable

  constructor(
    readonly node: Node,
    private readonly vipNetwork: number,
    private readonly owners: ReadonlyMap<Address, Process>,
    private readonly replies: ReplyRoutes,
  ) {
    this.table = new ConnectionTable(node.net.sched, false, (e) => replies.release(this.hostOf(e.real), e.remote))
  }

  intercept(pkt: Packet): boolean {
    if (pkt.proto !== Proto.TCP) return false
    if (networkOf(pkt.dst) === this.vipNetwork) {
      let e = this.table.inbound(pkt)
      if (e === null) {
        e = this.schedule(pkt)
        // No entry and not a new connection: the director's own stack answers (a RST), as for
        // connections it forgot in a crash.
        if (e === null) return false
      }
      this.table.track(e, pkt.flags, true)
      pkt.dst = e.real
      pkt.dport = e.realPort
      this.node.route(pkt)
      return true
    }
    const e = this.table.outbound(pkt)
    if (e === null) return false
    this.table.track(e, pkt.flags, false)
    pkt.src = e.vip
    pkt.sport = e.vport
    this.node.route(pkt)
    return true
  }

  /** A client's SYN to a service the process offers: a new entry toward where the process runs. */
  private schedule(pkt: Packet): FrontEndEntry | null {
    if ((pkt.flags & (TcpFlag.SYN | TcpFlag.ACK)) !== TcpFlag.SYN) return null
    const p = this.owners.get(pkt.dst)
    if (p === undefined || !p.servers.some((s) => s.port === pkt.dport)) return null
    const real = this.location.get(p)!
    const e = new FrontEndEntry(pkt.src, pkt.sport, pkt.dst, pkt.dport, real, pkt.dport, p)
    this.add(e)
    return e
  }

  add(e: FrontEndEntry): void {
    this.table.add(e)
    this.replies.hold(this.hostOf(e.real), e.remote)
  }

  /** A sync message: the process's connections now live on `real`. */
  repoint(p: Process, real: Address): void {
    this.location.set(p, real)
    const to = this.hostOf(real)
    for (const e of this.table.ofProcess(p)) {
      this.replies.release(this.hostOf(e.real), e.remote)
      e.real = real
      this.replies.hold(to, e.remote)
    }
  }

  private hostOf(real: Address): Node {
    return this.node.net.ownerOf(real)!
  }
}

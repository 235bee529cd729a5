// A TCP handoff front-end (Pai et al., ASPLOS 1998; multiple handoff, Aron et al., USENIX 1999;
// MODELS.md §2 k2). The front-end completes the client's handshake itself, then hands its end of
// the established connection to the back-end where the process runs; from then on it forwards the
// client's packets (mostly ACKs) to that back-end, tunnelled, and the back-end answers the client
// directly from the virtual IP. While a handed-off connection's state is on its way to the back-end
// the front-end holds the client's packets (a few; more are dropped) and forwards them once the
// back-end acknowledges. A move of the process is different: the front-end does not know of it
// until the new host tells it, and packets forwarded to the old host meanwhile are lost there.

import { type Address, NO_ADDRESS, networkOf } from '../../net/address'
import { ARP_PENDING_LIMIT } from '../../net/lan'
import type { Interceptor, Node } from '../../net/node'
import { IPV4_HEADER, type Packet, Proto } from '../../net/packet'
import type { Process } from '../../proc/process'
import { encapsulate } from '../encapsulation'
import { ConnectionTable, type FrontEndEntry } from './connection-table'

/** Packets held per connection while its TCB is in transit: bounded like a neighbour's unresolved queue. */
const HELD_LIMIT = ARP_PENDING_LIMIT

export class HandoffFrontEnd implements Interceptor {
  /** Where the front-end believes each process runs, as handoff acknowledgements and move messages told it. */
  readonly location = new Map<Process, Address>()
  readonly table: ConnectionTable

  constructor(
    readonly node: Node,
    private readonly vipNetwork: number,
  ) {
    this.table = new ConnectionTable(node.net.sched, true)
  }

  intercept(pkt: Packet): boolean {
    if (pkt.proto !== Proto.TCP || networkOf(pkt.dst) !== this.vipNetwork) return false
    // No entry: a new connection (or one the front-end forgot), for its own stack.
    const e = this.table.inbound(pkt)
    if (e === null) return false
    this.table.track(e, pkt.flags, true)
    if (e.real === NO_ADDRESS) {
      if (e.held === null) e.held = []
      if (e.held.length < HELD_LIMIT) e.held.push(pkt)
      else this.node.net.drop(pkt, 'queue', this.node.name)
      return true
    }
    this.forward(pkt, e.real)
    return true
  }

  /** The back-end acknowledged a handoff: forward to it from now on, and what was held. */
  handedOff(e: FrontEndEntry, real: Address): void {
    e.real = real
    const held = e.held
    e.held = null
    if (held !== null) for (const pkt of held) this.forward(pkt, real)
  }

  private forward(pkt: Packet, real: Address): void {
    this.node.sendRaw(encapsulate(this.node.net, pkt, this.node.address, real, Proto.IPIP, IPV4_HEADER))
  }

  /** The process's connections now live on `real` (multiple handoff after a move). */
  repoint(p: Process, real: Address): void {
    this.location.set(p, real)
    for (const e of this.table.ofProcess(p)) if (e.real !== NO_ADDRESS) e.real = real
  }
}

// The Mobile IP layer of a cluster host: it serves the mobile nodes (migrated processes) that run
// on it. Their signalling arrives on the host's mobility port and goes to the mobile node it is
// about; packets they send from a home address while away pass through the mobile node (reverse
// tunnel, Home Address option); packets arriving for them with a routing header are unwrapped.

import type { Address } from '../../net/address'
import type { Node, Shim } from '../../net/node'
import type { Packet } from '../../net/packet'
import type { MobilityMessage } from './mobility-demux'

/** A mobile node as its current host's mobility layer sees it. */
export interface MobilityClient {
  readonly hoa: Address
  /** Whether it is away from home (its packets need mobility processing). */
  readonly away: boolean
  /** A packet it sends from its home address while away: returns what to route (or null). */
  output(pkt: Packet): Packet | null
  /** A packet addressed to it that carries a mobility header (e.g. a type 2 routing header). */
  input(pkt: Packet): Packet | null
  /** A signalling message for it arrived at this host. */
  receive(msg: MobilityMessage, pkt: Packet, host: Node): void
}

export class MobileHost implements Shim {
  private readonly clients = new Map<Address, MobilityClient>()

  constructor(
    readonly node: Node,
    /** The port the host's mobility signalling arrives on (replies are addressed to it). */
    readonly port: number,
  ) {
    node.shims.push(this)
  }

  /** A signalling message about the mobile node with home address `msg.hoa` arrived here. */
  deliver(msg: MobilityMessage, pkt: Packet): void {
    this.clients.get(msg.hoa)?.receive(msg, pkt, this.node)
  }

  attach(c: MobilityClient): void {
    this.clients.set(c.hoa, c)
  }

  detach(c: MobilityClient): void {
    if (this.clients.get(c.hoa) === c) this.clients.delete(c.hoa)
  }

  client(hoa: Address): MobilityClient | undefined {
    return this.clients.get(hoa)
  }

  output(pkt: Packet): Packet | null {
    if (this.clients.size === 0) return pkt
    const c = this.clients.get(pkt.src)
    return c?.away ? c.output(pkt) : pkt
  }

  input(pkt: Packet): Packet | null {
    if (this.clients.size === 0 || pkt.inner === null) return pkt
    const c = this.clients.get(pkt.inner.dst)
    return c?.away ? c.input(pkt) : pkt
  }
}

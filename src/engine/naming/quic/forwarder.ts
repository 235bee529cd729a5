// The old host of a QUIC server process, after the process left: until the peers use connection
// IDs that name the new host, the balancer still tunnels their datagrams here, and this agent
// tunnels them on to wherever the process now runs (a transient residual dependency; MODELS.md
// §2h). Without it (option oldHost: "drop") they are lost and PTO recovery resends them.

import type { Address } from '../../net/address'
import type { Interceptor, Node } from '../../net/node'
import { IPV4_HEADER, type Packet, Proto } from '../../net/packet'
import type { QuicConnection } from '../../transport/quic/connection'
import { encapsulate } from '../encapsulation'
import type { Residual } from '../residual'

export class OldHostForwarder implements Interceptor {
  /** Connections whose peer may still use IDs naming this host. */
  readonly pending = new Set<QuicConnection>()
  forwarded = 0

  constructor(
    readonly node: Node,
    private readonly vip: Address,
    /** Where the process runs now. */
    private readonly current: () => Node,
    readonly residual: Residual,
  ) {
    node.interceptors.push(this)
  }

  intercept(pkt: Packet): boolean {
    if (pkt.proto !== Proto.UDP || pkt.dst !== this.vip) return false
    const to = this.current()
    if (to === this.node) return false
    this.forwarded++
    this.node.sendRaw(encapsulate(this.node.net, pkt, this.node.address, to.address, Proto.IPIP, IPV4_HEADER))
    return true
  }

  /** Stops forwarding; the dependency ends. */
  remove(): void {
    const k = this.node.interceptors.indexOf(this)
    if (k >= 0) this.node.interceptors.splice(k, 1)
    this.residual.release()
  }
}

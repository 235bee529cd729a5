// The cluster's CID-routing load balancer (MODELS.md §2h; draft-ietf-quic-load-balancers): it
// announces the virtual IP of every QUIC service and tunnels each datagram addressed to one to the
// server its Destination Connection ID names — stateless, so a server's connections follow the IDs
// it issues. Datagrams whose ID names no server (a client's first Initial) go to the service's
// current default server, which a server updates after it moves.

import type { Address } from '../../net/address'
import type { Interceptor, Node } from '../../net/node'
import { IPV4_HEADER, type Packet, Proto } from '../../net/packet'
import { QuicPacket } from '../../transport/quic/packet'
import { encapsulate } from '../encapsulation'
import { decodeServerId } from './cid-encoding'

export class CidLoadBalancer implements Interceptor {
  /** Each service address's default server. */
  private readonly defaults = new Map<Address, Node>()
  /** Datagrams routed by a server id in their connection ID, and by the default. */
  byCid = 0
  byDefault = 0

  constructor(readonly node: Node) {
    node.interceptors.push(this)
  }

  serve(vip: Address, host: Node): void {
    this.defaults.set(vip, host)
  }

  intercept(pkt: Packet): boolean {
    if (pkt.proto !== Proto.UDP) return false
    const dflt = this.defaults.get(pkt.dst)
    if (dflt === undefined) return false
    let host = dflt
    const q = pkt.msg
    const sid = q instanceof QuicPacket ? decodeServerId(q.dcid) : -1
    const nodes = this.node.net.nodes
    if (sid >= 0 && sid < nodes.length && nodes[sid].kind === 'host') {
      host = nodes[sid]
      this.byCid++
    } else this.byDefault++
    const net = this.node.net
    this.node.sendRaw(encapsulate(net, pkt, this.node.address, host.address, Proto.IPIP, IPV4_HEADER))
    return true
  }
}

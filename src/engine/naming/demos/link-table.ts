// A sender kernel's links to moved processes (DEMOS/MP, Powell & Miller 1983): each link update
// rewrites the link, so later messages go straight to the machine it names, inside a link header.
// Updates may arrive out of order when several forwarders answer one message (a chain): the one
// reflecting more moves wins. A link that names the process's own address again is dropped (plain
// IP reaches it). Legacy nodes have no such kernel: updates are lost on them.

import type { Address } from '../../net/address'
import type { Node, Shim } from '../../net/node'
import type { Packet } from '../../net/packet'
import type { World } from '../../sim/world'
import { encapsulate } from '../encapsulation'
import { DEMOS_LINK, LINK_HEADER_BYTES, LINK_UPDATE_PORT, type LinkUpdate, linkKey } from './link-header'

interface Link {
  at: Address
  moves: number
}

export class LinkTable implements Shim {
  private readonly links = new Map<number, Link>()
  /** Packets sent straight to a moved process's machine. */
  direct = 0
  /** Link updates received and applied. */
  updates = 0

  constructor(
    private readonly world: World,
    readonly node: Node,
  ) {
    node.shims.push(this)
    world.stack(node).udpSocket(LINK_UPDATE_PORT).onReceive = (_s, pkt) => this.update(pkt.msg as LinkUpdate)
  }

  /** Where this kernel's link for `addr`:`port` points, if it was updated. */
  link(addr: Address, port: number): Address | undefined {
    return this.links.get(linkKey(addr, port))?.at
  }

  private update(u: LinkUpdate): void {
    const key = linkKey(u.addr, u.port)
    const cur = this.links.get(key)
    if (cur !== undefined && cur.moves >= u.moves) return
    this.updates++
    this.links.set(key, { at: u.at, moves: u.moves })
  }

  output(pkt: Packet): Packet | null {
    if (this.links.size === 0) return pkt
    const l = this.links.get(linkKey(pkt.dst, pkt.dport))
    if (l === undefined || l.at === pkt.dst) return pkt
    this.direct++
    return encapsulate(this.world.net, pkt, pkt.src, l.at, DEMOS_LINK, LINK_HEADER_BYTES)
  }

  input(pkt: Packet): Packet | null {
    return pkt
  }
}

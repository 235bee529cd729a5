// One node's mobility signalling socket, shared by the roles the node plays: a host can be a
// mobile node's current host, a correspondent and a home agent at once, and Mobile IPv6 sends all
// their messages to the same place (the Mobility Header, modelled as a UDP port). Messages go to
// the handlers registered for their kind (a Binding Update to both the home agent and the
// correspondent role, each taking the ones meant for it); others are ignored, as a node ignores
// Mobility Header types it does not implement.

import type { Address } from '../../net/address'
import type { Node } from '../../net/node'
import type { Packet } from '../../net/packet'
import type { World } from '../../sim/world'
import type { UdpSocket } from '../../transport/udp'

/** Every mobility message names its kind and the home address it is about. */
export interface MobilityMessage {
  kind: string
  hoa: Address
}

export type MobilityHandler = (msg: MobilityMessage, pkt: Packet) => void

export class MobilityDemux {
  private readonly handlers = new Map<string, MobilityHandler[]>()
  readonly socket: UdpSocket

  private constructor(world: World, node: Node, port: number) {
    this.socket = world.stack(node).udpSocket(port)
    this.socket.onReceive = (_s, pkt) => {
      const msg = pkt.msg as { kind?: unknown } | null
      if (!msg || typeof msg.kind !== 'string') return
      const hs = this.handlers.get(msg.kind)
      if (hs) for (const h of hs) h(msg as MobilityMessage, pkt)
    }
  }

  /** The demultiplexer of `node` on `port` (0: one ephemeral port per node), created on first use. */
  static on(world: World, node: Node, port: number): MobilityDemux {
    const key = `mobility:${port}`
    let d = node.agents.get(key) as MobilityDemux | undefined
    if (!d) {
      d = new MobilityDemux(world, node, port)
      node.agents.set(key, d)
    }
    return d
  }

  get port(): number {
    return this.socket.port
  }

  handle(kind: string, h: MobilityHandler): void {
    const hs = this.handlers.get(kind)
    if (hs) hs.push(h)
    else this.handlers.set(kind, [h])
  }
}

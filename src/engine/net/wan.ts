// A WAN cloud: a routed transit network drawn as one cloud. Each attachment has its own access
// rate and delay to the cloud's core; crossing the cloud from one attachment to another costs the
// two access delays. Delivery inside the cloud goes by IP address (no ARP).

import type { RngStream } from '../core'
import type { Address } from './address'
import { Channel, type ChannelParams, type FrameSink } from './channel'
import type { Net } from './net'
import type { Interface } from './node'
import type { Packet } from './packet'

export class WanPort {
  up!: Channel
  down!: Channel
  constructor(
    readonly index: number,
    readonly iface: Interface,
  ) {}
}

export class Wan implements FrameSink {
  readonly ports: WanPort[] = []
  private readonly byMac = new Map<number, WanPort>()
  /** Which port owns each address reachable inside the cloud. */
  readonly byAddress = new Map<Address, WanPort>()

  constructor(
    private readonly net: Net,
    readonly network: number,
    readonly name: string,
  ) {}

  attach(iface: Interface, port: ChannelParams, rng: (key: string) => RngStream): WanPort {
    const p = new WanPort(this.ports.length, iface)
    const loss = (dir: string) => (port.loss > 0 ? rng(`wan:${this.name}/${iface.node.name}/${dir}`) : null)
    p.up = new Channel(this.net.sched, `${iface.node.name}->${this.name}`, port, this, p.index, this.net, loss('up'))
    p.down = new Channel(
      this.net.sched,
      `${this.name}->${iface.node.name}`,
      port,
      iface,
      p.index,
      this.net,
      loss('down'),
    )
    iface.out = p.up
    iface.wan = this
    this.ports.push(p)
    this.byMac.set(iface.mac, p)
    return p
  }

  /** IP output into the cloud toward `hop`. */
  sendVia(iface: Interface, pkt: Packet, hop: Address): void {
    const port = this.byAddress.get(hop)
    if (port === undefined) {
      this.net.drop(pkt, 'no-route', iface.node.name)
      return
    }
    pkt.l2dst = port.iface.mac
    iface.out.send(pkt)
  }

  /** The cloud core: a packet arrived from an attachment. */
  arrive(pkt: Packet, _ingress: number): void {
    const port = this.byMac.get(pkt.l2dst)
    if (port === undefined) this.net.drop(pkt, 'no-route', this.name)
    else port.down.send(pkt)
  }

  portOf(iface: Interface): WanPort | undefined {
    return this.byMac.get(iface.mac)
  }
}

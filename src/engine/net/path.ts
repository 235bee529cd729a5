// The path a packet takes by the routing tables (no shims, no tunnels), and its delay without
// queueing: the reference for path stretch (MODELS.md §0: stretch = delay on the post-move path ÷
// shortest-path delay to the new host).

import { type Address, NO_ADDRESS, networkOf } from './address'
import type { Channel } from './channel'
import type { Net } from './net'
import type { Interface, Node } from './node'

/** The channels a packet from `from` to `dst` crosses, in order, or null if there is no route. */
export function routeChannels(net: Net, from: Node, dst: Address): Channel[] | null {
  const out: Channel[] = []
  let node: Node = from
  for (let hops = 0; hops < 256; hops++) {
    if (node.owns(dst)) return out
    let iface: Interface | undefined
    let nextHop: Address = NO_ADDRESS
    const hr = node.hostRoutes.get(dst)
    if (hr) {
      iface = hr.iface
      nextHop = hr.nextHop
    } else if (node.routes === null) {
      iface = node.ifaces[0]
    } else {
      const n = networkOf(dst)
      const k = node.routes.iface[n] ?? -1
      if (k >= 0) {
        iface = node.ifaces[k]
        nextHop = node.routes.nextHop[n]
      } else if (k === -2) iface = node.connected.get(dst)
    }
    if (!iface) return null
    const hop = nextHop === NO_ADDRESS ? dst : nextHop
    if (iface.kind === 'p2p') {
      out.push(iface.out)
      node = iface.peer!.node
    } else {
      out.push(iface.out)
      const owner = net.nodes.find(
        (n) => n.ifaceOn(iface!.network) !== undefined && n.ifaceOn(iface!.network)!.addresses.includes(hop),
      )
      if (!owner) return null
      const port = iface.lan
        ? iface.lan.portOf(owner.ifaceOn(iface.network)!)
        : iface.wan!.portOf(owner.ifaceOn(iface.network)!)
      if (!port) return null
      out.push(port.down)
      node = owner
    }
  }
  return null
}

/** Delay of a packet of `size` IP bytes from `from` to `dst` along the routed path, without queueing. */
export function pathDelay(net: Net, from: Node, dst: Address, size: number): number | null {
  const chans = routeChannels(net, from, dst)
  if (chans === null) return null
  let d = 0
  for (const c of chans) d += c.txTime(size) + c.latency
  return d
}

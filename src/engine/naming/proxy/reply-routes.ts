// LVS-NAT's condition for replies: a real server's packets back to a client must pass the
// director, which rewrites their source to the virtual IP. Where the server's ordinary route to the
// client already goes through the director (the director is its gateway, the usual set-up) nothing
// is needed; otherwise the server gets a host route to that client via the director, held while
// it serves a connection of that client.

import type { Address } from '../../net/address'
import { networkOf } from '../../net/address'
import type { Node } from '../../net/node'

export class ReplyRoutes {
  private readonly held = new Map<Node, Map<Address, number>>()

  constructor(private readonly director: Node) {}

  /** Whether the director and `host` share a LAN (LVS-NAT needs it: the director is the servers' gateway). */
  reaches(host: Node): boolean {
    return host.ifaces.some((i) => i.kind === 'lan' && this.director.ifaceOn(i.network) !== undefined)
  }

  /** `host` serves a connection of `client` through the director. */
  hold(host: Node, client: Address): void {
    let counts = this.held.get(host)
    if (!counts) {
      counts = new Map()
      this.held.set(host, counts)
    }
    const n = counts.get(client) ?? 0
    counts.set(client, n + 1)
    if (n > 0) return
    const iface = host.ifaces.find((i) => i.kind === 'lan' && this.director.ifaceOn(i.network) !== undefined)!
    const via = this.director.ifaceOn(iface.network)!.address
    const table = host.routes
    const n4 = networkOf(client)
    if (table !== null && n4 < table.iface.length && table.nextHop[n4] === via) return
    host.hostRoutes.set(client, { iface, nextHop: via })
  }

  /** `host` no longer serves a connection of `client` through the director. */
  release(host: Node, client: Address): void {
    const counts = this.held.get(host)
    const n = counts?.get(client) ?? 0
    if (n === 0) return
    if (n > 1) {
      counts!.set(client, n - 1)
      return
    }
    counts!.delete(client)
    const r = host.hostRoutes.get(client)
    if (r && r.nextHop === this.director.ifaceOn(r.iface.network)?.address) host.hostRoutes.delete(client)
  }
}

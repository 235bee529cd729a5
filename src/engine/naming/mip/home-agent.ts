// A home agent (RFC 5944 §4, RFC 6275 §10): for each mobile node away from home it holds a binding
// home address → care-of address with a lifetime; it captures packets for the home address on the
// home link (proxy ARP / proxy Neighbor Discovery, announced by a gratuitous ARP / unsolicited
// Neighbor Advertisement, RFC 5944 §4.6, RFC 6275 §10.4.1) and tunnels them to the care-of address
// (IP in IP, RFC 2003: +20 bytes; IPv6 in IPv6, RFC 2473: +40 bytes). Packets a mobile node sends
// through the reverse tunnel (RFC 3024; always in Mobile IPv6) are unwrapped here and forwarded,
// if their outer source is the registered care-of address.
//
// Bindings live in the agent's memory: when its node fails they are gone, packets for the home
// addresses are no longer captured or tunnelled, and they come back only when the mobile nodes
// register again. The registration protocol (Mobile IPv4 Registration Request/Reply, Mobile IPv6
// Binding Update/Acknowledgement) is a front end that calls bind/unbind.

import type { Time } from '../../core'
import type { Address } from '../../net/address'
import type { Interceptor, Interface, Node, Shim } from '../../net/node'
import { IPV4_HEADER, IPV6_HEADER, type Packet, Proto } from '../../net/packet'
import type { World } from '../../sim/world'
import { decapsulate, encapsulate } from '../encapsulation'

export interface HomeBinding {
  hoa: Address
  coa: Address
  expires: Time
  /** Whether the mobile node may send through a reverse tunnel (RFC 3024 T bit; always in MIPv6). */
  reverse: boolean
}

export class HomeAgent implements Interceptor, Shim {
  readonly bindings = new Map<Address, HomeBinding>()
  /** The home addresses this agent serves (bound or not). */
  readonly served = new Set<Address>()
  /** Packets captured for a home address and tunnelled to its care-of address. */
  tunnelled = 0
  /** Packets received through a reverse tunnel and forwarded. */
  reverseTunnelled = 0
  private readonly overhead: number

  constructor(
    private readonly world: World,
    readonly node: Node,
    /** The agent's interface on the home link. */
    readonly iface: Interface,
    v6: boolean,
  ) {
    this.overhead = v6 ? IPV6_HEADER : IPV4_HEADER
    node.interceptors.push(this)
    node.shims.push(this)
    world.net.nodeObservers.push((n, up) => {
      if (n === node && !up) this.lose()
    })
  }

  /** The agent's address on the home link (what mobile nodes register with). */
  get address(): Address {
    return this.iface.address
  }

  /**
   * Binds `hoa` to `coa` for `lifetime`. Returns true when the home address was not captured
   * before, so the caller announces the capture (a gratuitous ARP it accounts for).
   */
  bind(hoa: Address, coa: Address, lifetime: Time, reverse: boolean): boolean {
    const fresh = !this.bindings.has(hoa)
    const b: HomeBinding = { hoa, coa, expires: this.world.now + lifetime, reverse }
    this.bindings.set(hoa, b)
    if (fresh) {
      this.iface.proxyArp.add(hoa)
      this.iface.lan?.gratuitousArp(this.iface, hoa)
    }
    this.world.sched.call(b.expires, () => {
      if (this.bindings.get(hoa) === b) this.unbind(hoa)
    })
    return fresh
  }

  /** Ends a binding (deregistration or expiry): the home address is no longer captured. */
  unbind(hoa: Address): void {
    if (!this.bindings.delete(hoa)) return
    this.iface.proxyArp.delete(hoa)
  }

  /** The node failed: every binding is lost with its memory. */
  private lose(): void {
    for (const hoa of this.bindings.keys()) this.iface.proxyArp.delete(hoa)
    this.bindings.clear()
  }

  intercept(pkt: Packet): boolean {
    if (pkt.proto === Proto.IPIP) {
      if (pkt.inner === null || !this.served.has(pkt.inner.src) || !this.node.owns(pkt.dst)) return false
      // Only from the registered care-of address of a node that asked for it (RFC 3024 §4.3,
      // RFC 6275 §10.4.5); anything else through the tunnel is discarded.
      const r = this.bindings.get(pkt.inner.src)
      if (r?.reverse && r.coa === pkt.src) {
        this.reverseTunnelled++
        this.node.sendRaw(decapsulate(this.world.net, pkt))
      } else this.world.net.drop(pkt, 'filtered', this.node.name)
      return true
    }
    if (this.bindings.size === 0) return false
    const b = this.bindings.get(pkt.dst)
    // A mobile node running on the agent's own host is reached by local delivery.
    if (b === undefined || this.node.owns(b.coa)) return false
    this.tunnel(pkt, b)
    return true
  }

  /** Packets the agent's own node sends to a captured home address go through the tunnel too. */
  output(pkt: Packet): Packet | null {
    if (this.bindings.size === 0) return pkt
    const b = this.bindings.get(pkt.dst)
    if (b === undefined || this.node.owns(b.coa)) return pkt
    this.tunnelled++
    return encapsulate(this.world.net, pkt, this.address, b.coa, Proto.IPIP, this.overhead)
  }

  input(pkt: Packet): Packet | null {
    return pkt
  }

  private tunnel(pkt: Packet, b: HomeBinding): void {
    this.tunnelled++
    this.node.sendRaw(encapsulate(this.world.net, pkt, this.address, b.coa, Proto.IPIP, this.overhead))
  }
}

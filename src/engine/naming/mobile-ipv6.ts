// (d2) Mobile IPv6 (RFC 6275), per process (MODELS.md §2 d2): each migratable process keeps a home
// address on its home machine's LAN; away from home it registers the address of its current host
// as care-of address with the home agent (Binding Update/Acknowledgement), which captures the home
// address on the home link (proxy Neighbor Discovery) and tunnels both ways. With route
// optimisation the process then runs return routability with each correspondent that implements
// it (HoTI through the home agent, CoTI directly; HoT and CoT bring keygen tokens) and sends it a
// Binding Update; the correspondent then sends straight to the care-of address with a type 2
// routing header, and the process answers with a Home Address option. Correspondent bindings last
// at most MAX_RR_BINDING_LIFETIME (420 s) and are refreshed while in use. A legacy correspondent
// answers the Mobility Header with an ICMPv6 Parameter Problem and keeps using the tunnel. All
// traffic is IPv6 (40-byte headers).
//
// Options (architectureOptions["mobile-ipv6"]):
//   routeOptimization  boolean, default true — return routability and correspondent bindings
//   homeLifetime       duration, default "300s", 4 s .. 262140 s — home registration lifetime
//                      (RFC 6275 §6.1.7: 16 bits of 4-second units); refreshed at 90 % of it
// Agents: agents.homeAgent — a node on the home LAN (default: the LAN's gateway).

import type { Address } from '../net/address'
import { Proto } from '../net/packet'
import type { Process } from '../proc/process'
import type { World } from '../sim/world'
import type { TcpConnection } from '../transport/tcp'
import { Correspondent, refuseMobilityHeader } from './mip/correspondent'
import type { HomeAgent } from './mip/home-agent'
import { HomeRegistrar } from './mip/home-registrar'
import type { MobileHost } from './mip/mobile-host'
import { MobileIp } from './mip/mobile-ip'
import { MobileNode6 } from './mip/mobile-node6'
import { MOBILITY_PORT, type ParameterProblem } from './mip/mobility-header'
import { mobileIpv6Options } from './mip/options'

/** Binding state that moves with the process: the home binding and IPsec security associations with
 * the home agent (two SAs: SPI, keys, replay window), plus a binding update list entry per
 * correspondent (addresses, sequence, lifetime, two keygen tokens and Kbm). */
const HOME_STATE_BYTES = 64 + 2 * 96
const PER_CORRESPONDENT_BYTES = 80

export class MobileIpv6 extends MobileIp<MobileNode6> {
  readonly id = 'mobile-ipv6'
  protected readonly v6 = true
  protected readonly mobilityPort = MOBILITY_PORT
  protected readonly mobileNodeMessages = ['binding-ack', 'home-test', 'care-of-test', 'binding-error']
  private readonly routeOptimization: boolean
  private readonly homeLifetime: number

  constructor(world: World, options: Record<string, unknown>) {
    super(world, options)
    const o = mobileIpv6Options(options)
    this.routeOptimization = o.routeOptimization
    this.homeLifetime = o.homeLifetime
  }

  override install(): void {
    super.install()
    const signal = this.signalFn()
    for (const n of this.world.net.nodes) {
      if (n.kind !== 'host') continue
      if (n.legacy) refuseMobilityHeader(this.world, n)
      else n.agents.set('mip6-correspondent', new Correspondent(this.world, n, signal))
    }
  }

  private signalFn() {
    return (...a: Parameters<MobileIpv6['signal']>) => this.signal(...a)
  }

  protected serveRegistrations(agent: HomeAgent): void {
    new HomeRegistrar(this.world, agent, this.signalFn())
  }

  protected createMobileNode(p: Process, hoa: Address, agent: HomeAgent): MobileNode6 {
    return new MobileNode6(this.world, p, hoa, agent, this.homeLifetime, this.routeOptimization, this.signalFn(), (m) =>
      this.namingUpdated(m),
    )
  }

  protected override connected(_p: Process, mn: MobileNode6, c: TcpConnection): void {
    mn.connected(c.remoteAddr)
  }

  /** ICMPv6 Parameter Problems from legacy correspondents reach the mobile node they concern. */
  protected override hostCreated(h: MobileHost): void {
    this.world.stack(h.node).noEndpoint.push((pkt) => {
      if (pkt.proto !== Proto.ICMP || pkt.msg === null) return false
      const msg = pkt.msg as ParameterProblem
      if (msg.kind !== 'parameter-problem') return false
      h.deliver(msg, pkt)
      this.world.net.pool.release(pkt)
      return true
    })
  }

  override extraStateBytes(p: Process): number {
    p.pruneConnections()
    return HOME_STATE_BYTES + PER_CORRESPONDENT_BYTES * p.connections.size
  }
}

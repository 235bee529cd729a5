// (d1) Mobile IPv4 (RFC 5944; RFC 3024 reverse tunnelling; RFC 2003 IP-in-IP), per process
// (MODELS.md §2 d1): each migratable process keeps a home address on its home machine's LAN; away
// from home it registers the address of the host it runs on as co-located care-of address with the
// home agent, which captures its traffic on the home link and tunnels it there. Correspondents are
// unchanged: they send to the home address (via the home agent), the process answers directly
// (triangle routing) unless reverse tunnelling is asked for. After a move, what was tunnelled to the
// old host before the registration took effect is lost, and TCP's back-off decides the outage.
//
// Options (architectureOptions["mobile-ipv4"]):
//   reverseTunnel  boolean, default false — send from the home address through a tunnel to the home
//                  agent (RFC 3024), as networks with ingress filtering demand
//   lifetime       duration, default "300s", 1 s .. 65535 s — registration lifetime requested
//                  (RFC 5944 §3.3, 16-bit seconds); the node registers again at 90 % of it
// Agents: agents.homeAgent — a node on the home LAN (default: the LAN's gateway).

import type { Address } from '../net/address'
import type { Process } from '../proc/process'
import type { World } from '../sim/world'
import type { HomeAgent } from './mip/home-agent'
import { MobileIp } from './mip/mobile-ip'
import { MobileNode4 } from './mip/mobile-node4'
import { mobileIpv4Options } from './mip/options'
import { RegistrationServer } from './mip/registration'

/** Mobility binding that moves with the process: home address, agent, care-of address, lifetime,
 * Identification, and the mobile–home security association (SPI, 128-bit key, replay state). */
const BINDING_STATE_BYTES = 48

export class MobileIpv4 extends MobileIp<MobileNode4> {
  readonly id = 'mobile-ipv4'
  protected readonly v6 = false
  protected readonly mobilityPort = 0
  protected readonly mobileNodeMessages = ['registration-reply']
  private readonly reverseTunnel: boolean
  private readonly lifetime: number

  constructor(world: World, options: Record<string, unknown>) {
    super(world, options)
    const o = mobileIpv4Options(options)
    this.reverseTunnel = o.reverseTunnel
    this.lifetime = o.lifetime
  }

  protected serveRegistrations(agent: HomeAgent): void {
    new RegistrationServer(this.world, agent, (...a) => this.signal(...a))
  }

  protected createMobileNode(_p: Process, hoa: Address, agent: HomeAgent): MobileNode4 {
    return new MobileNode4(
      this.world,
      hoa,
      agent,
      this.lifetime,
      this.reverseTunnel,
      (...a) => this.signal(...a),
      (m) => this.namingUpdated(m),
    )
  }

  override extraStateBytes(): number {
    return BINDING_STATE_BYTES
  }
}

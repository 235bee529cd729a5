// A Mobile IPv4 mobile node (RFC 5944 §3.6): one per migratable process, with its own home address
// and a co-located care-of address — the address of the host it runs on. Away from home it
// registers with its home agent, retransmits unanswered requests with back-off (§3.6.3: at least
// 1 s apart, doubling, never longer than the requested lifetime), and registers again before the
// granted lifetime runs out. Back home it deregisters (lifetime 0). Packets it sends from its home
// address go straight to the correspondent (triangle routing) or, with `reverseTunnel`, through a
// tunnel to the home agent (RFC 3024).

import { type EventId, SECOND, type Time } from '../../core'
import { type Address, NO_ADDRESS } from '../../net/address'
import type { Node } from '../../net/node'
import { IPV4_HEADER, type Packet, Proto } from '../../net/packet'
import type { MigrationRecord } from '../../run/result'
import type { World } from '../../sim/world'
import { sendDatagram } from '../datagram'
import { encapsulate } from '../encapsulation'
import { Backoff } from './backoff'
import type { HomeAgent } from './home-agent'
import type { MobileHost, MobilityClient } from './mobile-host'
import type { MobilityMessage } from './mobility-demux'
import {
  MIN_RETRANSMISSION,
  onWire,
  REGISTRATION_PORT,
  REQUEST_BYTES,
  type RegistrationReply,
  type RegistrationRequest,
} from './registration'
import type { Signal, Updated } from './signal'

/**
 * Share of the granted lifetime after which the node registers again. RFC 5944 leaves the time to
 * the mobile node; a tenth of the lifetime leaves room for retransmissions before the binding ends.
 */
export const REFRESH_AT = 0.9

export class MobileNode4 implements MobilityClient {
  away = false
  /** The care-of address registered (or being registered); NO_ADDRESS at home. */
  coa: Address = NO_ADDRESS
  private host: MobileHost | null = null
  private id = 0
  /** Identifications of the attempts of the registration in progress (one per retransmission, §3.6.3). */
  private firstId = 0
  private requested = 0
  private m: MigrationRecord | null = null
  private readonly backoff: Backoff
  private refresh: EventId = -1

  constructor(
    private readonly world: World,
    readonly hoa: Address,
    readonly agent: HomeAgent,
    private readonly lifetime: Time,
    private readonly reverseTunnel: boolean,
    private readonly signal: Signal,
    private readonly updated: Updated,
  ) {
    this.backoff = new Backoff(
      world.sched,
      MIN_RETRANSMISSION,
      Math.max(MIN_RETRANSMISSION, lifetime),
      Number.POSITIVE_INFINITY,
      () => this.sendRequest(),
      () => {},
    )
  }

  /** The process now runs away from home on `host`: register the host's address as care-of address. */
  leave(host: MobileHost, m: MigrationRecord | null): void {
    this.host = host
    this.away = true
    this.coa = host.node.address
    this.register(Math.round(this.lifetime / SECOND), m)
  }

  /** The process is back on its home machine: deregister (§3.6.1.1: lifetime 0, care-of address = home address). */
  returnHome(host: MobileHost, m: MigrationRecord | null): void {
    this.host = host
    this.away = false
    this.coa = NO_ADDRESS
    this.register(0, m)
  }

  /** The process died: its registration is no longer kept up. */
  stop(): void {
    this.backoff.stop()
    this.cancelRefresh()
  }

  private register(lifetime: number, m: MigrationRecord | null): void {
    this.cancelRefresh()
    this.requested = lifetime
    this.m = m
    this.firstId = this.id + 1
    this.backoff.start()
  }

  private sendRequest(): void {
    const host = this.host!
    const rq: RegistrationRequest = {
      kind: 'registration-request',
      hoa: this.hoa,
      coa: this.away ? this.coa : this.hoa,
      lifetime: this.requested,
      id: ++this.id,
      reverseTunnel: this.reverseTunnel,
      m: this.m,
    }
    // At home the request comes from the home address itself; away, from the care-of address.
    const src = this.away ? this.coa : this.hoa
    sendDatagram(host.node, src, this.agent.address, host.port, REGISTRATION_PORT, REQUEST_BYTES, rq, false)
    this.signal('registration-request', host.node, this.agent.node, onWire(REQUEST_BYTES), this.m)
  }

  receive(msg: MobilityMessage, _pkt: Packet, at: Node): void {
    const r = msg as unknown as RegistrationReply
    if (r.kind !== 'registration-reply' || at !== this.host?.node) return
    if (r.id < this.firstId || r.id > this.id || !this.backoff.active) return
    this.backoff.stop()
    if (r.code !== 0) return
    // The home agent now tunnels to the new care-of address (or, back home, no longer does).
    if (this.m !== null) this.updated(this.m)
    if (r.lifetime === 0) return
    this.refresh = this.world.sched.call(this.world.now + Math.floor(REFRESH_AT * r.lifetime * SECOND), () => {
      this.refresh = -1
      if (this.away) this.register(r.lifetime, null)
    })
  }

  output(pkt: Packet): Packet | null {
    // On the agent's own host the tunnel would end where it starts: the agent forwards directly.
    if (!this.reverseTunnel || this.host?.node === this.agent.node) return pkt
    return encapsulate(this.world.net, pkt, this.coa, this.agent.address, Proto.IPIP, IPV4_HEADER)
  }

  input(pkt: Packet): Packet | null {
    return pkt
  }

  private cancelRefresh(): void {
    if (this.refresh >= 0) this.world.sched.cancel(this.refresh)
    this.refresh = -1
  }
}

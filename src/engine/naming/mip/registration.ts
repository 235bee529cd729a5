// Mobile IPv4 registration (RFC 5944 §3): a mobile node away from home sends a Registration Request
// over UDP to its home agent's port 434, naming its home address, care-of address and requested
// lifetime (0 deregisters); the home agent checks the Identification against replays (§5.7),
// updates the binding and answers with a Registration Reply. Both carry the mandatory Mobile-Home
// Authentication Extension (§3.5.2). The T bit asks for a reverse tunnel (RFC 3024).

import { SECOND, type Time } from '../../core'
import type { Address } from '../../net/address'
import { ARP_PAYLOAD, IPV4_HEADER, UDP_HEADER } from '../../net/packet'
import type { MigrationRecord } from '../../run/result'
import type { World } from '../../sim/world'
import { sendDatagram } from '../datagram'
import type { HomeAgent } from './home-agent'
import { MobilityDemux } from './mobility-demux'
import { broadcast, type Signal } from './signal'

/** RFC 5944 §3.1: registration messages go to UDP port 434. */
export const REGISTRATION_PORT = 434
/** Mobile-Home Authentication Extension (§3.5.2): type, length, SPI (4), HMAC-MD5 authenticator (16, §3.5.1). */
const AUTH_EXTENSION = 2 + 4 + 16
/** §3.3: type, flags, lifetime (2), home address, home agent, care-of address, Identification (8). */
export const REQUEST_BYTES = 24 + AUTH_EXTENSION
/** §3.4: type, code, lifetime (2), home address, home agent, Identification (8). */
export const REPLY_BYTES = 20 + AUTH_EXTENSION
/** §3.3: the Lifetime field is 16 bits of seconds. */
export const MAX_LIFETIME: Time = 65535 * SECOND
/** §3.6.3: Registration Requests are at least 1 s apart. */
export const MIN_RETRANSMISSION: Time = 1 * SECOND
/** A gratuitous ARP announcing a capture (RFC 826 payload). */
export const GRATUITOUS_ARP_BYTES = ARP_PAYLOAD

/** IP bytes of a registration message with `payload` bytes of UDP payload. */
export function onWire(payload: number): number {
  return IPV4_HEADER + UDP_HEADER + payload
}

export interface RegistrationRequest {
  kind: 'registration-request'
  hoa: Address
  coa: Address
  /** Seconds; 0 deregisters. */
  lifetime: number
  id: number
  reverseTunnel: boolean
  /** Simulation bookkeeping, not on the wire: the move this registration follows (null: a refresh). */
  m: MigrationRecord | null
}

export interface RegistrationReply {
  kind: 'registration-reply'
  /** 0: accepted (§3.4); 133: Identification mismatch (a replay). */
  code: number
  hoa: Address
  lifetime: number
  id: number
}

/** The home agent's registration service on UDP 434. */
export class RegistrationServer {
  /** The highest Identification accepted per home address (replay protection, §5.7). */
  private readonly lastId = new Map<Address, number>()

  constructor(
    world: World,
    readonly agent: HomeAgent,
    signal: Signal,
  ) {
    MobilityDemux.on(world, agent.node, REGISTRATION_PORT).handle('registration-request', (msg, pkt) => {
      const rq = msg as RegistrationRequest
      const replay = rq.id <= (this.lastId.get(rq.hoa) ?? -1)
      if (!replay) {
        this.lastId.set(rq.hoa, rq.id)
        if (rq.lifetime === 0 || rq.coa === rq.hoa) agent.unbind(rq.hoa)
        else {
          if (agent.bind(rq.hoa, rq.coa, rq.lifetime * SECOND, rq.reverseTunnel)) {
            signal('gratuitous-arp', agent.node, broadcast(agent.iface.lan?.name), GRATUITOUS_ARP_BYTES, rq.m)
          }
        }
      }
      const reply: RegistrationReply = {
        kind: 'registration-reply',
        code: replay ? 133 : 0,
        hoa: rq.hoa,
        lifetime: rq.lifetime,
        id: rq.id,
      }
      const to = world.net.ownerOf(pkt.src) ?? agent.node
      sendDatagram(agent.node, agent.address, pkt.src, REGISTRATION_PORT, pkt.sport, REPLY_BYTES, reply, false)
      signal('registration-reply', agent.node, to, onWire(REPLY_BYTES), rq.m)
    })
    world.net.nodeObservers.push((n, up) => {
      if (n === agent.node && !up) this.lastId.clear()
    })
  }
}

// The home agent's side of Mobile IPv6 home registration (RFC 6275 §10.3): a Binding Update with
// the H bit binds the home address to the care-of address (proxy Neighbor Discovery, an unsolicited
// Neighbor Advertisement — the LAN model's proxy and gratuitous ARP — and the bidirectional tunnel),
// or, with lifetime 0 or the home address as care-of address, ends the binding (§10.3.2). The
// sequence number must grow (§9.5.1); the agent answers with a Binding Acknowledgement.

import { SECOND } from '../../core'
import type { Address } from '../../net/address'
import type { World } from '../../sim/world'
import { sendDatagram } from '../datagram'
import type { HomeAgent } from './home-agent'
import { MobilityDemux } from './mobility-demux'
import {
  type BindingAck,
  type BindingUpdate,
  MAX_BINDING_LIFETIME,
  MOBILITY_PORT,
  SIZES,
  udpPayload,
} from './mobility-header'
import { GRATUITOUS_ARP_BYTES } from './registration'
import { broadcast, type Signal } from './signal'

export class HomeRegistrar {
  private readonly lastSeq = new Map<Address, number>()

  constructor(world: World, agent: HomeAgent, signal: Signal) {
    MobilityDemux.on(world, agent.node, MOBILITY_PORT).handle('binding-update', (msg, pkt) => {
      const bu = msg as BindingUpdate
      if (!bu.home) return
      const stale = bu.seq <= (this.lastSeq.get(bu.hoa) ?? -1)
      let lifetime = 0
      if (!stale) {
        this.lastSeq.set(bu.hoa, bu.seq)
        if (bu.lifetime === 0 || bu.coa === bu.hoa) agent.unbind(bu.hoa)
        else {
          lifetime = Math.min(bu.lifetime, MAX_BINDING_LIFETIME / SECOND)
          if (agent.bind(bu.hoa, bu.coa, lifetime * SECOND, true)) {
            signal(
              'unsolicited-neighbor-advertisement',
              agent.node,
              broadcast(agent.iface.lan?.name),
              GRATUITOUS_ARP_BYTES,
              bu.m,
            )
          }
        }
      }
      const ack: BindingAck = {
        kind: 'binding-ack',
        hoa: bu.hoa,
        status: stale ? 135 : 0,
        seq: bu.seq,
        lifetime,
        home: true,
        m: bu.m,
        from: agent.node,
      }
      sendDatagram(
        agent.node,
        agent.address,
        pkt.src,
        MOBILITY_PORT,
        pkt.sport,
        udpPayload('homeBindingAck'),
        ack,
        true,
      )
      signal('binding-ack (home)', agent.node, bu.from, SIZES.homeBindingAck, bu.m)
    })
    world.net.nodeObservers.push((n, up) => {
      if (n === agent.node && !up) this.lastSeq.clear()
    })
  }
}

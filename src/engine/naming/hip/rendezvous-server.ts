// A HIP rendezvous server (RFC 8004): a fixed point of first contact for identities that move.
// Each registered identity keeps an association with the server, so its UPDATEs reach it like any
// peer's; an initiator's I1 goes to the server (the identity's DNS record names it, RFC 8005),
// which relays it to the identity's last verified locator with FROM and RVS_HMAC added; the
// responder answers the initiator directly (VIA_RVS), and the rest of the exchange is direct.

import type { Address } from '../../net/address'
import type { Packet } from '../../net/packet'
import { HipState } from './association'
import type { HipContext, HipLayer } from './hip-layer'
import type { HostIdentity } from './host-identity'
import { type HipMessage, hipPacketSize } from './wire'

export class RendezvousServer {
  /** HITs registered with the server. */
  private readonly registered = new Set<Address>()

  constructor(
    readonly layer: HipLayer,
    private readonly ctx: HipContext,
  ) {
    layer.rendezvous = this
  }

  get identity(): HostIdentity {
    return this.layer.hostIdentity
  }

  /**
   * Registers an identity (REG_REQUEST/REG_RESPONSE in a base exchange, RFC 8003/8004): set up
   * before the run starts, as the DNS zone is, leaving an established association on both sides.
   */
  register(id: HostIdentity, spiToServer: number, spiToIdentity: number): void {
    const server = this.identity
    const here = this.layer.association(id.hit, HipState.ESTABLISHED, id.layer.node.address)
    here.inboundSpi = spiToServer
    here.outboundSpi = spiToIdentity
    server.associations.set(id.hit, here)
    this.layer.adopt(server)
    const there = id.layer.association(server.hit, HipState.ESTABLISHED, this.layer.node.address)
    there.inboundSpi = spiToIdentity
    there.outboundSpi = spiToServer
    id.associations.set(server.hit, there)
    id.layer.adopt(id)
    this.registered.add(id.hit)
  }

  /** An I1 for an identity that is not here: relay it to where the identity was last verified. */
  relay(pkt: Packet, m: HipMessage): void {
    const a = this.identity.associations.get(m.receiver)
    if (!this.registered.has(m.receiver) || a === undefined) {
      this.layer.node.net.drop(pkt, 'no-endpoint', this.layer.node.name)
      return
    }
    pkt.msg = { ...m, from: pkt.src }
    pkt.src = this.layer.node.address
    pkt.dst = a.verifiedLocator
    pkt.size = hipPacketSize(pkt.msg as HipMessage)
    const to = this.layer.node.net.ownerOf(pkt.dst)
    if (to !== undefined) this.ctx.account('hip-i1-relayed', this.layer.node, to, pkt.size, null)
    this.layer.node.send(pkt)
  }
}

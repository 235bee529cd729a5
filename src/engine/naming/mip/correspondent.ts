// A Mobile IPv6 correspondent node that supports route optimisation (RFC 6275 §9): it answers the
// return-routability tests with keygen tokens (§5.2.5: HoTI → HoT to the home address, through the
// home agent; CoTI → CoT to the care-of address), accepts Binding Updates authorised by fresh
// tokens (nonces younger than MAX_NONCE_LIFETIME, §5.2.7), keeps a binding cache entry for at most
// MAX_RR_BINDING_LIFETIME, and sends to a bound home address straight to the care-of address with
// a type 2 routing header (§9.3.2), taking the Home Address option off what comes back (§9.3.1).
// A packet with a Home Address option and no binding is dropped and answered with a Binding Error.
//
// A node without Mobile IPv6 answers the Mobility Header it does not implement with an ICMPv6
// Parameter Problem (RFC 8200 §4), which tells the mobile node not to try (RFC 6275 §11.3.5).

import { SECOND, type Time } from '../../core'
import type { Address } from '../../net/address'
import type { Node, Shim } from '../../net/node'
import { IPV6_HEADER, type Packet, Proto } from '../../net/packet'
import type { World } from '../../sim/world'
import { sendDatagram } from '../datagram'
import { decapsulate, encapsulate } from '../encapsulation'
import { MobilityDemux } from './mobility-demux'
import {
  type BindingAck,
  type BindingError,
  type BindingUpdate,
  MAX_NONCE_LIFETIME,
  MAX_RR_BINDING_LIFETIME,
  MOBILITY_PORT,
  type ParameterProblem,
  SIZES,
  type Test,
  type TestInit,
  TYPE2_ROUTING_HEADER,
  udpPayload,
} from './mobility-header'
import type { Signal } from './signal'

/** IPv6 Next Header values of the extension headers the route-optimised path adds (IANA). */
export const ROUTING_HEADER = 43
export const DESTINATION_OPTIONS = 60
/** RFC 6275 §9.3.1: Binding Errors are rate-limited; at most one per home address per second. */
const BINDING_ERROR_INTERVAL: Time = 1 * SECOND
/** RFC 4443 §2.4: an ICMPv6 error carries as much of the invoking packet as fits in 1280 bytes. */
const ICMP_ERROR_MAX = 1280

interface CacheEntry {
  coa: Address
  expires: Time
}

export class Correspondent implements Shim {
  readonly cache = new Map<Address, CacheEntry>()
  /** Packets sent straight to a care-of address with a type 2 routing header. */
  routeOptimized = 0
  private readonly lastSeq = new Map<Address, number>()
  private readonly lastError = new Map<Address, Time>()

  constructor(
    private readonly world: World,
    readonly node: Node,
    private readonly signal: Signal,
  ) {
    node.shims.push(this)
    const d = MobilityDemux.on(world, node, MOBILITY_PORT)
    const answerTest = (msg: TestInit, pkt: Packet) => {
      const home = msg.kind === 'home-test-init'
      const reply: Test = {
        kind: home ? 'home-test' : 'care-of-test',
        hoa: msg.hoa,
        token: { addr: msg.addr, issued: world.now },
        m: msg.m,
        from: node,
      }
      sendDatagram(node, pkt.dst, msg.addr, MOBILITY_PORT, pkt.sport, udpPayload('test'), reply, true)
      signal(home ? 'HoT' : 'CoT', node, msg.from, SIZES.test, msg.m)
    }
    d.handle('home-test-init', (msg, pkt) => answerTest(msg as TestInit, pkt))
    d.handle('care-of-test-init', (msg, pkt) => answerTest(msg as TestInit, pkt))
    d.handle('binding-update', (msg, pkt) => {
      const bu = msg as BindingUpdate
      if (bu.home) return // not a home agent
      const status = this.update(bu)
      const ack: BindingAck = {
        kind: 'binding-ack',
        hoa: bu.hoa,
        status,
        seq: bu.seq,
        lifetime: status === 0 ? this.granted(bu.lifetime) : 0,
        home: false,
        m: bu.m,
        from: node,
      }
      sendDatagram(node, pkt.dst, bu.coa, MOBILITY_PORT, pkt.sport, udpPayload('bindingAck'), ack, true)
      signal('binding-ack', node, bu.from, SIZES.bindingAck, bu.m)
    })
  }

  /** §9.3.1: a Home Address option without a binding; tells the sender (rate-limited). */
  private bindingError(hoa: Address, to: Address): void {
    const now = this.world.now
    const last = this.lastError.get(hoa)
    if (last !== undefined && now - last < BINDING_ERROR_INTERVAL) return
    this.lastError.set(hoa, now)
    const be: BindingError = { kind: 'binding-error', hoa, status: 1, m: null, from: this.node }
    sendDatagram(this.node, this.node.address, to, MOBILITY_PORT, MOBILITY_PORT, udpPayload('bindingError'), be, true)
    const toNode = this.world.net.ownerOf(to)
    if (toNode) this.signal('binding-error', this.node, toNode, SIZES.bindingError, null)
  }

  private granted(seconds: number): number {
    return Math.min(seconds, MAX_RR_BINDING_LIFETIME / SECOND)
  }

  /** Checks and applies a Binding Update (§9.5.1); returns the Binding Acknowledgement status. */
  private update(bu: BindingUpdate): number {
    if (bu.seq <= (this.lastSeq.get(bu.hoa) ?? -1)) return 135
    const now = this.world.now
    const fresh = (t: BindingUpdate['homeToken'], addr: Address) =>
      t !== null && t.addr === addr && now - t.issued <= MAX_NONCE_LIFETIME
    const deleting = bu.lifetime === 0 || bu.coa === bu.hoa
    const homeOk = fresh(bu.homeToken, bu.hoa)
    // Deleting a binding needs only the home keygen token (§5.2.5).
    const careofOk = deleting || fresh(bu.careofToken, bu.coa)
    if (!homeOk || !careofOk) return !homeOk && !careofOk ? 138 : !homeOk ? 136 : 137
    this.lastSeq.set(bu.hoa, bu.seq)
    if (deleting) this.cache.delete(bu.hoa)
    else this.cache.set(bu.hoa, { coa: bu.coa, expires: now + this.granted(bu.lifetime) * SECOND })
    return 0
  }

  private entry(hoa: Address): CacheEntry | undefined {
    const e = this.cache.get(hoa)
    if (e === undefined) return undefined
    if (this.world.now < e.expires) return e
    this.cache.delete(hoa)
    return undefined
  }

  output(pkt: Packet): Packet | null {
    if (this.cache.size === 0) return pkt
    const e = this.entry(pkt.dst)
    // The Home Test goes to the home address through the home agent: that is what it tests.
    if (e === undefined || (pkt.msg !== null && (pkt.msg as Test).kind === 'home-test')) return pkt
    this.routeOptimized++
    return encapsulate(this.world.net, pkt, pkt.src, e.coa, ROUTING_HEADER, TYPE2_ROUTING_HEADER)
  }

  input(pkt: Packet): Packet | null {
    if (pkt.proto !== DESTINATION_OPTIONS || pkt.inner === null) return pkt
    const hoa = pkt.inner.src
    const e = this.entry(hoa)
    if (e !== undefined && e.coa === pkt.src) return decapsulate(this.world.net, pkt)
    this.bindingError(hoa, pkt.src)
    this.world.net.drop(pkt, 'filtered', this.node.name)
    return null
  }
}

/**
 * Makes `node` (an IPv6 node without Mobile IPv6) answer Mobility Header messages with an ICMPv6
 * Parameter Problem, as any standard stack answers a Next Header it does not implement.
 */
export function refuseMobilityHeader(world: World, node: Node): void {
  world.stack(node).noEndpoint.push((pkt) => {
    if (pkt.proto !== Proto.UDP || pkt.dport !== MOBILITY_PORT || pkt.msg === null) return false
    const about = pkt.msg as { hoa: Address }
    const icmp = world.net.pool.alloc()
    icmp.proto = Proto.ICMP
    icmp.v6 = true
    icmp.src = pkt.dst
    icmp.dst = pkt.src
    icmp.size = Math.min(ICMP_ERROR_MAX, IPV6_HEADER + 8 + pkt.size)
    icmp.msg = { kind: 'parameter-problem', hoa: about.hoa, peer: pkt.dst } satisfies ParameterProblem
    icmp.born = world.now
    world.net.pool.release(pkt)
    node.send(icmp)
    return true
  })
}

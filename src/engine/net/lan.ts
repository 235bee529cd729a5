// A LAN: a switched Ethernet broadcast domain. Each attached interface has a port with a duplex
// pair of channels to the switch; unicast frames go to the port of their destination MAC,
// broadcasts to every other port. IP delivery on the LAN needs the next hop's MAC, found by ARP
// (RFC 826) and kept in each interface's neighbour cache — which is what proxy ARP (a home agent
// answering for a mobile node's home address) and address takeover (a gratuitous ARP after a
// move) change.

import { type RngStream, SECOND, type Time } from '../core'
import type { Address } from './address'
import { Channel, type ChannelParams, type FrameSink } from './channel'
import type { Net } from './net'
import type { Interface } from './node'
import { ARP_PAYLOAD, BROADCAST, type Packet, Proto } from './packet'

export interface ArpMessage {
  op: 'request' | 'reply'
  senderAddr: Address
  senderMac: number
  targetAddr: Address
}

/** ARP retransmission and the pending-packet limit (Linux: retrans_time 1 s, 3 probes, unres_qlen 101). */
export const ARP_RETRY: Time = 1 * SECOND
export const ARP_PROBES = 3
export const ARP_PENDING_LIMIT = 101

interface Neighbour {
  mac: number
  expires: Time
}

interface Pending {
  packets: Packet[]
  probes: number
}

class NeighbourCache {
  readonly entries = new Map<Address, Neighbour>()
  readonly pending = new Map<Address, Pending>()
}

export class LanPort {
  up!: Channel
  down!: Channel
  readonly cache = new NeighbourCache()
  constructor(
    readonly index: number,
    readonly iface: Interface,
  ) {}
}

export class Lan implements FrameSink {
  readonly ports: LanPort[] = []
  private readonly byMac = new Map<number, LanPort>()
  /** ARP exchanges seen (requests + replies + gratuitous), for control-cost accounting. */
  arpMessages = 0
  /**
   * Agents that learn from ARP traffic (a LISP xTR detecting a moved endpoint by its gratuitous
   * ARP): called for each ARP frame an up interface receives, after the neighbour cache is updated.
   */
  readonly arpObservers: ((iface: Interface, msg: ArpMessage) => void)[] = []

  constructor(
    private readonly net: Net,
    readonly network: number,
    readonly name: string,
    readonly arpTimeout: Time,
  ) {}

  /** Attaches an interface with the given port parameters. */
  attach(iface: Interface, port: ChannelParams, rng: (key: string) => RngStream): LanPort {
    const p = new LanPort(this.ports.length, iface)
    const loss = (dir: string) => (port.loss > 0 ? rng(`lan:${this.name}/${iface.node.name}/${dir}`) : null)
    p.up = new Channel(this.net.sched, `${iface.node.name}->${this.name}`, port, this, p.index, this.net, loss('up'))
    p.down = new Channel(
      this.net.sched,
      `${this.name}->${iface.node.name}`,
      port,
      iface,
      p.index,
      this.net,
      loss('down'),
    )
    iface.out = p.up
    iface.lan = this
    this.ports.push(p)
    this.byMac.set(iface.mac, p)
    return p
  }

  portOf(iface: Interface): LanPort {
    const p = this.byMac.get(iface.mac)
    if (!p) throw new Error(`interface ${iface.node.name}#${iface.index} is not on LAN ${this.name}`)
    return p
  }

  /** The switch: a frame arrived from `ingress`. */
  arrive(pkt: Packet, ingress: number): void {
    if (pkt.l2dst === BROADCAST) {
      for (const p of this.ports) if (p.index !== ingress) p.down.send(this.net.pool.clone(pkt))
      this.net.pool.release(pkt)
      return
    }
    const port = this.byMac.get(pkt.l2dst)
    if (port === undefined) this.net.drop(pkt, 'no-endpoint', this.name)
    else port.down.send(pkt)
  }

  /** IP output on this LAN: find the MAC of `hop` and send, or queue and ask. */
  resolveAndSend(iface: Interface, pkt: Packet, hop: Address): void {
    const port = this.portOf(iface)
    const cache = port.cache
    const now = this.net.sched.now
    const e = cache.entries.get(hop)
    if (e !== undefined && e.expires > now) {
      pkt.l2dst = e.mac
      iface.out.send(pkt)
      return
    }
    let pend = cache.pending.get(hop)
    if (pend === undefined) {
      pend = { packets: [], probes: 0 }
      cache.pending.set(hop, pend)
      this.probe(port, hop, pend)
    }
    if (pend.packets.length >= ARP_PENDING_LIMIT) this.net.drop(pkt, 'arp-failure', iface.node.name)
    else pend.packets.push(pkt)
  }

  private probe(port: LanPort, hop: Address, pend: Pending): void {
    pend.probes++
    this.sendArp(
      port.iface,
      { op: 'request', senderAddr: port.iface.address, senderMac: port.iface.mac, targetAddr: hop },
      BROADCAST,
    )
    this.net.sched.call(this.net.sched.now + ARP_RETRY, () => {
      if (port.cache.pending.get(hop) !== pend) return // resolved meanwhile
      if (pend.probes < ARP_PROBES && port.iface.node.up) this.probe(port, hop, pend)
      else {
        port.cache.pending.delete(hop)
        for (const p of pend.packets) this.net.drop(p, 'arp-failure', port.iface.node.name)
      }
    })
  }

  /** Announces `addr` at `iface` (after a move): receivers that know `addr` update their entry. */
  gratuitousArp(iface: Interface, addr: Address): void {
    this.sendArp(iface, { op: 'request', senderAddr: addr, senderMac: iface.mac, targetAddr: addr }, BROADCAST)
  }

  /** Forgets every cache entry for `addr` (e.g. when its owner leaves the LAN). */
  flush(addr: Address): void {
    for (const p of this.ports) p.cache.entries.delete(addr)
  }

  private sendArp(iface: Interface, msg: ArpMessage, l2dst: number): void {
    const pkt = this.net.pool.alloc()
    pkt.proto = Proto.ARP
    pkt.size = ARP_PAYLOAD
    pkt.src = msg.senderAddr
    pkt.dst = msg.targetAddr
    pkt.l2dst = l2dst
    pkt.msg = msg
    pkt.born = this.net.sched.now
    this.arpMessages++
    iface.out.send(pkt)
  }

  /** An ARP frame reached `iface`. */
  arpReceive(iface: Interface, pkt: Packet): void {
    const msg = pkt.msg as ArpMessage
    this.net.pool.release(pkt)
    if (!iface.node.up) return
    const port = this.portOf(iface)
    const cache = port.cache
    const now = this.net.sched.now
    const gratuitous = msg.senderAddr === msg.targetAddr
    const forMe = iface.addresses.includes(msg.targetAddr) || iface.proxyArp.has(msg.targetAddr)
    // RFC 826 merge: refresh an existing entry for the sender; create one only if the request is
    // for us (Linux's arp_accept=0 behaviour for gratuitous ARP).
    if (cache.entries.has(msg.senderAddr) || (forMe && !gratuitous) || msg.op === 'reply') {
      if (msg.senderAddr !== iface.address || msg.senderMac === iface.mac) {
        cache.entries.set(msg.senderAddr, { mac: msg.senderMac, expires: now + this.arpTimeout })
      }
    }
    const pend = cache.pending.get(msg.senderAddr)
    if (pend !== undefined && cache.entries.has(msg.senderAddr)) {
      cache.pending.delete(msg.senderAddr)
      const mac = msg.senderMac
      for (const p of pend.packets) {
        p.l2dst = mac
        iface.out.send(p)
      }
    }
    for (const o of this.arpObservers) o(iface, msg)
    if (msg.op === 'request' && forMe && !gratuitous) {
      this.sendArp(
        iface,
        { op: 'reply', senderAddr: msg.targetAddr, senderMac: iface.mac, targetAddr: msg.senderAddr },
        msg.senderMac,
      )
    }
  }

  /** Takes every port of a failed node down. */
  setNodeUp(iface: Interface, up: boolean): void {
    const p = this.portOf(iface)
    for (const ch of [p.up, p.down]) {
      if (up) ch.recover()
      else ch.fail()
    }
    if (!up) {
      p.cache.entries.clear()
      for (const [, pend] of p.cache.pending)
        for (const pkt of pend.packets) this.net.drop(pkt, 'node-down', iface.node.name)
      p.cache.pending.clear()
    }
  }
}

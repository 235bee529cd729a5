// The DEMOS/MP message kernel of a cluster host, mapped onto IP: it unwraps link headers addressed
// to it (the inner packet goes to the transport, where the moved process's endpoint matches it),
// and it keeps the forwarding addresses of the processes that left. A packet no endpoint here
// wants, for a link a forwarding address answers for, is queued or forwarded (the transport's
// no-endpoint hook: the host's own connections always come first), and its sender gets a link update.
// If the host fails, its forwarding addresses are lost with its memory.

import { SECOND, type Time } from '../../core'
import type { Node, Shim } from '../../net/node'
import { IPV4_HEADER, type Packet, Proto, UDP_HEADER } from '../../net/packet'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { World } from '../../sim/world'
import { sendDatagram } from '../datagram'
import { decapsulate, encapsulate } from '../encapsulation'
import type { Signal } from '../mip/signal'
import type { ForwardingAddress } from './forwarding-address'
import {
  DEMOS_LINK,
  LINK_HEADER_BYTES,
  LINK_UPDATE_BYTES,
  LINK_UPDATE_PORT,
  type LinkUpdate,
  linkKey,
} from './link-header'

/** Link updates to one sender through one forwarding address: the first at once, then at most one per period, doubling. */
const UPDATE_HOLDOFF: Time = 1 * SECOND
const MAX_UPDATE_HOLDOFF: Time = 64 * SECOND

export class DemosKernel implements Shim {
  private readonly entries = new Map<number, ForwardingAddress>()
  /** Link updates sent by this kernel. */
  updatesSent = 0

  constructor(
    private readonly world: World,
    readonly node: Node,
    private readonly collectAfter: Time | null,
    private readonly signal: Signal,
  ) {
    node.shims.push(this)
    world.stack(node).noEndpoint.push((pkt) => this.unmatched(pkt))
    world.net.nodeObservers.push((n, up) => {
      if (n !== node || up) return
      for (const f of new Set(this.entries.values())) this.remove(f)
    })
  }

  /** The forwarding addresses held here (tests). */
  forwardingAddresses(): ForwardingAddress[] {
    return [...new Set(this.entries.values())]
  }

  /** Where a process's forwarding address here is, if any. */
  entryOf(p: Process): ForwardingAddress | undefined {
    for (const f of this.entries.values()) if (f.process === p) return f
    return undefined
  }

  add(f: ForwardingAddress): void {
    for (const k of f.keys) this.entries.set(k, f)
  }

  remove(f: ForwardingAddress): void {
    for (const k of f.keys) if (this.entries.get(k) === f) this.entries.delete(k)
    if (f.collection >= 0) this.world.sched.cancel(f.collection)
    f.collection = -1
    f.residual.release()
    for (const pkt of f.queue.splice(0)) this.world.net.drop(pkt, 'no-endpoint', this.node.name)
  }

  /** The process resumed elsewhere (move `m`): from now on messages go on to `next`, the queued ones first. */
  forwardTo(f: ForwardingAddress, next: Node, moves: number, m: MigrationRecord): void {
    f.next = next
    f.moves = moves
    f.m = m
    f.residual.hold(this.node, m)
    f.lastUsed = this.world.now
    this.scheduleCollection(f)
    for (const pkt of f.queue.splice(0)) this.forward(f, pkt)
  }

  /** Link headers addressed here: the inner packet goes on to the transport. */
  input(pkt: Packet): Packet | null {
    if (pkt.proto !== DEMOS_LINK || pkt.inner === null) return pkt
    return decapsulate(this.world.net, pkt)
  }

  output(pkt: Packet): Packet | null {
    return pkt
  }

  private unmatched(pkt: Packet): boolean {
    if (this.entries.size === 0 || (pkt.proto !== Proto.TCP && pkt.proto !== Proto.UDP)) return false
    const f = this.entries.get(linkKey(pkt.dst, pkt.dport))
    if (f === undefined) return false
    f.lastUsed = this.world.now
    if (f.next === null) f.queue.push(pkt)
    else this.forward(f, pkt)
    return true
  }

  private forward(f: ForwardingAddress, pkt: Packet): void {
    const next = f.next!
    f.forwarded++
    this.tellSender(f, pkt)
    this.node.sendRaw(encapsulate(this.world.net, pkt, this.node.address, next.address, DEMOS_LINK, LINK_HEADER_BYTES))
  }

  /** The sender of a forwarded message learns where the process went (rate-limited per sender). */
  private tellSender(f: ForwardingAddress, pkt: Packet): void {
    const now = this.world.now
    const due = f.updateDue.get(pkt.src)
    if (due !== undefined && now < due.at) return
    const holdoff = due === undefined ? UPDATE_HOLDOFF : Math.min(MAX_UPDATE_HOLDOFF, 2 * due.holdoff)
    f.updateDue.set(pkt.src, { at: now + holdoff, holdoff })
    const u: LinkUpdate = { kind: 'link-update', addr: pkt.dst, port: pkt.dport, at: f.next!.address, moves: f.moves }
    this.updatesSent++
    sendDatagram(this.node, this.node.address, pkt.src, LINK_UPDATE_PORT, LINK_UPDATE_PORT, LINK_UPDATE_BYTES, u, false)
    const sender = this.world.net.ownerOf(pkt.src)
    const bytes = IPV4_HEADER + UDP_HEADER + LINK_UPDATE_BYTES
    this.signal('link-update', this.node, sender ?? this.world.net.fmt(pkt.src), bytes, f.m)
  }

  /** Garbage collection of an entry unused for collectAfter. */
  private scheduleCollection(f: ForwardingAddress): void {
    const after = this.collectAfter
    if (after === null || f.collection >= 0) return
    f.collection = this.world.sched.call(f.lastUsed + after, () => {
      f.collection = -1
      if (this.world.now - f.lastUsed >= after) this.remove(f)
      else this.scheduleCollection(f)
    })
  }
}

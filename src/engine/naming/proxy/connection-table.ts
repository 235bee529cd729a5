// A front-end's connection table (Linux Virtual Server's ip_vs_conn): one entry per connection
// through the front-end, keyed by the outside endpoint, saying which service address (virtual IP
// and port) it used and where the connection lives inside the cluster now (real address and
// port). Lookups are allocation-free: a Map from the outside endpoint to a short chain of entries.
// Entries end as LVS ends them: some time after a RST or after FINs (its state timeouts).

import { type Scheduler, SECOND, type Time } from '../../core'
import type { Address } from '../../net/address'
import type { Net } from '../../net/net'
import { type Packet, TcpFlag } from '../../net/packet'
import type { Process } from '../../proc/process'

/** ip_vs's default state timeouts (ipvsadm --set tcp tcpfin udp: 900 120 300; CLOSE 10 s). */
const AFTER_FIN: Time = 120 * SECOND
const AFTER_RST: Time = 10 * SECOND

const FIN_OUTSIDE = 1
const FIN_INSIDE = 2

export class FrontEndEntry {
  /** FINs seen, by side; removal scheduled. */
  fins = 0
  ending = false
  /** The next entry with the same outside endpoint. */
  next: FrontEndEntry | null = null
  /** Packets held while the connection's state is in transit to its back-end (a handoff). */
  held: Packet[] | null = null

  constructor(
    readonly remote: Address,
    readonly remotePort: number,
    readonly vip: Address,
    readonly vport: number,
    /** Where the connection lives now (NO_ADDRESS while its state is in transit). */
    public real: Address,
    readonly realPort: number,
    readonly process: Process,
  ) {}
}

function endpointKey(addr: Address, port: number): number {
  return addr * 65536 + port
}

export class ConnectionTable {
  private readonly byRemote = new Map<number, FrontEndEntry>()
  private count = 0

  constructor(
    private readonly sched: Scheduler,
    /** The front-end sees only the client's half of each connection (handoff: back-ends answer directly). */
    private readonly inboundOnly: boolean,
    /** Told when an entry ends (the NAT director then releases its reply route). */
    private readonly onRemoved: (e: FrontEndEntry) => void = () => {},
  ) {}

  get size(): number {
    return this.count
  }

  add(e: FrontEndEntry): void {
    const k = endpointKey(e.remote, e.remotePort)
    e.next = this.byRemote.get(k) ?? null
    this.byRemote.set(k, e)
    this.count++
  }

  /** The entry of a packet from the outside endpoint to a service address. */
  inbound(pkt: Packet): FrontEndEntry | null {
    for (let e = this.byRemote.get(endpointKey(pkt.src, pkt.sport)) ?? null; e !== null; e = e.next) {
      if (e.vip === pkt.dst && e.vport === pkt.dport) return e
    }
    return null
  }

  /** The entry of a packet from inside the cluster back to the outside endpoint. */
  outbound(pkt: Packet): FrontEndEntry | null {
    for (let e = this.byRemote.get(endpointKey(pkt.dst, pkt.dport)) ?? null; e !== null; e = e.next) {
      if (e.real === pkt.src && e.realPort === pkt.sport) return e
    }
    return null
  }

  /** Every entry of connections to `p` (on a move: rare, so it may allocate). */
  ofProcess(p: Process): FrontEndEntry[] {
    const out: FrontEndEntry[] = []
    for (const head of this.byRemote.values())
      for (let e: FrontEndEntry | null = head; e; e = e.next) if (e.process === p) out.push(e)
    return out
  }

  /** Follows TCP's closing flags through the front-end; schedules the entry's removal like ip_vs. */
  track(e: FrontEndEntry, flags: number, fromOutside: boolean): void {
    if (e.ending) return
    if (flags & TcpFlag.RST) this.expire(e, AFTER_RST)
    else if (flags & TcpFlag.FIN) {
      e.fins |= fromOutside ? FIN_OUTSIDE : FIN_INSIDE
      const both = this.inboundOnly ? FIN_OUTSIDE : FIN_OUTSIDE | FIN_INSIDE
      if (e.fins === both) this.expire(e, AFTER_FIN)
    }
  }

  /** Ends an entry after `after`, as ip_vs's state timer does. */
  expire(e: FrontEndEntry, after: Time): void {
    e.ending = true
    this.sched.call(this.sched.now + after, () => this.remove(e))
  }

  remove(e: FrontEndEntry): void {
    const k = endpointKey(e.remote, e.remotePort)
    let prev: FrontEndEntry | null = null
    for (let cur = this.byRemote.get(k) ?? null; cur !== null; prev = cur, cur = cur.next) {
      if (cur !== e) continue
      if (prev) prev.next = cur.next
      else if (cur.next) this.byRemote.set(k, cur.next)
      else this.byRemote.delete(k)
      this.count--
      this.onRemoved(e)
      return
    }
  }

  /** Forgets everything (the front-end crashed: its table was soft state). */
  clear(net: Net, where: string): void {
    for (const head of this.byRemote.values()) {
      for (let e: FrontEndEntry | null = head; e; e = e.next) {
        for (const pkt of e.held ?? []) net.drop(pkt, 'node-down', where)
        e.held = null
      }
    }
    this.byRemote.clear()
    this.count = 0
  }
}

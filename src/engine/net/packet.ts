// Packets: pooled objects with the header fields the transports and the naming architectures
// need. A packet is allocated once and recycled, so forwarding a million packets allocates
// nothing after warm-up. Encapsulation (IP-in-IP, UDP tunnels, ESP/BEET, LISP) wraps a packet in
// an outer one that points at it (`inner`); the outer header's bytes count on the wire.

import { type Address, NO_ADDRESS } from './address'

/** IP protocol numbers (IANA) where one exists; MigLab's own control protocols above 200. */
export const Proto = {
  ICMP: 1,
  IPIP: 4,
  TCP: 6,
  UDP: 17,
  ESP: 50,
  SCTP: 132,
  /** Address resolution (not IP; rides directly on Ethernet). */
  ARP: 254,
} as const

/** Header sizes in bytes. */
export const IPV4_HEADER = 20
export const IPV6_HEADER = 40
export const TCP_HEADER = 20
export const UDP_HEADER = 8
/** Link-layer framing: PPP on point-to-point links (as ns-3), Ethernet II + FCS on LANs. */
export const PPP_OVERHEAD = 2
export const ETHERNET_OVERHEAD = 18
/** Ethernet preamble, start delimiter and inter-frame gap, which also take time on the wire. */
export const ETHERNET_GAP = 20
export const ETHERNET_MIN_PAYLOAD = 46
export const ARP_PAYLOAD = 28

/** TCP flags. */
export const TcpFlag = { FIN: 1, SYN: 2, RST: 4, PSH: 8, ACK: 16 } as const

/** Link-layer broadcast destination. */
export const BROADCAST = -2

export class Packet {
  /** Unique per simulation, for tracing. */
  id = 0
  src: Address = NO_ADDRESS
  dst: Address = NO_ADDRESS
  proto = 0
  /** IPv6 (40-byte header) instead of IPv4. */
  v6 = false
  /** Size of the IP packet in bytes: IP header + everything above it. */
  size = 0
  ttl = 64
  // Transport header fields (TCP/UDP/SCTP/QUIC share them where they mean the same thing).
  sport = 0
  dport = 0
  seq = 0
  ack = 0
  flags = 0
  wnd = 0
  /** Transport payload bytes. */
  len = 0
  /** TCP SACK blocks (RFC 2018): up to 3 [start, end) pairs in `sack`. */
  sackBlocks = 0
  readonly sack = new Float64Array(6)
  /** The packet this one encapsulates (tunnels), or null. */
  inner: Packet | null = null
  /** Control-message body (ARP, naming signalling, DNS), or null. */
  msg: unknown = null
  /** Simulation metadata carried for bookkeeping (e.g. a stream's message table on a SYN); invisible to protocols. */
  meta: unknown = null
  /**
   * The transport endpoint that sent it (bookkeeping, invisible to protocols): a drop is charged
   * to its connection even after a NAT or a tunnel rewrote the addresses.
   */
  origin: object | null = null
  /** Link-layer destination on a LAN: an interface id, or BROADCAST. */
  l2dst = 0
  /** Channel epoch when sent on the current hop (a failed link drops packets of older epochs). */
  hopEpoch = 0
  /** When the packet was created (for one-way delay measurements). */
  born = 0
  /** Set while the packet is in the pool, to catch use after release. */
  free = false
}

/** Recycles packets. Release a packet exactly once, when it is delivered or dropped. */
export class PacketPool {
  private readonly stock: Packet[] = []
  private nextId = 1
  /** Packets created in total, and currently out of the pool (for leak checks). */
  created = 0
  out = 0
  /** TTL of new packets (64, as Linux; ns-3's RING-UDP benchmark raises it to 255). */
  defaultTtl = 64

  alloc(): Packet {
    const p = this.stock.pop() ?? this.fresh()
    p.free = false
    p.ttl = this.defaultTtl
    p.id = this.nextId++
    this.out++
    return p
  }

  /** Returns a packet (and whatever it encapsulates) to the pool. */
  release(p: Packet): void {
    let cur: Packet | null = p
    while (cur !== null) {
      if (cur.free) throw new Error(`packet ${cur.id} released twice`)
      const next: Packet | null = cur.inner
      cur.free = true
      cur.inner = null
      cur.msg = null
      cur.meta = null
      cur.origin = null
      cur.flags = 0
      cur.len = 0
      cur.sackBlocks = 0
      cur.seq = 0
      cur.ack = 0
      cur.wnd = 0
      cur.sport = 0
      cur.dport = 0
      cur.v6 = false
      this.out--
      this.stock.push(cur)
      cur = next
    }
  }

  /** A copy of `p` (and of its inner packets), e.g. for a broadcast frame on each LAN port. */
  clone(p: Packet): Packet {
    const c = this.alloc()
    const id = c.id
    Object.assign(c, p)
    c.id = id
    c.free = false
    c.inner = p.inner === null ? null : this.clone(p.inner)
    return c
  }

  private fresh(): Packet {
    this.created++
    return new Packet()
  }
}

/** The IP header size of a packet. */
export function ipHeader(p: Packet): number {
  return p.v6 ? IPV6_HEADER : IPV4_HEADER
}

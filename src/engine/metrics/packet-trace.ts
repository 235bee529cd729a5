// Full packet tracing, for the detail behind a timeline segment: every transmission on every hop
// (and every drop) inside a time window. Off by default — a run records only its compact timeline;
// the app rebuilds packet detail on demand by rerunning the job deterministically with tracing on.

import type { Time } from '../core'
import { type Packet, Proto } from '../net/packet'

export type PacketKind = 'data' | 'tunnelled' | 'signalling' | 'arp'

export interface PacketRecord {
  t: Time
  /** The packet's id (the same on every hop). */
  packet: number
  /** The hop: the channel's name, "from->to". */
  hop: string
  kind: PacketKind
  /** Protocol label: "TCP", "UDP", "IP-in-IP", "ESP", ..., or the control message's kind. */
  what: string
  /** IP bytes. */
  size: number
  /** Outer source and destination, formatted. */
  src: string
  dst: string
  /** Inner source and destination of a tunnelled packet. */
  inner?: string
  /** TCP seq/flags or the message's fields, in short. */
  detail: string
  /** Why it was dropped, for a drop record. */
  dropped?: string
}

export interface TraceWindow {
  from: Time
  to: Time
  /** At most this many records (default 200,000); the trace says when it was cut. */
  limit?: number
}

const PROTO_NAMES: Record<number, string> = {
  [Proto.ICMP]: 'ICMP',
  [Proto.IPIP]: 'IP-in-IP',
  [Proto.TCP]: 'TCP',
  [Proto.UDP]: 'UDP',
  [Proto.ESP]: 'ESP',
  [Proto.SCTP]: 'SCTP',
  [Proto.ARP]: 'ARP',
}

const FLAG_NAMES: [number, string][] = [
  [2, 'SYN'],
  [16, 'ACK'],
  [1, 'FIN'],
  [4, 'RST'],
  [8, 'PSH'],
]

function messageKind(msg: unknown): string | undefined {
  if (msg && typeof msg === 'object') {
    const m = msg as Record<string, unknown>
    for (const k of ['kind', 'type', 'op', 'what']) if (typeof m[k] === 'string') return m[k] as string
  }
  return undefined
}

export class PacketTracer {
  readonly records: PacketRecord[] = []
  truncated = false
  private readonly limit: number

  constructor(
    private readonly window: TraceWindow,
    private readonly now: () => Time,
    private readonly fmt: (addr: number, v6: boolean) => string,
  ) {
    this.limit = window.limit ?? 200_000
  }

  private wanted(): boolean {
    const t = this.now()
    if (t < this.window.from || t > this.window.to) return false
    if (this.records.length >= this.limit) {
      this.truncated = true
      return false
    }
    return true
  }

  sent(hop: string, pkt: Packet): void {
    if (this.wanted()) this.records.push(this.record(hop, pkt))
  }

  dropped(where: string, pkt: Packet, reason: string): void {
    if (!this.wanted()) return
    const r = this.record(where, pkt)
    r.dropped = reason
    this.records.push(r)
  }

  private record(hop: string, pkt: Packet): PacketRecord {
    let innermost = pkt
    while (innermost.inner !== null) innermost = innermost.inner
    const msgKind = messageKind(pkt.msg) ?? messageKind(innermost.msg)
    const kind: PacketKind =
      pkt.proto === Proto.ARP ? 'arp' : pkt.inner !== null ? 'tunnelled' : msgKind !== undefined ? 'signalling' : 'data'
    const proto = PROTO_NAMES[pkt.proto] ?? `proto ${pkt.proto}`
    let detail = ''
    if (innermost.proto === Proto.TCP) {
      const flags = FLAG_NAMES.filter(([bit]) => innermost.flags & bit)
        .map(([, n]) => n)
        .join(',')
      detail = `${flags} seq ${innermost.seq} ack ${innermost.ack} len ${innermost.len}`
    } else if (innermost.proto === Proto.UDP) detail = `${innermost.sport}→${innermost.dport} len ${innermost.len}`
    const r: PacketRecord = {
      t: this.now(),
      packet: pkt.id,
      hop,
      kind,
      what: msgKind ?? proto,
      size: pkt.size,
      src: this.fmt(pkt.src, pkt.v6),
      dst: this.fmt(pkt.dst, pkt.v6),
      detail,
    }
    if (innermost !== pkt)
      r.inner = `${this.fmt(innermost.src, innermost.v6)}→${this.fmt(innermost.dst, innermost.v6)} ${PROTO_NAMES[innermost.proto] ?? innermost.proto}`
    return r
  }
}

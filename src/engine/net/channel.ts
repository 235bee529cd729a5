// One direction of a link or LAN port: a transmitter with a drop-tail queue, a serialisation rate,
// a propagation delay and a loss probability.
//
// The queue is virtual: when a packet is accepted, its transmission start is max(now, the end of
// the previous transmission), so its arrival at the far end is known at once and scheduled as a
// single event. Occupancy for drop-tail is the number of accepted packets whose transmission has
// not started yet (those still waiting, as in ns-3's device queue), kept in a ring of start times.
// One event per packet per hop, and no per-packet allocation.
//
// A failure bumps the channel's epoch: packets in flight or queued at that moment were stamped
// with the old epoch and are dropped when they arrive.
//
// A packet larger than the MTU (a tunnel's extra header on a full-size segment) is sent as IP
// fragments: every fragment carries its own IP header and link framing, which costs wire time,
// and the packet is lost if any fragment is (RFC 791 reassembly). The fragments travel as one unit
// through the queue.

import type { Handler, RngStream, Scheduler, Time } from '../core'
import type { DropReason } from './drops'
import { ipHeader, type Packet } from './packet'

/** Where a channel delivers: an interface (from a link or a switch port) or a switch. */
export interface FrameSink {
  arrive(pkt: Packet, port: number): void
}

/** Where drops are reported (counted, traced, and the packet released); it may trace sends too. */
export interface DropSink {
  drop(pkt: Packet, reason: DropReason, where: string): void
  readonly tracer: { sent(hop: string, pkt: Packet): void } | null
}

export interface ChannelParams {
  /** Bits per second. */
  bandwidth: number
  /** One-way propagation delay, ns. */
  latency: Time
  loss: number
  /** Queue limit in packets (waiting, not counting the one on the wire). */
  queue: number
  mtu: number
  /** Link-layer bytes added to every packet (framing), and bytes of minimum payload padding. */
  overhead: number
  minPayload: number
  /** Extra bytes of wire time per frame (preamble and gap), not part of the frame. */
  gap: number
}

export class Channel implements Handler {
  hid = -1
  readonly bandwidth: number
  readonly latency: Time
  readonly loss: number
  readonly queueLimit: number
  readonly mtu: number
  private readonly overhead: number
  private readonly minPayload: number
  private readonly gap: number
  /** ns per byte on the wire, as a float; transmission times are rounded up per frame. */
  private readonly nsPerByte: number
  private busyUntil: Time = 0
  private ring: Float64Array
  private head = 0
  private tail = 0
  epoch = 0
  up = true
  txPackets = 0
  txBytes = 0
  /** Packets sent as several IP fragments. */
  fragmented = 0

  /**
   * @param name for drop reports, e.g. "r1->r2"
   * @param sink receives `arrive(packet, port)` when a packet arrives at the far end
   * @param lossRng the channel's own random stream (only drawn from when loss > 0)
   */
  constructor(
    private readonly sched: Scheduler,
    readonly name: string,
    p: ChannelParams,
    private readonly sink: FrameSink,
    private readonly port: number,
    private readonly drops: DropSink,
    private readonly lossRng: RngStream | null,
  ) {
    this.bandwidth = p.bandwidth
    this.latency = p.latency
    this.loss = p.loss
    this.queueLimit = p.queue
    this.mtu = p.mtu
    this.overhead = p.overhead
    this.minPayload = p.minPayload
    this.gap = p.gap
    this.nsPerByte = 8e9 / p.bandwidth
    this.ring = new Float64Array(16)
  }

  /** Bytes a packet of `size` IP bytes occupies on this channel's wire (framing, padding, gap). */
  wireBytes(size: number): number {
    return Math.max(size, this.minPayload) + this.overhead + this.gap
  }

  /** Serialisation time of an IP packet of `size` bytes, in integer ns (rounded up). */
  txTime(size: number): Time {
    return Math.ceil(this.wireBytes(size) * this.nsPerByte)
  }

  /** Fragments a packet needs on this channel (1 when it fits the MTU). */
  fragments(pkt: Packet): number {
    if (pkt.size <= this.mtu) return 1
    const header = ipHeader(pkt)
    // Fragment payloads are multiples of 8 bytes (RFC 791).
    const perFragment = Math.floor((this.mtu - header) / 8) * 8
    return Math.ceil((pkt.size - header) / perFragment)
  }

  /** Wire bytes of a packet, fragments included. */
  private frameBytes(pkt: Packet): number {
    if (pkt.size <= this.mtu) return this.wireBytes(pkt.size)
    const n = this.fragments(pkt)
    const header = ipHeader(pkt)
    return pkt.size + (n - 1) * header + n * (this.overhead + this.gap)
  }

  /** Packets accepted but not yet on the wire. */
  queued(now: Time): number {
    const ring = this.ring
    const mask = ring.length - 1
    while (this.head < this.tail && ring[this.head & mask] <= now) this.head++
    return this.tail - this.head
  }

  /**
   * Sends a packet: it arrives at the far end after queueing, serialisation and propagation, or
   * is dropped (full queue, channel down, lost on the wire) and reported. Returns false if dropped.
   */
  send(pkt: Packet): boolean {
    if (!this.up) {
      this.drops.drop(pkt, 'link-down', this.name)
      return false
    }
    const now = this.sched.now
    const start = Math.max(this.busyUntil, now)
    if (start > now) {
      if (this.queued(now) >= this.queueLimit) {
        this.drops.drop(pkt, 'queue', this.name)
        return false
      }
      this.pushStart(start)
    }
    const end = start + Math.ceil(this.frameBytes(pkt) * this.nsPerByte)
    this.busyUntil = end
    this.txPackets++
    this.txBytes += pkt.size
    if (this.drops.tracer !== null) this.drops.tracer.sent(this.name, pkt)
    if (pkt.size > this.mtu) this.fragmented++
    if (
      this.loss > 0 &&
      this.lossRng !== null &&
      this.lossRng.uniform() < (pkt.size > this.mtu ? 1 - (1 - this.loss) ** this.fragments(pkt) : this.loss)
    ) {
      this.drops.drop(pkt, 'loss', this.name)
      return false
    }
    pkt.hopEpoch = this.epoch
    this.sched.at(end + this.latency, this, 0, 0, pkt)
    return true
  }

  /** Arrival at the far end. */
  handle(_code: number, _arg: number, obj: unknown): void {
    const pkt = obj as Packet
    if (pkt.hopEpoch !== this.epoch) this.drops.drop(pkt, 'link-down', this.name)
    else this.sink.arrive(pkt, this.port)
  }

  /** Takes the channel down: everything queued or in flight is lost. */
  fail(): void {
    this.up = false
    this.epoch++
    this.busyUntil = this.sched.now
    this.head = this.tail = 0
  }

  recover(): void {
    this.up = true
    this.busyUntil = this.sched.now
  }

  private pushStart(start: Time): void {
    if (this.tail - this.head >= this.ring.length) {
      const old = this.ring
      const mask = old.length - 1
      const grown = new Float64Array(old.length * 2)
      let k = 0
      for (let i = this.head; i < this.tail; i++) grown[k++] = old[i & mask]
      this.ring = grown
      this.head = 0
      this.tail = k
    }
    this.ring[this.tail & (this.ring.length - 1)] = start
    this.tail++
  }
}

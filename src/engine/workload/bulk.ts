// The bulk transfer: one long stream between a process in the cluster and a remote peer, from the
// process to the peer or the other way, of a given size or endless. The peer opens the connection
// (through the naming architecture); on every (re)connection the two ends agree where to go on —
// the receiver's byte count, which an application would exchange to resume — and the sender
// writes from there. The sender keeps at most WINDOW bytes written beyond what the receiver has:
// both ends are in one simulation, so the receiver's progress stands for the socket buffers
// draining, and the transport (whichever it is) always has data to send without holding the whole
// stream. Throughput is sampled at the receiver every 100 ms.
//
// Per migration of the process: the throughput before it (mean over up to 2 s before the decision
// to move), the dip (1 − the lowest throughput after the decision ÷ the one before: 1 when the
// stream stopped altogether) and the recovery time (from the decision until throughput is back to
// 90 % of the one before; 0 if it never fell below that, NaN if it had not recovered when the next
// migration or the end of the run came).

import { type Handler, MS, parseSize, SECOND, type Time } from '../core'
import type { Session } from '../metrics/recorder'
import { nodeAt, processAt } from '../proc/elements'
import type { Process } from '../proc/process'
import type { BulkWorkloadSpec } from '../scenario/spec'
import type { World } from '../sim/world'
import type { Stream } from '../transport/stream'
import { SessionClient } from './client'
import { mean, type Workload, workloadPath } from './workload'

/** Throughput sampling period. */
const BIN = 100 * MS
/** How far before a migration its reference throughput is measured. */
const BEFORE = 2 * SECOND
/** Recovered: back to this share of the throughput before. */
const RECOVERED = 0.9
/** An endless stream: more bytes than any run can carry (sequence numbers stay exact below 2^53). */
const ENDLESS = 2 ** 50
/** Bytes the sender may have written beyond what the receiver has, and the size of one write. */
const WINDOW = 16 * 1024 * 1024
const CHUNK = 256 * 1024
/** A resume message: where the receiver is. */
const CONTROL_BYTES = 32

interface Resume {
  offset: number
}

export class BulkWorkload implements Workload, Handler {
  hid = -1
  readonly kind = 'bulk'
  private readonly process: Process
  private readonly session: Session
  private readonly client: SessionClient
  private readonly size: number
  private readonly toPeer: boolean
  /** Data bytes the receiver has, in total and in the current sampling bin. */
  private received = 0
  /** The sender's current stream and how far into the transfer it has written. */
  private sender: Stream | null = null
  private written = 0
  private binBytes = 0
  private binStart: Time = 0
  private running = false
  private completedAt: Time = -1
  private startedAt: Time = 0
  /** Bin end times and throughputs (bit/s). */
  private readonly binEnds: Time[] = []
  private readonly rates: number[] = []

  constructor(
    private readonly world: World,
    private readonly spec: BulkWorkloadSpec,
  ) {
    const at = workloadPath(world, spec)
    this.process = processAt(world, `${at}.process`, spec.process)
    const peer = nodeAt(world, `${at}.peer`, spec.peer)
    this.size = spec.size ? parseSize(spec.size) : ENDLESS
    this.toPeer = spec.direction === 'to-peer'
    this.session = world.recorder.session(spec.name, spec.name, this.process.name, peer.name)
    world.arch.listen(this.process, spec.port, (s) => {
      world.metrics.watch(this.session, s, 'process')
      s.app = {
        onMessage: (conn, tag) => {
          // to-peer: the peer says where it is; the rest follows.
          if (this.toPeer) this.write(conn, (tag as Resume).offset)
        },
        onData: (_conn, bytes) => {
          if (!this.toPeer) this.arrived(bytes)
        },
        onPeerClosed: (conn) => conn.close(),
      }
      // from-peer: the process says where it is; the peer sends the rest.
      if (!this.toPeer) s.send(CONTROL_BYTES, { offset: this.received } satisfies Resume)
    })
    this.client = new SessionClient(world, this.session, peer, this.process, spec.port, {
      connected: (s) => {
        if (this.toPeer) s.send(CONTROL_BYTES, { offset: this.received } satisfies Resume)
      },
      message: (tag) => {
        if (!this.toPeer && this.client.stream) this.write(this.client.stream, (tag as Resume).offset)
      },
      data: (bytes) => {
        if (this.toPeer) this.arrived(bytes)
      },
    })
  }

  get name(): string {
    return this.spec.name
  }

  start(): void {
    this.running = true
    this.startedAt = this.world.now
    this.binStart = this.world.now
    this.world.sched.at(this.world.now + BIN, this, 0)
    this.client.start()
  }

  stop(): void {
    this.running = false
    this.client.stop()
  }

  /** A (new) connection: the sender goes on from where the receiver is. */
  private write(s: Stream, offset: number): void {
    this.sender = s
    this.written = offset
    this.pump()
  }

  /** Tops the sender's stream up to WINDOW bytes beyond what the receiver has. */
  private pump(): void {
    const s = this.sender
    if (!this.running || s === null || !s.isOpen) return
    while (this.written < this.size && this.written - this.received < WINDOW) {
      const n = Math.min(CHUNK, this.size - this.written, WINDOW - (this.written - this.received))
      s.send(n)
      this.written += n
    }
  }

  private arrived(bytes: number): void {
    const data = Math.min(bytes, this.size - this.received)
    this.received += data
    this.binBytes += data
    if (this.toPeer) this.session.bytesOut += data
    else this.session.bytesIn += data
    if (this.received >= this.size && this.completedAt < 0) {
      this.completedAt = this.world.now
      this.sampleBin()
      this.stop()
      return
    }
    this.pump()
  }

  /** End of a sampling bin. */
  handle(): void {
    if (!this.running) return
    this.sampleBin()
    this.world.sched.at(this.world.now + BIN, this, 0)
  }

  private sampleBin(): void {
    const now = this.world.now
    if (now <= this.binStart) return
    const rate = (this.binBytes * 8 * SECOND) / (now - this.binStart)
    this.binEnds.push(now)
    this.rates.push(rate)
    this.world.recorder.sample(`${this.spec.name}.throughput`, now, rate)
    this.binBytes = 0
    this.binStart = now
  }

  summarize(out: Record<string, number>): void {
    const end = this.completedAt >= 0 ? this.completedAt : this.world.now
    out['bulk.bytes'] = this.received
    out['bulk.throughput.mean'] = end > this.startedAt ? (this.received * 8 * SECOND) / (end - this.startedAt) : 0
    out['bulk.duration'] = this.completedAt >= 0 ? this.completedAt - this.startedAt : Number.NaN
    const dips: number[] = []
    const recoveries: number[] = []
    let unrecovered = 0
    const moves = this.world.recorder.migrations.filter((m) => m.process === this.process.name)
    moves.forEach((m, k) => {
      const until = k + 1 < moves.length ? moves[k + 1].decidedAt : end
      const effect = this.effect(m.decidedAt, until)
      if (!effect) return
      dips.push(effect.dip)
      if (Number.isNaN(effect.recovery)) unrecovered++
      else recoveries.push(effect.recovery)
    })
    out['bulk.dip.mean'] = mean(dips)
    out['bulk.dip.max'] = dips.length ? Math.max(...dips) : Number.NaN
    out['bulk.recovery.mean'] = mean(recoveries)
    out['bulk.recovery.max'] = recoveries.length ? Math.max(...recoveries) : Number.NaN
    out['bulk.unrecovered'] = unrecovered
  }

  /** The dip and recovery time of a migration decided at `at`, looking until `until`; null without a reference. */
  private effect(at: Time, until: Time): { dip: number; recovery: number } | null {
    const before: number[] = []
    for (let i = 0; i < this.binEnds.length; i++) {
      const e = this.binEnds[i]
      if (e <= at && e - BIN >= at - BEFORE) before.push(this.rates[i])
    }
    if (before.length === 0) return null
    const reference = mean(before)
    let lowest = Number.POSITIVE_INFINITY
    let fell = false
    for (let i = 0; i < this.binEnds.length; i++) {
      const e = this.binEnds[i]
      if (e <= at || e - BIN >= until) continue
      const r = this.rates[i]
      if (r < lowest) lowest = r
      if (r < RECOVERED * reference) fell = true
      else if (fell) return { dip: 1 - lowest / reference, recovery: e - at }
    }
    if (!fell) return { dip: Number.isFinite(lowest) ? Math.max(0, 1 - lowest / reference) : 0, recovery: 0 }
    return { dip: 1 - lowest / reference, recovery: Number.NaN }
  }
}

// A TCP connection, per segment, with real timers: the transport whose retransmission back-off
// decides most migration outages (MODELS.md §1).
//
//   RFC 793   states, the three-way handshake, sequence/acknowledgement, RST generation, FIN/close
//   RFC 6298  RTO estimation (rto.ts), Karn's rule, exponential back-off with a cap, §5.7 SYN rule
//   RFC 5681  slow start, congestion avoidance, fast retransmit
//   RFC 2018  selective acknowledgements; RFC 6675 SACK-based loss recovery (pipe, NextSeg)
//   RFC 1122  R2 give-up after `retries` retransmissions of one segment
//
// Modelling choices: sequence numbers are not wrapped (53-bit floats); every segment is
// acknowledged at once (no delayed ACK, so RTT samples are exact); the application reads
// immediately, so the receive window stays open (no persist timer is needed); no timestamps.
// Data is counted in bytes; message boundaries travel in StreamMeta.

import { type Handler, SECOND, type Time, Timer } from '../core'
import type { Address } from '../net/address'
import { ipHeader, type Packet, Proto, TCP_HEADER, TcpFlag } from '../net/packet'
import { RtoEstimator } from './rto'
import type { TransportStack } from './stack'
import type { Stream, StreamApp } from './stream'
import { type MessageQueue, StreamMeta } from './stream-meta'
import type { TcpConfig } from './tcp-config'

export const TcpState = {
  CLOSED: 0,
  LISTEN: 1,
  SYN_SENT: 2,
  SYN_RECEIVED: 3,
  ESTABLISHED: 4,
  FIN_WAIT_1: 5,
  FIN_WAIT_2: 6,
  CLOSE_WAIT: 7,
  CLOSING: 8,
  LAST_ACK: 9,
  TIME_WAIT: 10,
} as const
export type TcpState = (typeof TcpState)[keyof typeof TcpState]
export const TCP_STATE_NAMES = Object.keys(TcpState)

/** What the application sees (what an application programmer must handle). */
export type TcpApp = StreamApp

/** Observes a connection for the metrics (retransmissions, timeouts, deliveries). */
export interface TcpObserver {
  segmentSent(c: TcpConnection, seq: number, len: number, retransmission: boolean): void
  rtoExpired(c: TcpConnection, rto: Time): void
  /** `bytes` of new in-order data arrived; `born` is when the segment completing them was sent. */
  delivered(c: TcpConnection, bytes: number, born: Time): void
  stateChanged(c: TcpConnection, from: TcpState, to: TcpState): void
}

const RTO_TIMER = 0
const TIME_WAIT_TIMER = 1
const THREE_SECONDS = 3 * SECOND

export class TcpConnection implements Handler, Stream {
  hid = -1
  state: TcpState = TcpState.CLOSED
  /** Set by the application (or workload) that owns the connection. */
  app: TcpApp | null = null
  observer: TcpObserver | null = null
  /** A label for traces and results. */
  label = ''
  /** Whether packets of this connection use IPv6 headers. */
  v6 = false
  /** A frozen connection (its process is being migrated) ignores segments and timers. */
  frozen = false

  // Send side (RFC 793 §3.2 names).
  iss = 0
  sndUna = 0
  sndNxt = 0
  /** Highest sequence number sent so far (snd.max). */
  sndMax = 0
  sndWnd = 0
  cwnd = 0
  ssthresh = Number.MAX_SAFE_INTEGER
  private dupAcks = 0
  private inRecovery = false
  /** RFC 6675 RecoveryPoint and HighRxt. */
  private recoveryPoint = 0
  private highRxt = 0
  /** SACK scoreboard: sorted, disjoint [start, end) intervals above sndUna the peer holds. */
  private sacked: number[] = []
  /** Retransmissions of the segment at sndUna so far. */
  retransmits = 0
  /** Totals, for metrics. */
  totalRetransmits = 0
  totalTimeouts = 0
  readonly rto: RtoEstimator
  private rttSeq = -1
  private rttStart: Time = 0
  private synRetransmitted = false
  private finQueued = false
  private finSent = false

  // Receive side.
  irs = 0
  rcvNxt = 0
  /** Out-of-order data held: sorted, disjoint [start, end) intervals of sequence numbers. */
  private ooo: number[] = []
  /** Index in `ooo` of the block that received the latest out-of-order segment. */
  private lastOoo = -1
  private peerFinSeq = -1

  meta: StreamMeta
  private readonly timer: Timer
  private readonly timeWaitTimer: Timer
  private frozenTimerAt: Time = -1

  constructor(
    public stack: TransportStack,
    readonly config: TcpConfig,
    public localAddr: Address,
    public localPort: number,
    public remoteAddr: Address,
    public remotePort: number,
    /** True for the side that opened actively (connect). */
    readonly client: boolean,
  ) {
    this.rto = new RtoEstimator({
      initial: config.initialRto,
      min: config.minRto,
      max: config.maxRto,
      granularity: config.granularity,
    })
    this.timer = new Timer(stack.sched, this, RTO_TIMER)
    this.timeWaitTimer = new Timer(stack.sched, this, TIME_WAIT_TIMER)
    this.meta = new StreamMeta()
    this.cwnd = config.initialWindow * config.mss
  }

  private get outQueue(): MessageQueue {
    return this.client ? this.meta.fromClient : this.meta.fromServer
  }

  private get inQueue(): MessageQueue {
    return this.client ? this.meta.fromServer : this.meta.fromClient
  }

  /** Data bytes delivered to the application so far. */
  get bytesReceived(): number {
    return this.rcvNxt === 0
      ? 0
      : this.rcvNxt - this.irs - 1 - (this.peerFinSeq >= 0 && this.rcvNxt > this.peerFinSeq ? 1 : 0)
  }

  /** Data bytes acknowledged by the peer so far. */
  get bytesAcked(): number {
    return Math.max(0, Math.min(this.sndUna, this.dataEndSeq) - this.iss - 1)
  }

  /** Data bytes written by the application and not yet acknowledged. */
  get unacked(): number {
    return this.dataEndSeq - Math.max(this.sndUna, this.iss + 1)
  }

  private get dataEndSeq(): number {
    return this.iss + 1 + this.outQueue.written
  }

  get isOpen(): boolean {
    return this.state === TcpState.ESTABLISHED || this.state === TcpState.CLOSE_WAIT
  }

  // ---- opening -------------------------------------------------------------------------------

  /** Active open (RFC 793 OPEN call): sends SYN. */
  open(iss: number): void {
    this.iss = iss
    this.sndUna = iss
    this.sndNxt = iss + 1
    this.sndMax = iss + 1
    this.setState(TcpState.SYN_SENT)
    this.sendSegment(iss, 0, TcpFlag.SYN, false)
    this.rttSeq = iss
    this.rttStart = this.stack.sched.now
    this.timer.set(this.rto.rto)
  }

  /** Passive open: a listener received `syn`; answers SYN-ACK. */
  accept(syn: Packet, iss: number): void {
    this.irs = syn.seq
    this.rcvNxt = syn.seq + 1
    this.sndWnd = syn.wnd
    if (syn.meta instanceof StreamMeta) this.meta = syn.meta
    this.iss = iss
    this.sndUna = iss
    this.sndNxt = iss + 1
    this.sndMax = iss + 1
    this.setState(TcpState.SYN_RECEIVED)
    this.sendSegment(iss, 0, TcpFlag.SYN | TcpFlag.ACK, false)
    this.rttSeq = iss
    this.rttStart = this.stack.sched.now
    this.timer.set(this.rto.rto)
  }

  // ---- the application's calls -----------------------------------------------------------------

  /** Writes a message of `bytes` bytes; `tag` is handed to the peer's onMessage when it has all arrived. */
  send(bytes: number, tag: unknown = null): void {
    if (this.finQueued || this.state === TcpState.CLOSED) return
    if (bytes <= 0) return
    this.outQueue.push(bytes, tag)
    this.output()
  }

  /** Graceful close: FIN after the data already written. */
  close(): void {
    if (this.finQueued || this.state === TcpState.CLOSED) return
    this.finQueued = true
    if (this.state === TcpState.SYN_SENT) {
      this.terminate()
      return
    }
    this.output()
  }

  /** Abort: RST to the peer, then CLOSED. */
  abort(): void {
    if (this.state !== TcpState.CLOSED && this.state !== TcpState.SYN_SENT && this.state !== TcpState.TIME_WAIT) {
      this.sendSegment(this.sndNxt, 0, TcpFlag.RST, false)
    }
    this.terminate()
  }

  // ---- output ----------------------------------------------------------------------------------

  private canSendData(): boolean {
    const s = this.state
    return (
      s === TcpState.ESTABLISHED ||
      s === TcpState.CLOSE_WAIT ||
      s === TcpState.FIN_WAIT_1 ||
      s === TcpState.CLOSING ||
      s === TcpState.LAST_ACK
    )
  }

  /** Sends what the congestion and receive windows allow (RFC 5681 §3.1). */
  output(): void {
    if (this.frozen || !this.canSendData()) return
    if (this.inRecovery) {
      this.recoverySend()
      return
    }
    const mss = this.config.mss
    const end = this.dataEndSeq
    for (;;) {
      // After a timeout, data the peer already holds (SACKed) is not sent again.
      const skip = this.sndNxt < this.sndMax ? this.sackedEnd(this.sndNxt) : -1
      if (skip >= 0) {
        this.sndNxt = skip
        continue
      }
      const inflight = this.sndNxt - this.sndUna
      const wnd = Math.min(this.cwnd, this.sndWnd)
      const avail = end - this.sndNxt
      if (avail <= 0) break
      let len = Math.min(mss, avail, wnd - inflight)
      if (this.sndNxt < this.sndMax) {
        for (let i = 0; i < this.sacked.length; i += 2)
          if (this.sacked[i] > this.sndNxt) len = Math.min(len, this.sacked[i] - this.sndNxt)
      }
      if (len <= 0) break
      // Sender-side silly-window avoidance (RFC 1122 §4.2.3.4): a window-limited sender waits for
      // room for a full segment; a data-limited one sends what it has (no Nagle: TCP_NODELAY).
      if (len < mss && len < avail && !(this.sndNxt < this.sndMax && len === this.holeRoom(this.sndNxt))) break
      const seq = this.sndNxt
      const retx = seq < this.sndMax
      this.sendSegment(seq, len, TcpFlag.ACK | TcpFlag.PSH, retx)
      if (!retx && this.rttSeq < 0) {
        this.rttSeq = seq
        this.rttStart = this.stack.sched.now
      }
      this.sndNxt = seq + len
      if (this.sndNxt > this.sndMax) this.sndMax = this.sndNxt
    }
    if (this.finQueued && !this.finSent && this.sndNxt === end) {
      this.finSent = true
      this.sendSegment(this.sndNxt, 0, TcpFlag.FIN | TcpFlag.ACK, false)
      this.sndNxt++
      if (this.sndNxt > this.sndMax) this.sndMax = this.sndNxt
      if (this.state === TcpState.ESTABLISHED) this.setState(TcpState.FIN_WAIT_1)
      else if (this.state === TcpState.CLOSE_WAIT) this.setState(TcpState.LAST_ACK)
    }
    if (this.sndMax > this.sndUna && !this.timer.armed) this.timer.set(this.rto.rto)
  }

  private sendSegment(seq: number, len: number, flags: number, retransmission: boolean): void {
    const pkt = this.stack.net.pool.alloc()
    pkt.origin = this
    pkt.proto = Proto.TCP
    pkt.v6 = this.v6
    pkt.src = this.localAddr
    pkt.dst = this.remoteAddr
    pkt.sport = this.localPort
    pkt.dport = this.remotePort
    pkt.seq = seq
    // Every segment but the opening SYN acknowledges (RFC 793 §3.4).
    pkt.flags = this.state === TcpState.SYN_SENT && flags & TcpFlag.SYN ? flags : flags | TcpFlag.ACK
    pkt.ack = pkt.flags & TcpFlag.ACK ? this.rcvNxt : 0
    pkt.wnd = this.config.receiveWindow
    pkt.len = len
    let options = 0
    if (this.ooo.length > 0 && pkt.flags & TcpFlag.ACK) {
      // RFC 2018 §4: the block holding the most recent arrival first, then the others.
      const o = this.ooo
      let n = 0
      const first = this.lastOoo
      if (first >= 0 && first < o.length) {
        pkt.sack[0] = o[first]
        pkt.sack[1] = o[first + 1]
        n = 1
      }
      for (let i = 0; i < o.length && n < 3; i += 2) {
        if (i === first) continue
        pkt.sack[2 * n] = o[i]
        pkt.sack[2 * n + 1] = o[i + 1]
        n++
      }
      pkt.sackBlocks = n
      options = 4 * Math.ceil((2 + 8 * n) / 4)
    }
    pkt.size = ipHeader(pkt) + TCP_HEADER + options + len
    pkt.born = this.stack.sched.now
    if (flags & TcpFlag.SYN) pkt.meta = this.meta
    if (retransmission) {
      this.totalRetransmits++
      if (seq === this.rttSeq || seq <= this.rttSeq) this.rttSeq = -1 // Karn: no sample from retransmitted data
    }
    this.observer?.segmentSent(this, seq, len, retransmission)
    this.stack.node.send(pkt)
  }

  private sendAck(): void {
    if (this.state === TcpState.CLOSED) return
    this.sendSegment(this.sndNxt, 0, TcpFlag.ACK, false)
  }

  // ---- timers ----------------------------------------------------------------------------------

  handle(code: number): void {
    if (code === TIME_WAIT_TIMER) {
      this.terminate()
      return
    }
    this.onRtoExpired()
  }

  /** RFC 6298 §5.4–5.6 and RFC 5681 §3.1 after an RTO. */
  private onRtoExpired(): void {
    if (this.frozen || this.state === TcpState.CLOSED || this.state === TcpState.TIME_WAIT) return
    this.totalTimeouts++
    this.observer?.rtoExpired(this, this.rto.rto)
    this.retransmits++
    const synPhase = this.state === TcpState.SYN_SENT || this.state === TcpState.SYN_RECEIVED
    const limit = synPhase ? this.config.synRetries : this.config.retries
    if (this.retransmits > limit) {
      const app = this.app
      this.terminate()
      app?.onTimeout?.(this)
      return
    }
    this.rto.backoff()
    this.rttSeq = -1
    if (synPhase) {
      this.synRetransmitted = true
      const flags = this.state === TcpState.SYN_SENT ? TcpFlag.SYN : TcpFlag.SYN | TcpFlag.ACK
      this.sendSegment(this.iss, 0, flags, true)
      this.timer.set(this.rto.rto)
      return
    }
    // Loss window (RFC 5681 §3.1): one segment, and slow start toward half the flight.
    const flight = this.sndMax - this.sndUna
    this.ssthresh = Math.max(Math.floor(flight / 2), 2 * this.config.mss)
    this.cwnd = this.config.mss
    this.inRecovery = false
    this.dupAcks = 0
    this.sacked.length = 0 // the receiver may renege (RFC 2018 §8): start over from sndUna
    this.sndNxt = this.sndUna // go back N
    if (this.finSent && this.sndUna >= this.dataEndSeq) {
      // Only the FIN is outstanding.
      this.sendSegment(this.sndUna, 0, TcpFlag.FIN | TcpFlag.ACK, true)
      this.sndNxt = this.sndUna + 1
    } else this.output()
    this.timer.set(this.rto.rto)
  }

  // ---- input -----------------------------------------------------------------------------------

  /** A segment for this connection (demultiplexed by the stack). */
  input(seg: Packet): void {
    if (this.frozen) {
      this.stack.net.drop(seg, 'frozen', this.stack.node.name)
      return
    }
    const flags = seg.flags
    if (flags & TcpFlag.RST) {
      this.inputRst(seg)
      return
    }
    switch (this.state) {
      case TcpState.SYN_SENT:
        this.inputSynSent(seg)
        break
      case TcpState.CLOSED:
      case TcpState.LISTEN:
        this.stack.net.pool.release(seg)
        break
      default:
        this.inputSynchronized(seg)
    }
  }

  private inputRst(seg: Packet): void {
    // RFC 793: in SYN-SENT a RST is acceptable if it acknowledges our SYN; elsewhere if its
    // sequence number is in the window (here: at rcvNxt or later, since the window is open).
    const ok = this.state === TcpState.SYN_SENT ? seg.ack === this.sndNxt : seg.seq >= this.rcvNxt - 1
    this.stack.net.pool.release(seg)
    if (!ok || this.state === TcpState.CLOSED) return
    const app = this.app
    this.terminate()
    app?.onReset?.(this)
  }

  private inputSynSent(seg: Packet): void {
    const flags = seg.flags
    if (!(flags & TcpFlag.SYN) || !(flags & TcpFlag.ACK) || seg.ack !== this.iss + 1) {
      this.stack.net.pool.release(seg)
      return
    }
    this.irs = seg.seq
    this.rcvNxt = seg.seq + 1
    this.sndWnd = seg.wnd
    this.sndUna = seg.ack
    this.stack.net.pool.release(seg)
    if (this.synRetransmitted) this.rto.resetAfterSynTimeout(THREE_SECONDS)
    else this.rto.sample(this.stack.sched.now - this.rttStart)
    this.rttSeq = -1
    this.retransmits = 0
    this.timer.cancel()
    this.setState(TcpState.ESTABLISHED)
    this.sendAck()
    this.app?.onConnected?.(this)
    this.output()
  }

  private inputSynchronized(seg: Packet): void {
    const flags = seg.flags
    // A retransmitted SYN or SYN-ACK (our ACK was lost): acknowledge again.
    if (flags & TcpFlag.SYN) {
      this.stack.net.pool.release(seg)
      this.sendAck()
      return
    }
    if (flags & TcpFlag.ACK) this.inputAck(seg)
    if (this.state === TcpState.CLOSED) {
      this.stack.net.pool.release(seg)
      return
    }
    const hadData = seg.len > 0 || (flags & TcpFlag.FIN) !== 0
    if (hadData) this.inputData(seg)
    this.stack.net.pool.release(seg)
    if (hadData) this.sendAck()
    this.output()
  }

  private inputAck(seg: Packet): void {
    const ack = seg.ack
    if (this.state === TcpState.SYN_RECEIVED) {
      if (ack !== this.iss + 1) return
      this.sndUna = ack
      this.sndWnd = seg.wnd
      if (this.synRetransmitted) this.rto.resetAfterSynTimeout(THREE_SECONDS)
      else this.rto.sample(this.stack.sched.now - this.rttStart)
      this.rttSeq = -1
      this.retransmits = 0
      this.timer.cancel()
      this.setState(TcpState.ESTABLISHED)
      this.stack.established(this)
      return
    }
    this.sndWnd = seg.wnd
    const mss = this.config.mss
    if (seg.sackBlocks > 0) this.updateScoreboard(seg)
    if (ack > this.sndUna && ack <= this.sndMax) {
      const acked = ack - this.sndUna
      this.sndUna = ack
      if (this.sndNxt < ack) this.sndNxt = ack
      this.retransmits = 0
      while (this.sacked.length > 0 && this.sacked[1] <= ack) this.sacked.splice(0, 2)
      if (this.sacked.length > 0 && this.sacked[0] < ack) this.sacked[0] = ack
      if (this.rttSeq >= 0 && ack > this.rttSeq) {
        this.rto.sample(this.stack.sched.now - this.rttStart)
        this.rttSeq = -1
      }
      this.dupAcks = 0
      if (this.inRecovery && ack >= this.recoveryPoint) {
        this.inRecovery = false
        this.cwnd = this.ssthresh
      } else if (!this.inRecovery) {
        if (this.cwnd < this.ssthresh) this.cwnd += Math.min(acked, mss)
        else this.cwnd += Math.max(1, Math.floor((mss * mss) / this.cwnd))
      }
      if (this.sndUna >= this.sndMax) this.timer.cancel()
      else this.timer.set(this.rto.rto)
      this.afterAckAdvance()
    } else if (ack === this.sndUna && seg.len === 0 && this.sndMax > this.sndUna && !(seg.flags & TcpFlag.FIN)) {
      this.dupAcks++ // RFC 5681 §3.2
    }
    if (!this.inRecovery && this.sndMax > this.sndUna && (this.dupAcks >= 3 || this.isLost(this.sndUna))) {
      // Enter loss recovery (RFC 6675 §5 step 4).
      const flight = this.sndMax - this.sndUna
      this.ssthresh = Math.max(Math.floor(flight / 2), 2 * mss)
      this.cwnd = this.ssthresh
      this.inRecovery = true
      this.recoveryPoint = this.sndMax
      this.highRxt = this.sndUna
      this.retransmitSegment(this.sndUna)
    }
    if (this.inRecovery) this.recoverySend()
  }

  /** Merges the SACK blocks of an ACK into the scoreboard. */
  private updateScoreboard(seg: Packet): void {
    for (let b = 0; b < seg.sackBlocks; b++) {
      let s = Math.max(seg.sack[2 * b], this.sndUna)
      let e = Math.min(seg.sack[2 * b + 1], this.sndMax)
      if (e <= s) continue
      const o = this.sacked
      let i = 0
      while (i < o.length && o[i + 1] < s) i += 2
      let j = i
      while (j < o.length && o[j] <= e) {
        s = Math.min(s, o[j])
        e = Math.max(e, o[j + 1])
        j += 2
      }
      o.splice(i, j - i, s, e)
    }
  }

  private sackedAbove(seq: number): number {
    let n = 0
    for (let i = 0; i < this.sacked.length; i += 2)
      if (this.sacked[i + 1] > seq) n += this.sacked[i + 1] - Math.max(seq, this.sacked[i])
    return n
  }

  /** RFC 6675 IsLost: at least DupThresh (3) segments' worth of data SACKed above `seq`. */
  private isLost(seq: number): boolean {
    return this.sacked.length > 0 && this.sackedAbove(seq) >= 3 * this.config.mss
  }

  /** Bytes from `seq` to the next SACKed block above it (Infinity if none). */
  private holeRoom(seq: number): number {
    for (let i = 0; i < this.sacked.length; i += 2) if (this.sacked[i] > seq) return this.sacked[i] - seq
    return Number.POSITIVE_INFINITY
  }

  /** If `seq` is inside a SACKed block, the block's end; else -1. */
  private sackedEnd(seq: number): number {
    for (let i = 0; i < this.sacked.length; i += 2)
      if (this.sacked[i] <= seq && seq < this.sacked[i + 1]) return this.sacked[i + 1]
    return -1
  }

  /** RFC 6675 SetPipe, by bytes: outstanding data not SACKed and not lost, plus retransmissions of lost data. */
  private pipe(): number {
    let pipe = 0
    let seq = this.sndUna
    const o = this.sacked
    let k = 0
    while (seq < this.sndMax) {
      while (k < o.length && o[k + 1] <= seq) k += 2
      if (k < o.length && o[k] <= seq) {
        seq = o[k + 1]
        continue
      }
      const holeEnd = k < o.length ? Math.min(o[k], this.sndMax) : this.sndMax
      const lostEnd = this.lossBoundary()
      // [seq, holeEnd) is un-SACKed: the part below lostEnd is lost unless retransmitted.
      const lostPart = Math.max(0, Math.min(holeEnd, lostEnd) - seq)
      const retxPart = Math.max(0, Math.min(holeEnd, lostEnd, this.highRxt) - seq)
      pipe += holeEnd - seq - lostPart + retxPart
      seq = holeEnd
    }
    return pipe
  }

  /** The highest sequence number below which un-SACKed data counts as lost (3 MSS SACKed above it). */
  private lossBoundary(): number {
    let need = 3 * this.config.mss
    const o = this.sacked
    for (let i = o.length - 2; i >= 0; i -= 2) {
      const len = o[i + 1] - o[i]
      if (len >= need) return o[i + 1] - need
      need -= len
    }
    return this.sndUna
  }

  /** Sends while the window allows, choosing segments as RFC 6675 NextSeg does. */
  private recoverySend(): void {
    const mss = this.config.mss
    for (let guard = 0; guard < 1000; guard++) {
      if (this.cwnd - this.pipe() < mss) return
      // Rule 1: the first lost, not yet retransmitted, un-SACKed data.
      const lostEnd = this.lossBoundary()
      let seq = Math.max(this.highRxt, this.sndUna)
      let e = this.sackedEnd(seq)
      while (e >= 0) {
        seq = e
        e = this.sackedEnd(seq)
      }
      if (seq < lostEnd && seq < this.sndMax) {
        this.retransmitSegment(seq)
        continue
      }
      // Rule 2: new data.
      if (this.sndNxt < this.dataEndSeq && this.sndNxt - this.sndUna < this.sndWnd) {
        const len = Math.min(mss, this.dataEndSeq - this.sndNxt)
        this.sendSegment(this.sndNxt, len, TcpFlag.ACK | TcpFlag.PSH, false)
        this.sndNxt += len
        if (this.sndNxt > this.sndMax) this.sndMax = this.sndNxt
        continue
      }
      return
    }
  }

  /** Retransmits one segment starting at `seq` (up to the next SACKed block). */
  private retransmitSegment(seq: number): void {
    const end = this.dataEndSeq
    if (seq >= end) {
      if (this.finSent) this.sendSegment(seq, 0, TcpFlag.FIN | TcpFlag.ACK, true)
      this.highRxt = Math.max(this.highRxt, seq + 1)
      return
    }
    let len = Math.min(this.config.mss, end - seq)
    for (let i = 0; i < this.sacked.length; i += 2) if (this.sacked[i] > seq) len = Math.min(len, this.sacked[i] - seq)
    this.sendSegment(seq, len, TcpFlag.ACK | TcpFlag.PSH, true)
    this.highRxt = Math.max(this.highRxt, seq + len)
  }

  /** State changes once our FIN is acknowledged. */
  private afterAckAdvance(): void {
    if (!this.finSent || this.sndUna < this.sndMax) return
    if (this.state === TcpState.FIN_WAIT_1) this.setState(TcpState.FIN_WAIT_2)
    else if (this.state === TcpState.CLOSING) this.enterTimeWait()
    else if (this.state === TcpState.LAST_ACK) {
      const app = this.app
      this.terminate()
      app?.onClosed?.(this)
    }
  }

  private inputData(seg: Packet): void {
    let start = seg.seq
    const end = seg.seq + seg.len
    if (seg.flags & TcpFlag.FIN) this.peerFinSeq = end
    if (end <= this.rcvNxt && !(seg.flags & TcpFlag.FIN && this.rcvNxt === end)) return // duplicate
    if (start < this.rcvNxt) start = this.rcvNxt
    if (start > this.rcvNxt) {
      if (end > start) this.addOutOfOrder(start, end)
      return
    }
    // In order: advance, then absorb any out-of-order data that now follows.
    const before = this.rcvNxt
    this.rcvNxt = Math.max(this.rcvNxt, end)
    while (this.ooo.length > 0 && this.ooo[0] <= this.rcvNxt) {
      this.rcvNxt = Math.max(this.rcvNxt, this.ooo[1])
      this.ooo.splice(0, 2)
      this.lastOoo -= 2
    }
    const fin = this.peerFinSeq >= 0 && this.rcvNxt >= this.peerFinSeq
    const dataEnd = fin ? this.peerFinSeq : this.rcvNxt
    const newBytes = dataEnd - Math.max(before, this.irs + 1)
    if (newBytes > 0) this.deliver(newBytes, seg.born)
    if (fin && this.rcvNxt === this.peerFinSeq) {
      this.rcvNxt++ // the FIN occupies one sequence number
      this.onPeerFin()
    }
  }

  private deliver(newBytes: number, born: Time): void {
    this.observer?.delivered(this, newBytes, born)
    const app = this.app
    app?.onData?.(this, newBytes)
    this.inQueue.drain(this.bytesReceived, app?.onMessage ? (tag, bytes) => app.onMessage?.(this, tag, bytes) : null)
  }

  private addOutOfOrder(start: number, end: number): void {
    const o = this.ooo
    let i = 0
    while (i < o.length && o[i + 1] < start) i += 2
    let s = start
    let e = end
    let j = i
    while (j < o.length && o[j] <= e) {
      s = Math.min(s, o[j])
      e = Math.max(e, o[j + 1])
      j += 2
    }
    o.splice(i, j - i, s, e)
    this.lastOoo = i
  }

  private onPeerFin(): void {
    switch (this.state) {
      case TcpState.ESTABLISHED:
        this.setState(TcpState.CLOSE_WAIT)
        this.app?.onPeerClosed?.(this)
        break
      case TcpState.FIN_WAIT_1:
        if (this.finSent && this.sndUna >= this.sndMax) this.enterTimeWait()
        else this.setState(TcpState.CLOSING)
        this.app?.onPeerClosed?.(this)
        break
      case TcpState.FIN_WAIT_2:
        this.enterTimeWait()
        this.app?.onPeerClosed?.(this)
        break
    }
  }

  private enterTimeWait(): void {
    this.setState(TcpState.TIME_WAIT)
    this.timer.cancel()
    this.timeWaitTimer.set(this.config.timeWait)
    this.app?.onClosed?.(this)
  }

  // ---- migration support -----------------------------------------------------------------------

  /** Freezes the connection: segments are dropped and timers suspended until thaw(). */
  freeze(): void {
    if (this.frozen) return
    this.frozen = true
    this.frozenTimerAt = this.timer.armed ? this.timer.expiry : -1
    this.timer.cancel()
  }

  /** Resumes after a freeze: a timer that would have expired meanwhile fires now. */
  thaw(): void {
    if (!this.frozen) return
    this.frozen = false
    if (this.frozenTimerAt >= 0) this.timer.setAt(Math.max(this.stack.sched.now, this.frozenTimerAt))
    this.frozenTimerAt = -1
    this.output()
  }

  /**
   * Moves the TCB to another node's stack (its process migrated with its kernel state), keeping or
   * changing its local address.
   */
  moveTo(stack: TransportStack, localAddr: Address = this.localAddr): void {
    this.stack.unbind(this)
    this.stack = stack
    this.localAddr = localAddr
    stack.bind(this)
  }

  /** Points the connection at a new peer address (TCP Migrate, HIP locator change at the TCP level). */
  rebindRemote(remoteAddr: Address): void {
    this.stack.unbind(this)
    this.remoteAddr = remoteAddr
    this.stack.bind(this)
  }

  /** Retransmits now, skipping the back-off wait (an architecture's signal that the path changed). */
  kick(): void {
    if (this.frozen || this.sndMax <= this.sndUna || !this.canSendData()) return
    this.sndNxt = this.sndUna
    this.output()
    this.timer.set(this.rto.rto)
  }

  // ---- bookkeeping -----------------------------------------------------------------------------

  private setState(s: TcpState): void {
    const from = this.state
    this.state = s
    this.observer?.stateChanged(this, from, s)
  }

  /** Ends the connection without telling the peer, and removes it from the stack. */
  terminate(): void {
    this.timer.cancel()
    this.timeWaitTimer.cancel()
    if (this.state !== TcpState.CLOSED) this.setState(TcpState.CLOSED)
    this.stack.unbind(this)
  }

  toString(): string {
    const n = this.stack.net
    return `${n.fmt(this.localAddr)}:${this.localPort}->${n.fmt(this.remoteAddr)}:${this.remotePort} ${TCP_STATE_NAMES[this.state]}`
  }
}

// An SCTP association (RFC 9260) between two multihomed endpoints, with dynamic address
// reconfiguration (RFC 5061): the transport whose ASCONF exchange and path confirmation decide
// what a process migration costs under MODELS.md §2l.
//
//   RFC 9260 §4, §5.1   states and the four-way handshake (INIT, INIT ACK with a state cookie,
//                       COOKIE ECHO, COOKIE ACK; T1-init / T1-cookie, Max.Init.Retransmits)
//   §5.4                path verification: DATA only to confirmed addresses, HEARTBEAT confirms
//   §6.1–6.4            DATA/TSNs, delayed SACK (every second packet or SACK.Delay, at once on a
//                       gap or duplicate), T3-rtx per destination (§6.3.2 R1–R3, §6.3.3 E1–E3),
//                       retransmission to an alternate active destination (§6.4.1)
//   §6.3.1              RTO per destination (rto.ts: RFC 6298 rules, RTO.Min 1 s), Karn's rule
//   §7.2                per-destination congestion control: slow start, congestion avoidance with
//                       partial_bytes_acked, fast retransmit on 3 miss indications, T3 collapse
//   §8.1–8.3            association and path error counters, Path.Max.Retrans → INACTIVE,
//                       Association.Max.Retrans → give up; HEARTBEAT on idle paths (HB.interval)
//   §9.1–9.2            ABORT; SHUTDOWN / SHUTDOWN ACK / SHUTDOWN COMPLETE
//   RFC 5061 §4–5       ASCONF (Add IP, Delete IP, Set Primary) with serial numbers, one
//                       outstanding, T-4 RTO retransmission; ASCONF-ACK; the last address and the
//                       packet's source address cannot be deleted; AUTH (RFC 4895) accompanies it
//
// Modelling choices: one ordered stream; one DATA chunk per packet (messages are fragmented, never
// bundled); the receive window never closes (the application reads at once); an association is
// found by its verification tag (which also stands for RFC 5061's lookup address), and packets
// from a source address outside the association are discarded unless they carry an ASCONF (which
// AUTH lets come from a new address). Message boundaries are shared through StreamMeta, as TCP.

import { type Handler, type Time, Timer } from '../../core'
import type { Address } from '../../net/address'
import type { Packet } from '../../net/packet'
import { RangeSet } from '../range-set'
import type { StreamApp } from '../stream'
import { type MessageQueue, StreamMeta } from '../stream-meta'
import type { ObservableStream, StreamObserver } from '../stream-observer'
import type { SctpConfig } from './config'
import {
  ABORT_CHUNK,
  ADDRESS_PARAM,
  ASCONF_ACK_CHUNK,
  ASCONF_CHUNK,
  ASCONF_REQUEST,
  ASCONF_RESULT,
  AsconfError,
  AsconfParam,
  type AsconfRequest,
  AUTH_CHUNK,
  allocSctp,
  Chunk,
  COMMON_HEADER,
  COOKIE_ACK_CHUNK,
  DATA_HEADER,
  EXTENSION_PARAMS,
  GAP_BLOCK,
  HEARTBEAT_CHUNK,
  INIT_CHUNK,
  type InitInfo,
  MAX_GAP_BLOCKS,
  pad4,
  SACK_CHUNK,
  type SctpPacket,
  SHUTDOWN_ACK_CHUNK,
  SHUTDOWN_CHUNK,
  SHUTDOWN_COMPLETE_CHUNK,
  STATE_COOKIE,
} from './packet'
import { PathState, SctpPath } from './path'
import type { SctpStack } from './stack'

export const SctpState = {
  CLOSED: 0,
  COOKIE_WAIT: 1,
  COOKIE_ECHOED: 2,
  ESTABLISHED: 3,
  SHUTDOWN_PENDING: 4,
  SHUTDOWN_SENT: 5,
  SHUTDOWN_RECEIVED: 6,
  SHUTDOWN_ACK_SENT: 7,
} as const
export type SctpState = (typeof SctpState)[keyof typeof SctpState]
export const SCTP_STATE_NAMES = Object.keys(SctpState)

/** Events for the naming architecture and tests. */
export interface SctpEvents {
  /** A control chunk that manages addresses or confirms a path left toward `to`. */
  controlChunk?(a: SctpAssociation, what: string, bytes: number, to: Address): void
  /** Every address change this endpoint asked for was acknowledged. */
  reconfigured?(a: SctpAssociation): void
  pathConfirmed?(a: SctpAssociation, path: SctpPath): void
  /** An ASCONF was processed (RFC 5061 §5.2) with these results (0: success, else an error cause). */
  asconfProcessed?(a: SctpAssociation, requests: readonly AsconfRequest[], results: readonly number[]): void
}

/** A DATA chunk sent and not yet cumulatively acknowledged (recycled through `spare`). */
interface OutChunk {
  tsn: number
  len: number
  path: SctpPath
  sentAt: Time
  transmissions: number
  /** Acknowledged by a gap block (not yet cumulatively). */
  gapAcked: boolean
  /** Counted in its path's flight size. */
  inFlight: boolean
  missing: number
  /** Marked for retransmission, and where (null: the current data path). */
  rtx: boolean
  rtxPath: SctpPath | null
}

/** Recycled chunk records: the data path allocates nothing in steady state. */
const spare: OutChunk[] = []

function newChunk(tsn: number, len: number, path: SctpPath): OutChunk {
  const c = spare.pop()
  if (c === undefined) {
    return {
      tsn,
      len,
      path,
      sentAt: 0,
      transmissions: 0,
      gapAcked: false,
      inFlight: false,
      missing: 0,
      rtx: false,
      rtxPath: null,
    }
  }
  c.tsn = tsn
  c.len = len
  c.path = path
  c.transmissions = 0
  c.gapAcked = false
  c.inFlight = false
  c.missing = 0
  c.rtx = false
  c.rtxPath = null
  return c
}

const T1_TIMER = 0
const T2_TIMER = 1
const T4_TIMER = 2
const SACK_TIMER = 3
const T3_TIMER = 4
const HB_TIMER = 5

export class SctpAssociation implements Handler, ObservableStream {
  hid = -1
  readonly transport = 'sctp'
  state: SctpState = SctpState.CLOSED
  app: StreamApp | null = null
  observer: StreamObserver | null = null
  events: SctpEvents | null = null
  label = ''
  frozen = false

  localTag = 0
  peerTag = 0
  localAddrs: Address[]
  readonly paths: SctpPath[] = []
  primary!: SctpPath
  /** A Set Primary request waiting for its address to be confirmed (RFC 5061 §4.2.4). */
  private requestedPrimary: SctpPath | null = null
  private nextPathId = 0
  /** Consecutive retransmissions and unanswered heartbeats on the data path (§8.1). */
  errorCount = 0

  // ---- sending ----
  private nextTsn = 0
  /** Fragments (bytes per DATA chunk) written and not yet sent. */
  private readonly unsent: number[] = []
  private unsentHead = 0
  private readonly outq: OutChunk[] = []
  /** The TSN being timed on each path (Karn: first transmissions only), by path id. */
  private readonly rttTsn = new Map<number, number>()
  private shutdownQueued = false
  /** Data waits while the peer does not yet know our address (RFC 5061: Add IP not yet acknowledged). */
  private holdData = false
  private burstLimit = Number.POSITIVE_INFINITY
  totalRetransmits = 0
  totalT3 = 0

  // ---- receiving ----
  private cumTsn = 0
  private readonly rxAbove = new RangeSet()
  private readonly rxLens = new Map<number, number>()
  private delivered = 0
  private packetsSinceSack = 0
  private sackNow = false
  private sackPending = false
  private sackTo: Address = -1

  // ---- handshake ----
  private initRetransmits = 0
  private initSentAt: Time = 0
  private initInfo: InitInfo | null = null
  private cookie: InitInfo | null = null

  // ---- address reconfiguration (RFC 5061) ----
  private asconfSerial = 0
  private asconfOutstanding: AsconfRequest[] | null = null
  private asconfDest: SctpPath | null = null
  private readonly asconfStages: AsconfRequest[][] = []
  private peerSerial = -1
  private lastAsconfAck: number[] = []

  meta: StreamMeta
  private readonly timers: Timer[]
  private readonly frozenAt = new Map<Timer, Time>()

  constructor(
    public stack: SctpStack,
    readonly config: SctpConfig,
    readonly localPort: number,
    readonly peerPort: number,
    localAddrs: Address[],
    peerAddrs: Address[],
    readonly client: boolean,
  ) {
    this.localAddrs = [...localAddrs]
    this.meta = new StreamMeta()
    const sched = stack.sched
    this.timers = [T1_TIMER, T2_TIMER, T4_TIMER, SACK_TIMER].map((k) => new Timer(sched, this, k))
    for (const a of peerAddrs) this.addPath(a, true)
    this.primary = this.paths[0]
  }

  private get now(): Time {
    return this.stack.sched.now
  }

  private get outQueue(): MessageQueue {
    return this.client ? this.meta.fromClient : this.meta.fromServer
  }

  private get inQueue(): MessageQueue {
    return this.client ? this.meta.fromServer : this.meta.fromClient
  }

  /** Ended (read through a getter so checks after calls that may end it are not narrowed away). */
  get closed(): boolean {
    return this.state === SctpState.CLOSED
  }

  get isOpen(): boolean {
    return this.state === SctpState.ESTABLISHED && !this.shutdownQueued
  }

  /** User data bytes delivered to the application. */
  get bytesReceived(): number {
    return this.delivered
  }

  private addPath(addr: Address, confirmed: boolean): SctpPath {
    const p = new SctpPath(addr, this.nextPathId++, this.config, this.stack.sched, this, T3_TIMER, HB_TIMER)
    p.confirmed = confirmed
    this.paths.push(p)
    return p
  }

  private pathOf(addr: Address): SctpPath | undefined {
    for (const p of this.paths) if (p.addr === addr) return p
    return undefined
  }

  private pathById(id: number): SctpPath | undefined {
    for (const p of this.paths) if (p.id === id) return p
    return undefined
  }

  // ---- opening (§5.1) -----------------------------------------------------------------------------

  /** Client: INIT, then COOKIE-WAIT. */
  open(tag: number, initialTsn: number): void {
    this.localTag = tag
    this.nextTsn = initialTsn
    this.initInfo = {
      tag,
      addrs: this.localAddrs,
      initialTsn,
      meta: this.meta,
      cookie: null,
    }
    this.state = SctpState.COOKIE_WAIT
    this.sendInit()
  }

  private sendInit(): void {
    const q = allocSctp()
    q.chunks = Chunk.INIT
    q.init = this.initInfo
    this.initSentAt = this.now
    this.transmit(
      q,
      this.primary.addr,
      0,
      INIT_CHUNK + ADDRESS_PARAM * this.localAddrs.length + EXTENSION_PARAMS,
      false,
    )
    this.timers[T1_TIMER].set(this.primary.rto.rto)
  }

  private sendCookieEcho(): void {
    const q = allocSctp()
    q.chunks = Chunk.COOKIE_ECHO
    q.init = this.cookie
    this.transmit(q, this.primary.addr, this.peerTag, STATE_COOKIE, false)
    this.timers[T1_TIMER].set(this.primary.rto.rto)
  }

  /** Server: a valid COOKIE ECHO (bringing back our INIT ACK's `info`) created this association (§5.1 D). */
  acceptCookie(info: InitInfo, src: Address): void {
    const cookie = info.cookie as NonNullable<InitInfo['cookie']>
    this.localTag = info.tag
    this.peerTag = cookie.tag
    this.meta = info.meta
    this.cumTsn = cookie.initialTsn - 1
    this.nextTsn = info.initialTsn
    this.state = SctpState.ESTABLISHED
    // §5.4: the address the COOKIE ECHO came from is confirmed; the client's others are not yet.
    for (const p of this.paths) p.confirmed = p.addr === src
    this.primary = this.pathOf(src) ?? this.primary
    const q = allocSctp()
    q.chunks = Chunk.COOKIE_ACK
    this.transmit(q, src, this.peerTag, COOKIE_ACK_CHUNK, false)
    this.startHeartbeats()
  }

  // ---- the application's calls ---------------------------------------------------------------------

  send(bytes: number, tag: unknown = null): void {
    if (this.state !== SctpState.ESTABLISHED || this.shutdownQueued || bytes <= 0) return
    this.outQueue.push(bytes, tag)
    // A message larger than a packet's room is fragmented (§6.9).
    const room = this.maxData()
    for (let left = bytes; left > 0; left -= room) this.unsent.push(Math.min(room, left))
    this.output()
  }

  /** User data bytes one DATA chunk carries in a full-size packet. */
  private maxData(): number {
    return this.config.pmtu - 20 - COMMON_HEADER - DATA_HEADER - SACK_CHUNK
  }

  close(): void {
    if (this.state === SctpState.COOKIE_WAIT || this.state === SctpState.COOKIE_ECHOED) {
      this.terminate()
      return
    }
    if (this.state !== SctpState.ESTABLISHED) return
    this.shutdownQueued = true
    this.state = SctpState.SHUTDOWN_PENDING
    this.maybeShutdown()
  }

  abort(): void {
    if (this.state === SctpState.CLOSED) return
    if (this.state !== SctpState.COOKIE_WAIT) {
      const q = allocSctp()
      q.chunks = Chunk.ABORT
      this.transmit(q, this.primary.addr, this.peerTag, ABORT_CHUNK, false)
    }
    this.terminate()
  }

  // ---- output --------------------------------------------------------------------------------------

  private canSendData(): boolean {
    const s = this.state
    return s === SctpState.ESTABLISHED || s === SctpState.SHUTDOWN_PENDING || s === SctpState.SHUTDOWN_RECEIVED
  }

  /** The destination for new data: the primary if usable, else another usable one (§6.4). */
  private dataPath(): SctpPath | null {
    if (this.primary.usable) return this.primary
    for (const p of this.paths) if (p.usable) return p
    return this.primary.confirmed ? this.primary : null
  }

  /** An active destination other than `from`, for retransmission (§6.4.1), else `from`. */
  private alternate(from: SctpPath): SctpPath {
    for (const p of this.paths) if (p !== from && p.usable) return p
    return from
  }

  /** Sends retransmissions, then new data, as the destinations' congestion windows allow (§6.1, §7.2). */
  output(): void {
    if (this.frozen || this.holdData || !this.canSendData()) {
      this.flushSack()
      return
    }
    let burst = this.burstLimit
    this.burstLimit = Number.POSITIVE_INFINITY
    for (let guard = 0; guard < 100_000 && burst > 0; guard++) {
      let c: OutChunk | null = null
      for (const o of this.outq) {
        if (o.rtx) {
          c = o
          break
        }
      }
      const dest = c ? (c.rtxPath && this.paths.includes(c.rtxPath) ? c.rtxPath : this.dataPath()) : this.dataPath()
      if (dest === null) break
      // §6.1 rule B: no new transmission while cwnd or more is outstanding to that address.
      if (dest.flightSize >= dest.cwnd) break
      if (c !== null) {
        this.sendChunk(c, dest, true)
      } else {
        if (this.unsentHead >= this.unsent.length) break
        const len = this.unsent[this.unsentHead++]
        const o = newChunk(this.nextTsn++, len, dest)
        this.outq.push(o)
        this.sendChunk(o, dest, false)
      }
      burst--
    }
    if (this.unsentHead > 1024 && this.unsentHead * 2 > this.unsent.length) {
      this.unsent.splice(0, this.unsentHead)
      this.unsentHead = 0
    }
    this.flushSack()
  }

  private sendChunk(c: OutChunk, dest: SctpPath, retransmission: boolean): void {
    c.rtx = false
    c.rtxPath = null
    c.path = dest
    c.sentAt = this.now
    c.transmissions++
    c.missing = 0
    c.inFlight = true
    dest.flightSize += c.len
    if (!retransmission && !this.rttTsn.has(dest.id)) this.rttTsn.set(dest.id, c.tsn)
    if (retransmission) {
      this.totalRetransmits++
      if (this.rttTsn.get(dest.id) !== undefined && (this.rttTsn.get(dest.id) as number) <= c.tsn)
        this.rttTsn.delete(dest.id) // Karn: no sample from retransmitted data
    }
    const q = allocSctp()
    q.chunks = Chunk.DATA
    q.tsn = c.tsn
    q.dataLength = c.len
    let bytes = DATA_HEADER + pad4(c.len)
    if (this.sackPending) bytes += this.fillSack(q)
    this.transmit(q, dest.addr, this.peerTag, bytes, retransmission)
    // §6.3.2 R1: start T3 on the destination if it is not running.
    if (!dest.t3.armed) dest.t3.set(dest.rto.rto)
  }

  /** Sends a SACK on its own if one is due (§6.2). */
  private flushSack(): void {
    if (!this.sackPending || !this.sackNow || this.frozen) return
    const q = allocSctp()
    const bytes = this.fillSack(q)
    this.transmit(q, this.sackTo >= 0 ? this.sackTo : this.primary.addr, this.peerTag, bytes, false)
  }

  private fillSack(q: SctpPacket): number {
    q.chunks |= Chunk.SACK
    q.cumTsn = this.cumTsn
    q.arwnd = this.config.receiveWindow
    const r = this.rxAbove
    const n = Math.min(r.count, MAX_GAP_BLOCKS)
    q.gapCount = n
    for (let k = 0; k < n; k++) {
      q.gaps[2 * k] = r.start(k)
      q.gaps[2 * k + 1] = r.end(k) - 1
    }
    this.sackPending = false
    this.sackNow = false
    this.packetsSinceSack = 0
    this.timers[SACK_TIMER].cancel()
    return SACK_CHUNK + GAP_BLOCK * n
  }

  /** Sends one SCTP packet from our first address (ASCONF and replies may choose otherwise). */
  private transmit(q: SctpPacket, dst: Address, vtag: number, chunkBytes: number, retransmission: boolean): void {
    q.vtag = vtag
    q.sender = this
    const path = this.pathOf(dst)
    if (path) path.lastSent = this.now
    this.observer?.packetSent(retransmission)
    this.stack.transmit(this.localAddrs[0], dst, this.localPort, this.peerPort, COMMON_HEADER + chunkBytes, q)
  }

  // ---- input ---------------------------------------------------------------------------------------

  /** A packet with this association's tag (demultiplexed by the node's SCTP stack). */
  input(pkt: Packet, q: SctpPacket): void {
    const src = pkt.src
    if (q.has(Chunk.ABORT)) {
      const app = this.app
      this.terminate()
      app?.onReset?.(this)
      return
    }
    switch (this.state) {
      case SctpState.COOKIE_WAIT:
        if (q.has(Chunk.INIT_ACK) && q.init) {
          this.timers[T1_TIMER].cancel()
          this.peerTag = q.init.tag
          this.cumTsn = q.init.initialTsn - 1
          for (const a of q.init.addrs) if (!this.pathOf(a)) this.addPath(a, false)
          if (this.initRetransmits === 0) this.primary.rto.sample(this.now - this.initSentAt)
          this.cookie = q.init
          this.state = SctpState.COOKIE_ECHOED
          this.initRetransmits = 0
          this.sendCookieEcho()
        }
        return
      case SctpState.COOKIE_ECHOED:
        if (q.has(Chunk.COOKIE_ACK)) {
          this.timers[T1_TIMER].cancel()
          this.state = SctpState.ESTABLISHED
          this.startHeartbeats()
          this.app?.onConnected?.(this)
          this.output()
        }
        return
      case SctpState.CLOSED:
        return
    }
    // A packet from an address outside the association is discarded unless an (authenticated) ASCONF adds it.
    if (!this.pathOf(src) && !q.has(Chunk.ASCONF)) return
    if (q.has(Chunk.COOKIE_ECHO)) {
      // Our COOKIE ACK was lost: answer again (§5.2.4 case D).
      const r = allocSctp()
      r.chunks = Chunk.COOKIE_ACK
      this.transmit(r, src, this.peerTag, COOKIE_ACK_CHUNK, false)
    }
    if (q.has(Chunk.ASCONF)) this.onAsconf(q, src)
    if (q.has(Chunk.ASCONF_ACK)) this.onAsconfAck(q)
    if (q.has(Chunk.HEARTBEAT)) this.onHeartbeat(q, src)
    if (q.has(Chunk.HEARTBEAT_ACK)) this.onHeartbeatAck(q)
    if (q.has(Chunk.SACK)) this.onSack(q.cumTsn, q)
    if (this.closed) return // a timer or an error count inside may have ended it
    if (q.has(Chunk.DATA)) this.onData(q, src, pkt.born)
    if (q.has(Chunk.SHUTDOWN)) this.onShutdown(q)
    if (q.has(Chunk.SHUTDOWN_ACK)) this.onShutdownAck(src)
    if (q.has(Chunk.SHUTDOWN_COMPLETE) && this.state === SctpState.SHUTDOWN_ACK_SENT) {
      const app = this.app
      this.terminate()
      app?.onClosed?.(this)
      return
    }
    this.output()
  }

  private onData(q: SctpPacket, src: Address, born: Time): void {
    const tsn = q.tsn
    this.sackPending = true
    this.sackTo = src
    if (tsn <= this.cumTsn || this.rxAbove.has(tsn)) {
      this.sackNow = true // §6.2: a duplicate is reported at once
      return
    }
    if (tsn === this.cumTsn + 1) {
      this.cumTsn = tsn
      let bytes = q.dataLength
      // Absorb the chunks that were waiting above.
      if (!this.rxAbove.empty && this.rxAbove.start(0) === this.cumTsn + 1) {
        const end = this.rxAbove.end(0)
        for (let t = this.cumTsn + 1; t < end; t++) {
          bytes += this.rxLens.get(t) ?? 0
          this.rxLens.delete(t)
        }
        this.cumTsn = end - 1
        this.rxAbove.dropBelow(end)
      }
      this.delivered += bytes
      this.observer?.delivered(bytes, born)
      const app = this.app
      app?.onData?.(this, bytes)
      this.inQueue.drain(this.delivered, app?.onMessage ? (tag, b) => app.onMessage?.(this, tag, b) : null)
      if (!this.rxAbove.empty) this.sackNow = true // gaps remain
    } else {
      this.rxAbove.add(tsn, tsn + 1)
      this.rxLens.set(tsn, q.dataLength)
      this.sackNow = true // §6.7: report a gap at once
    }
    // §6.2: a SACK for every second packet with DATA, or within SACK.Delay.
    if (++this.packetsSinceSack >= 2) this.sackNow = true
    else if (!this.sackNow && !this.timers[SACK_TIMER].armed) this.timers[SACK_TIMER].set(this.config.sackDelay)
  }

  /**
   * §6.2.1 processing of a SACK (or of a SHUTDOWN's cumulative TSN, `q` null), §7.2 congestion
   * control, §7.2.4 fast retransmit.
   */
  private onSack(cum: number, q: SctpPacket | null): void {
    const outq = this.outq
    if (outq.length > 0 && cum < outq[0].tsn - 1) return // an old SACK
    this.errorCount = 0 // §8.1: an acknowledgement clears the association's counter
    for (const p of this.paths) p.ackedNow = 0
    let highestNewly = -1
    let cumAdvanced = false
    let w = 0
    for (let i = 0; i < outq.length; i++) {
      const c = outq[i]
      if (c.tsn <= cum) {
        cumAdvanced = true
        if (!c.gapAcked) {
          this.chunkAcked(c)
          if (c.tsn > highestNewly) highestNewly = c.tsn
        }
        spare.push(c)
        continue
      }
      if (q !== null && !c.gapAcked && inGaps(q, c.tsn)) {
        c.gapAcked = true
        c.rtx = false
        this.chunkAcked(c)
        if (c.tsn > highestNewly) highestNewly = c.tsn
      }
      outq[w++] = c
    }
    outq.length = w
    // §7.2.4: miss indications for chunks below the highest newly acknowledged TSN.
    if (highestNewly >= 0) {
      for (const c of outq) {
        if (c.tsn >= highestNewly) break
        if (c.gapAcked || c.rtx || !c.inFlight) continue
        if (++c.missing >= 3) this.fastRetransmit(c)
      }
    }
    // §6.3.2 R2/R3: stop T3 where nothing is outstanding, restart it where the earliest was acknowledged.
    for (const p of this.paths) {
      if (p.ackedNow > 0) this.growCwnd(p, p.ackedNow, cumAdvanced)
      let outstanding = false
      for (const c of outq) {
        if (c.path === p && c.inFlight && !c.gapAcked) {
          outstanding = true
          break
        }
      }
      if (!outstanding) p.t3.cancel()
      else if (p.ackedNow > 0 && cumAdvanced) p.t3.set(p.rto.rto)
      if (p.fastRecoveryExit >= 0 && cum >= p.fastRecoveryExit) p.fastRecoveryExit = -1
    }
    this.maybeShutdown()
  }

  private chunkAcked(c: OutChunk): void {
    const p = c.path
    if (c.inFlight) {
      p.flightSize -= c.len
      c.inFlight = false
    }
    p.ackedNow += c.len
    p.errorCount = 0 // §8.2
    if (this.rttTsn.get(p.id) === c.tsn) {
      this.rttTsn.delete(p.id)
      if (c.transmissions === 1) p.rto.sample(this.now - c.sentAt)
    }
  }

  /** §7.2.1 slow start and §7.2.2 congestion avoidance, per destination. */
  private growCwnd(p: SctpPath, bytes: number, cumAdvanced: boolean): void {
    if (!cumAdvanced || p.fastRecoveryExit >= 0) return
    const mtu = this.config.pmtu
    const fullyUsed = p.flightSize + bytes >= p.cwnd
    if (p.cwnd <= p.ssthresh) {
      if (fullyUsed) p.cwnd += Math.min(bytes, mtu)
      return
    }
    p.partialBytesAcked += bytes
    if (p.partialBytesAcked >= p.cwnd && fullyUsed) {
      p.partialBytesAcked -= p.cwnd
      p.cwnd += mtu
    }
  }

  private fastRetransmit(c: OutChunk): void {
    const p = c.path
    if (p.fastRecoveryExit < 0) {
      // §7.2.4: ssthresh = max(cwnd/2, 4·MTU), cwnd = ssthresh, once per recovery.
      p.ssthresh = Math.max(Math.floor(p.cwnd / 2), 4 * this.config.pmtu)
      p.cwnd = p.ssthresh
      p.partialBytesAcked = 0
      p.fastRecoveryExit = this.nextTsn - 1
    }
    this.markRtx(c, p)
  }

  private markRtx(c: OutChunk, to: SctpPath | null): void {
    if (c.inFlight) {
      c.path.flightSize -= c.len
      c.inFlight = false
    }
    c.rtx = true
    c.rtxPath = to
  }

  // ---- timers -------------------------------------------------------------------------------------

  handle(code: number, arg: number): void {
    switch (code) {
      case T1_TIMER:
        this.onT1()
        break
      case T2_TIMER:
        this.onT2()
        break
      case T4_TIMER:
        this.onT4()
        break
      case SACK_TIMER:
        this.sackNow = true
        this.flushSack()
        break
      case T3_TIMER: {
        const p = this.pathById(arg)
        if (p) this.onT3(p)
        break
      }
      case HB_TIMER: {
        const p = this.pathById(arg)
        if (p) this.onHeartbeatTimer(p)
        break
      }
    }
  }

  /** T1-init / T1-cookie (§5.1): back off and resend, up to Max.Init.Retransmits. */
  private onT1(): void {
    this.primary.rto.backoff()
    this.observer?.timerExpired(this.primary.rto.rto / 2, 'T1')
    if (++this.initRetransmits > this.config.maxInitRetransmits) {
      const app = this.app
      this.terminate()
      app?.onTimeout?.(this)
      return
    }
    if (this.state === SctpState.COOKIE_WAIT) this.sendInit()
    else this.sendCookieEcho()
  }

  /** §6.3.3 E1–E3: T3-rtx expired on `p`. */
  private onT3(p: SctpPath): void {
    this.totalT3++
    this.observer?.timerExpired(p.rto.rto, 'T3-rtx')
    // §7.2.3: the loss window.
    p.ssthresh = Math.max(Math.floor(p.cwnd / 2), 4 * this.config.pmtu)
    p.cwnd = this.config.pmtu
    p.partialBytesAcked = 0
    p.fastRecoveryExit = -1
    p.rto.backoff() // E2
    this.rttTsn.delete(p.id)
    if (this.countError(p, true)) return
    // E3: retransmit the earliest outstanding chunks — one packet's worth now — to an alternate destination.
    const to = this.alternate(p)
    for (const c of this.outq) if (c.path === p && (c.inFlight || c.rtx) && !c.gapAcked) this.markRtx(c, to)
    this.burstLimit = 1
    this.output()
    if (!to.t3.armed && this.outq.some((c) => c.path === to && c.inFlight)) to.t3.set(to.rto.rto)
  }

  /**
   * Counts an unanswered transmission on `p` (§8.1, §8.2); returns true if the association gave up.
   * The association's counter counts only the data path's misses for heartbeats (§8.1).
   */
  private countError(p: SctpPath, data: boolean): boolean {
    if (++p.errorCount > this.config.pathMaxRetrans) p.state = PathState.INACTIVE
    if (data || p === this.primary) this.errorCount++
    if (this.errorCount > this.config.associationMaxRetrans) {
      const app = this.app
      this.terminate()
      app?.onTimeout?.(this)
      return true
    }
    return false
  }

  // ---- heartbeats and path confirmation (§5.4, §8.3) --------------------------------------------------

  private startHeartbeats(): void {
    for (const p of this.paths) this.armHeartbeat(p)
  }

  /** Confirmed idle paths every RTO + HB.interval (jittered by ±RTO/2); unconfirmed ones at once, then every RTO. */
  private armHeartbeat(p: SctpPath, now = false): void {
    if (now) {
      p.hb.set(0)
      return
    }
    if (!p.confirmed) {
      p.hb.set(p.rto.rto)
      return
    }
    const jitter = (this.stack.rng.uniform() - 0.5) * p.rto.rto
    p.hb.set(Math.round(p.rto.rto + this.config.hbInterval + jitter))
  }

  private onHeartbeatTimer(p: SctpPath): void {
    if (p.hbNonce >= 0) {
      // The last HEARTBEAT went unanswered within an RTO: an error on that path, RTO doubled (§8.3).
      p.hbNonce = -1
      p.rto.backoff()
      if (this.countError(p, false)) return
      if (!p.confirmed && p.errorCount > this.config.pathMaxRetrans) return // unreachable: stop probing
    }
    // Only idle confirmed paths are probed (§8.3); unconfirmed ones always (§5.4).
    if (p.confirmed && this.now - p.lastSent < this.config.hbInterval) {
      this.armHeartbeat(p)
      return
    }
    const q = allocSctp()
    q.chunks = Chunk.HEARTBEAT
    q.hbNonce = this.stack.rng.nextU32()
    q.hbPath = p.id
    q.hbSentAt = this.now
    p.hbNonce = q.hbNonce
    // A confirming heartbeat is a reconfiguration message; the periodic ones are not.
    if (!p.confirmed) this.events?.controlChunk?.(this, 'HEARTBEAT', COMMON_HEADER + HEARTBEAT_CHUNK, p.addr)
    this.transmit(q, p.addr, this.peerTag, HEARTBEAT_CHUNK, false)
    p.hb.set(p.rto.rto)
  }

  private onHeartbeat(q: SctpPacket, src: Address): void {
    const r = allocSctp()
    r.chunks = Chunk.HEARTBEAT_ACK
    r.hbNonce = q.hbNonce
    r.hbPath = q.hbPath
    r.hbSentAt = q.hbSentAt
    // §8.3: the HEARTBEAT ACK goes to the source of the HEARTBEAT.
    this.transmit(r, src, this.peerTag, HEARTBEAT_CHUNK, false)
  }

  private onHeartbeatAck(q: SctpPacket): void {
    const p = this.pathById(q.hbPath)
    if (!p || q.hbNonce !== p.hbNonce) return
    p.hbNonce = -1
    p.errorCount = 0
    p.state = PathState.ACTIVE
    p.rto.sample(this.now - q.hbSentAt)
    if (!p.confirmed) {
      p.confirmed = true
      this.events?.pathConfirmed?.(this, p)
      if (this.requestedPrimary === p) {
        this.primary = p
        this.requestedPrimary = null
      }
    }
    this.armHeartbeat(p)
  }

  // ---- dynamic address reconfiguration (RFC 5061) ----------------------------------------------------

  /**
   * This endpoint's addresses changed (its process moved): send from the new ones at once, and ask
   * the peer — one ASCONF at a time — to add them and make the first primary, then to delete the
   * old ones. DATA waits until the peer acknowledged the addition (it would drop packets from an
   * address it does not know).
   */
  reconfigure(addrs: Address[]): void {
    const old = this.localAddrs.filter((a) => !addrs.includes(a))
    const added = addrs.filter((a) => !this.localAddrs.includes(a))
    this.localAddrs = [...addrs]
    if (added.length > 0) {
      const stage: AsconfRequest[] = added.map((addr) => ({ type: AsconfParam.ADD_IP, addr }))
      stage.push({ type: AsconfParam.SET_PRIMARY, addr: added[0] })
      this.asconfStages.push(stage)
      this.holdData = true
    }
    if (old.length > 0) this.asconfStages.push(old.map((addr) => ({ type: AsconfParam.DELETE_IP, addr })))
    this.sendAsconf()
  }

  private sendAsconf(resend = false): void {
    if (this.frozen || (!resend && this.asconfOutstanding !== null) || this.state === SctpState.CLOSED) return
    if (!resend) {
      const next = this.asconfStages.shift()
      if (next === undefined) return
      this.asconfOutstanding = next
      this.asconfSerial++
      this.asconfDest = this.dataPath() ?? this.primary
    }
    const reqs = this.asconfOutstanding as AsconfRequest[]
    const dest = this.asconfDest as SctpPath
    const q = allocSctp()
    q.chunks = Chunk.AUTH | Chunk.ASCONF
    q.serial = this.asconfSerial
    for (const r of reqs) q.requests.push(r)
    const bytes = AUTH_CHUNK + ASCONF_CHUNK + ASCONF_REQUEST * reqs.length
    this.events?.controlChunk?.(this, 'ASCONF', COMMON_HEADER + bytes, dest.addr)
    this.transmit(q, dest.addr, this.peerTag, bytes, resend)
    // RFC 5061 §5.1 (A4): the T-4 RTO timer with the destination's RTO.
    this.timers[T4_TIMER].set(dest.rto.rto)
  }

  /** T-4 RTO expired: count the error, back off, send the same ASCONF again (RFC 5061 §5.1 B1–B5). */
  private onT4(): void {
    const dest = this.asconfDest
    if (this.asconfOutstanding === null || dest === null) return
    this.observer?.timerExpired(dest.rto.rto, 'T4-rto')
    dest.rto.backoff()
    if (this.countError(dest, true)) return
    this.asconfDest = this.alternate(dest)
    this.sendAsconf(true)
  }

  private onAsconfAck(q: SctpPacket): void {
    const reqs = this.asconfOutstanding
    if (reqs === null || q.serial !== this.asconfSerial) return
    this.timers[T4_TIMER].cancel()
    this.asconfOutstanding = null
    if (reqs.some((r) => r.type === AsconfParam.ADD_IP)) this.holdData = false
    this.sendAsconf()
    if (this.asconfOutstanding === null && this.asconfStages.length === 0) this.events?.reconfigured?.(this)
    this.output()
  }

  /** RFC 5061 §5.2: process each request in order, answer with ASCONF-ACK to the packet's source. */
  private onAsconf(q: SctpPacket, src: Address): void {
    if (q.serial !== this.peerSerial) {
      if (q.serial < this.peerSerial) return // older than one already processed
      this.peerSerial = q.serial
      const results: number[] = []
      for (const r of q.requests) results.push(this.applyRequest(r, src))
      this.lastAsconfAck = results
      this.events?.asconfProcessed?.(this, q.requests, results)
    }
    // A repeated serial number gets the same answer again (RFC 5061 §5.2: the last ASCONF-ACK is kept for this).
    const a = allocSctp()
    a.chunks = Chunk.AUTH | Chunk.ASCONF_ACK
    a.serial = q.serial
    for (const r of this.lastAsconfAck) a.results.push(r)
    const bytes = AUTH_CHUNK + ASCONF_ACK_CHUNK + ASCONF_RESULT * this.lastAsconfAck.length
    this.events?.controlChunk?.(this, 'ASCONF-ACK', COMMON_HEADER + bytes, src)
    this.transmit(a, src, this.peerTag, bytes, false)
  }

  private applyRequest(r: AsconfRequest, src: Address): number {
    if (r.type === AsconfParam.ADD_IP) {
      if (!this.pathOf(r.addr)) {
        const p = this.addPath(r.addr, false)
        // §5.4: probe the unconfirmed address at once.
        this.armHeartbeat(p, true)
      }
      return AsconfError.SUCCESS
    }
    const p = this.pathOf(r.addr)
    if (!p) return AsconfError.UNRESOLVABLE_ADDRESS
    if (r.type === AsconfParam.SET_PRIMARY) {
      if (p.confirmed) this.primary = p
      else this.requestedPrimary = p
      return AsconfError.SUCCESS
    }
    if (this.paths.length === 1) return AsconfError.DELETE_LAST_ADDRESS
    if (r.addr === src) return AsconfError.DELETE_SOURCE_ADDRESS // RFC 5061 §5.3 F8
    this.removePath(p)
    return AsconfError.SUCCESS
  }

  /**
   * Drops a destination. Data outstanding to it moves to the primary's flight, whose T3-rtx keeps
   * running (as Linux's sctp_assoc_rm_peer does): it is retransmitted if that timer expires.
   */
  private removePath(p: SctpPath): void {
    p.t3.cancel()
    p.hb.cancel()
    this.paths.splice(this.paths.indexOf(p), 1)
    if (this.requestedPrimary === p) this.requestedPrimary = null
    if (this.primary === p) this.primary = this.requestedPrimary ?? this.paths[0]
    const to = this.dataPath() ?? this.primary
    for (const c of this.outq) {
      if (c.path !== p) continue
      if (c.inFlight) {
        p.flightSize -= c.len
        to.flightSize += c.len
      }
      c.path = to
      if (c.rtxPath === p) c.rtxPath = null
    }
    if (!to.t3.armed && this.outq.some((c) => c.path === to && c.inFlight)) to.t3.set(to.rto.rto)
    this.rttTsn.delete(p.id)
  }

  // ---- shutdown (§9.2) -----------------------------------------------------------------------------

  private maybeShutdown(): void {
    if (this.outq.length > 0 || this.unsentHead < this.unsent.length) return
    if (this.state === SctpState.SHUTDOWN_PENDING) {
      this.state = SctpState.SHUTDOWN_SENT
      this.sendShutdown()
    } else if (this.state === SctpState.SHUTDOWN_RECEIVED) {
      this.state = SctpState.SHUTDOWN_ACK_SENT
      this.sendShutdownAck()
    }
  }

  private sendShutdown(): void {
    const q = allocSctp()
    q.chunks = Chunk.SHUTDOWN
    q.cumTsn = this.cumTsn
    this.transmit(q, this.primary.addr, this.peerTag, SHUTDOWN_CHUNK, false)
    this.timers[T2_TIMER].set(this.primary.rto.rto)
  }

  private sendShutdownAck(): void {
    const q = allocSctp()
    q.chunks = Chunk.SHUTDOWN_ACK
    this.transmit(q, this.primary.addr, this.peerTag, SHUTDOWN_ACK_CHUNK, false)
    this.timers[T2_TIMER].set(this.primary.rto.rto)
  }

  /** T2-shutdown: resend, counting errors (§9.2). */
  private onT2(): void {
    this.primary.rto.backoff()
    if (this.countError(this.primary, true)) return
    if (this.state === SctpState.SHUTDOWN_SENT) this.sendShutdown()
    else if (this.state === SctpState.SHUTDOWN_ACK_SENT) this.sendShutdownAck()
  }

  private onShutdown(q: SctpPacket): void {
    if (this.state === SctpState.SHUTDOWN_RECEIVED || this.state === SctpState.SHUTDOWN_ACK_SENT) return
    // The SHUTDOWN's cumulative TSN acknowledges like a SACK (§9.2).
    this.onSack(q.cumTsn, null)
    this.shutdownQueued = true
    this.state = SctpState.SHUTDOWN_RECEIVED
    this.app?.onPeerClosed?.(this)
    this.maybeShutdown()
  }

  private onShutdownAck(src: Address): void {
    if (this.state !== SctpState.SHUTDOWN_SENT && this.state !== SctpState.SHUTDOWN_ACK_SENT) return
    const q = allocSctp()
    q.chunks = Chunk.SHUTDOWN_COMPLETE
    this.transmit(q, src, this.peerTag, SHUTDOWN_COMPLETE_CHUNK, false)
    const app = this.app
    this.terminate()
    app?.onClosed?.(this)
  }

  // ---- migration support -----------------------------------------------------------------------------

  /** The process is frozen: packets are dropped and timers suspended until thaw(). */
  freeze(): void {
    if (this.frozen) return
    this.frozen = true
    for (const t of this.allTimers()) {
      if (t.armed) this.frozenAt.set(t, t.expiry)
      t.cancel()
    }
  }

  /** Resumes: timers that would have expired meanwhile fire now; a pending ASCONF goes out. */
  thaw(): void {
    if (!this.frozen) return
    this.frozen = false
    for (const [t, at] of this.frozenAt) t.setAt(Math.max(this.now, at))
    this.frozenAt.clear()
    this.sendAsconf()
    this.output()
  }

  private allTimers(): Timer[] {
    const ts = [...this.timers]
    for (const p of this.paths) ts.push(p.t3, p.hb)
    return ts
  }

  /** Moves the association to another node's SCTP stack (its process moved with its kernel state). */
  moveTo(stack: SctpStack): void {
    this.stack.unregister(this)
    this.stack = stack
    stack.register(this)
  }

  /** Ends the association without telling the peer. */
  terminate(): void {
    for (const t of this.allTimers()) t.cancel()
    this.frozenAt.clear()
    this.state = SctpState.CLOSED
    this.stack.unregister(this)
  }

  sentPacket(pkt: Packet): boolean {
    const q = pkt.msg as SctpPacket | null
    return q !== null && typeof q === 'object' && q.sender === this
  }

  toString(): string {
    return `sctp ${this.client ? 'client' : 'server'} ${SCTP_STATE_NAMES[this.state]} primary ${this.primary.addr}`
  }
}

function inGaps(q: SctpPacket, tsn: number): boolean {
  for (let k = 0; k < q.gapCount; k++) if (tsn >= q.gaps[2 * k] && tsn <= q.gaps[2 * k + 1]) return true
  return false
}

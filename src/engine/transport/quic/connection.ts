// A QUIC connection (RFC 9000) with loss detection and congestion control (RFC 9002), carrying one
// bidirectional stream of messages — the part of QUIC that decides what a process migration
// costs: connection IDs, path validation, the anti-amplification limit and the timers.
//
//   RFC 9000 §5.1      connection IDs, NEW_CONNECTION_ID / Retire Prior To / RETIRE_CONNECTION_ID
//   RFC 9000 §8.2, §9  path validation (PATH_CHALLENGE padded to 1200 bytes, abandoned after
//                      3 × max(current PTO, new-path PTO)), migration on the highest-numbered
//                      non-probing packet, the 3× amplification limit, fresh CIDs per path (§9.5),
//                      validation of the previous path (§9.3.3), revert on failure (§9.3.2),
//                      congestion controller and RTT reset unless only the port changed (§9.4)
//   RFC 9000 §10       idle timeout, closing and draining states (3 × PTO)
//   RFC 9000 §13.2     acknowledgements: after two ack-eliciting packets, out of order at once,
//                      otherwise within max_ack_delay
//   RFC 9002 §5–7      RTT estimation (rtt.ts), packet and time thresholds, PTO with back-off,
//                      NewReno (congestion.ts), persistent congestion
//
// Modelling choices. The handshake is modelled, not run: the client's Initial (padded to 1200
// bytes), the server's flight (limited to 3× the Initial), the client's Finished, then
// HANDSHAKE_DONE; handshake packets have their own retransmission timer (PTO from kInitialRtt,
// max_ack_delay 0) and the application packet number space starts after them. One stream
// (message boundaries shared through StreamMeta, as TCP); flow control windows never bind; one
// PTO probe per expiry. PATH_CHALLENGE and PATH_RESPONSE packets are sent apart from data, are
// not tracked for loss (neither frame is retransmitted, §13.3: a new challenge replaces a lost
// one) and do not count against the congestion window.

import { type Handler, type Time, Timer } from '../../core'
import type { Address } from '../../net/address'
import type { Packet } from '../../net/packet'
import { RangeSet } from '../range-set'
import type { StreamApp } from '../stream'
import { type MessageQueue, StreamMeta } from '../stream-meta'
import type { ObservableStream, StreamObserver } from '../stream-observer'
import { LocalCids, PeerCids } from './cid'
import {
  K_GRANULARITY,
  K_PACKET_THRESHOLD,
  K_PERSISTENT_CONGESTION_THRESHOLD,
  K_TIME_THRESHOLD,
  MIN_DATAGRAM,
  type QuicConfig,
  VALIDATION_PTO_MULTIPLE,
} from './config'
import { NewReno } from './congestion'
import type { QuicEndpoint } from './endpoint'
import {
  ACK_FRAME,
  ACK_RANGE,
  allocPacket,
  CONNECTION_CLOSE_FRAME,
  CRYPTO_FRAME,
  Frame,
  LONG_HEADER,
  MAX_ACK_RANGES,
  NEW_CONNECTION_ID_FRAME,
  PATH_FRAME,
  PacketType,
  type QuicPacket,
  RETIRE_CONNECTION_ID_FRAME,
  releasePacket,
  SHORT_HEADER,
  STREAM_FRAME,
} from './packet'
import { QuicPath } from './path'
import { initialPto, QuicRtt } from './rtt'
import { SentPacket } from './sent-packet'

/** Connection states: the handshake, then RFC 9000 §10's closing and draining periods. */
export const QuicState = { HANDSHAKE: 0, ESTABLISHED: 1, CLOSING: 2, DRAINING: 3, CLOSED: 4 } as const
export type QuicState = (typeof QuicState)[keyof typeof QuicState]
export const QUIC_STATE_NAMES = Object.keys(QuicState)

/** Events of a connection for tests and traces (path validation, migration). */
export interface QuicEvents {
  peerMigrated?(c: QuicConnection, path: QuicPath): void
  challengeSent?(c: QuicConnection, path: QuicPath, bytes: number): void
  pathValidated?(c: QuicConnection, path: QuicPath): void
  validationAbandoned?(c: QuicConnection, path: QuicPath): void
  /** The peer retired every connection ID below the Retire Prior To this endpoint announced. */
  oldCidsRetired?(c: QuicConnection): void
  /** A frame that manages IDs or paths left toward `to` in `bytes` bytes (for signalling accounts). */
  controlFrame?(c: QuicConnection, frame: string, bytes: number, to: Address): void
  closed?(c: QuicConnection): void
}

const LOSS_TIMER = 0
const ACK_TIMER = 1
const IDLE_TIMER = 2
const PATH_TIMER = 3
const HANDSHAKE_TIMER = 4
const DRAIN_TIMER = 5
const TIMERS = 6

/** CONNECTION_CLOSE error codes (RFC 9000 §20.1 NO_ERROR; an application error for aborts). */
const NO_ERROR = 0
const APPLICATION_ABORT = 1

export class QuicConnection implements Handler, ObservableStream {
  hid = -1
  readonly transport = 'quic'
  state: QuicState = QuicState.HANDSHAKE
  /** RFC 9001 §4.1.2: the server on completing the handshake, the client on HANDSHAKE_DONE. */
  handshakeConfirmed = false
  app: StreamApp | null = null
  observer: StreamObserver | null = null
  events: QuicEvents | null = null
  label = ''
  frozen = false

  readonly rtt = new QuicRtt()
  readonly cc: NewReno
  readonly localCids = new LocalCids()
  readonly peerCids = new PeerCids()
  /** The path packets are sent on, the last validated one (to revert to), and paths being probed. */
  path: QuicPath
  private lastValidated: QuicPath | null = null
  readonly paths: QuicPath[] = []
  /** Bumped when the congestion controller and RTT estimator are reset for a new path. */
  private epoch = 0

  // ---- sending (application packet number space) ----
  private nextPn = 0
  private readonly sent: SentPacket[] = []
  private largestAcked = -1
  private lossTime: Time = -1
  ptoCount = 0
  private timeOfLastAckEliciting: Time = 0
  private ackElicitingOutstanding = 0
  /**
   * The next packet announces a new local address: ack-eliciting and non-probing (so the peer
   * moves to it, RFC 9000 §9.2) and padded to 1200 bytes (so the peer can afford a full-size
   * PATH_CHALLENGE under its amplification limit).
   */
  private announcePath = false
  private pendingHandshakeDone = false
  private readonly pendingNewCids: number[] = []
  private readonly pendingRetire: number[] = []
  /** PATH_RESPONSE data owed, and the path each challenge came on (§8.2.2: answer on that path). */
  private readonly pendingResponses: number[] = []
  private readonly pendingResponsePaths: QuicPath[] = []
  private sentElicitingSinceRx = false
  /** Totals, for metrics and tests. */
  totalRetransmits = 0
  totalPtos = 0

  // ---- the stream ----
  meta: StreamMeta
  private sendNext = 0
  private readonly streamAcked = new RangeSet()
  private readonly streamLost = new RangeSet()
  private finQueued = false
  private finSent = false
  private finAcked = false
  private readonly streamReceived = new RangeSet()
  private delivered = 0
  private peerFinOffset = -1
  private peerFinDelivered = false

  // ---- receiving ----
  private readonly rxPns = new RangeSet()
  private largestRxTime: Time = 0
  private largestNonProbing = -1
  private ackPending = false
  private ackNow = false
  private unackedEliciting = 0

  // ---- handshake (modelled) ----
  private originalDcid = -1
  private handshakeSentAt: Time = 0
  private handshakeRetransmitted = false
  private handshakeTimeouts = 0
  private readonly flightReceived = new RangeSet()

  private readonly timers: Timer[] = []
  private readonly frozenAt: Time[] = []

  constructor(
    public endpoint: QuicEndpoint,
    readonly config: QuicConfig,
    /** True for the side that opened the connection. */
    readonly client: boolean,
    remoteAddr: Address,
    remotePort: number,
  ) {
    this.cc = new NewReno(config.maxDatagramSize)
    this.meta = new StreamMeta()
    this.path = new QuicPath(remoteAddr, remotePort)
    this.paths.push(this.path)
    for (let k = 0; k < TIMERS; k++) {
      this.timers.push(new Timer(endpoint.sched, this, k))
      this.frozenAt.push(-1)
    }
  }

  private get now(): Time {
    return this.endpoint.sched.now
  }

  private get outQueue(): MessageQueue {
    return this.client ? this.meta.fromClient : this.meta.fromServer
  }

  private get inQueue(): MessageQueue {
    return this.client ? this.meta.fromServer : this.meta.fromClient
  }

  get isOpen(): boolean {
    return this.state === QuicState.ESTABLISHED && !this.finQueued
  }

  /** Data bytes delivered to the application so far. */
  get bytesReceived(): number {
    return this.delivered
  }

  /** The connection ID this endpoint puts in packets it sends. */
  get dcid(): number {
    if (this.client && this.state === QuicState.HANDSHAKE && this.peerCids.available.length === 0)
      return this.originalDcid
    return this.peerCids.cidOf(this.peerCids.current)
  }

  /** The probe timeout of the current path, before back-off. */
  pto(): Time {
    return this.rtt.pto(this.config.maxAckDelay)
  }

  /** The PTO of a path never measured (kInitialRtt), used to bound validation (RFC 9000 §8.2.4). */
  newPathPto(): Time {
    return initialPto(this.config.maxAckDelay)
  }

  /** RFC 9000 §8.2.4: how long validation of a new path may take. */
  validationTimeout(): Time {
    return VALIDATION_PTO_MULTIPLE * Math.max(this.pto(), this.newPathPto())
  }

  // ---- opening (the modelled handshake) ----------------------------------------------------------

  /** Client: sends the Initial (RFC 9000 §7, §14.1: padded to 1200 bytes). */
  open(originalDcid: number): void {
    this.originalDcid = originalDcid
    this.path.validated = true // the client chose the server's address
    this.localCids.issue(this.endpoint.newCid(this))
    this.sendInitial()
    this.restartIdle()
  }

  private sendInitial(): void {
    const q = allocPacket()
    q.type = PacketType.INITIAL
    q.scid = this.localCids.cidOf(0)
    q.frames = Frame.CRYPTO | Frame.PADDING
    q.cryptoLength = this.config.clientHelloBytes
    q.meta = this.meta
    this.handshakeSentAt = this.now
    this.transmitOn(
      this.path,
      q,
      Math.max(MIN_DATAGRAM, LONG_HEADER + CRYPTO_FRAME + this.config.clientHelloBytes),
      false,
    )
    this.armHandshakeTimer()
  }

  /** Server: a client's Initial created this connection. */
  accept(pkt: Packet, q: QuicPacket): void {
    if (q.meta) this.meta = q.meta
    this.originalDcid = q.dcid
    this.peerCids.add(0, q.scid)
    this.localCids.issue(this.endpoint.newCid(this))
    this.path.bytesReceived += pkt.len
    this.sendServerFlight()
    this.restartIdle()
  }

  /** The server's first flight, as far as the amplification limit allows (RFC 9000 §8.1). */
  private sendServerFlight(): void {
    const total = this.config.serverFlightBytes
    const chunk = this.config.maxDatagramSize - LONG_HEADER - CRYPTO_FRAME
    this.handshakeSentAt = this.now
    for (let off = 0; off < total; off += chunk) {
      const len = Math.min(chunk, total - off)
      const size = LONG_HEADER + CRYPTO_FRAME + len
      if (this.path.credit() < size) break
      const q = allocPacket()
      q.type = off === 0 ? PacketType.INITIAL : PacketType.HANDSHAKE
      q.scid = this.localCids.cidOf(0)
      q.frames = Frame.CRYPTO
      q.cryptoOffset = off
      q.cryptoLength = len
      q.cryptoTotal = total
      this.transmitOn(this.path, q, size, this.handshakeRetransmitted)
    }
    this.armHandshakeTimer()
  }

  private sendClientFinished(): void {
    const q = allocPacket()
    q.type = PacketType.HANDSHAKE
    q.frames = Frame.CRYPTO | Frame.ACK
    q.cryptoLength = this.config.clientFinishedBytes
    this.transmitOn(this.path, q, LONG_HEADER + ACK_FRAME + CRYPTO_FRAME + this.config.clientFinishedBytes, false)
  }

  /** Handshake packets are retransmitted on a PTO from kInitialRtt without max_ack_delay (RFC 9002 §6.2.1). */
  private armHandshakeTimer(): void {
    this.timers[HANDSHAKE_TIMER].set(this.rtt.pto(0) * 2 ** this.handshakeTimeouts)
  }

  private inputHandshake(pkt: Packet, q: QuicPacket): void {
    if (this.client) {
      if (this.peerCids.available.length === 0) {
        this.peerCids.add(0, q.scid) // RFC 9000 §7.2: the client switches to the server's chosen ID
        this.peerCids.current = 0
      }
      this.flightReceived.add(q.cryptoOffset, q.cryptoOffset + q.cryptoLength)
      if (this.flightReceived.reach(0) < q.cryptoTotal) return
      if (this.state !== QuicState.HANDSHAKE) {
        // The server repeated its flight: our Finished was lost. Answer its first datagram.
        if (q.cryptoOffset === 0) this.sendClientFinished()
        return
      }
      if (!this.handshakeRetransmitted) this.rtt.sample(this.now - this.handshakeSentAt, 0, false, 0)
      this.timers[HANDSHAKE_TIMER].cancel()
      this.state = QuicState.ESTABLISHED
      this.sendClientFinished()
      this.issueCids(this.config.activeConnectionIdLimit - 1, 0)
      this.app?.onConnected?.(this)
      this.flush()
      return
    }
    if (q.type === PacketType.INITIAL) {
      // A repeated Initial: the flight was lost; the Initial also raised the amplification credit.
      this.path.bytesReceived += pkt.len
      if (this.state === QuicState.HANDSHAKE) {
        this.handshakeRetransmitted = true
        this.sendServerFlight()
      }
      return
    }
    if (this.state !== QuicState.HANDSHAKE) return
    // The client's Finished: its address is validated (RFC 9000 §8.1), the handshake confirmed.
    this.path.bytesReceived += pkt.len
    this.path.validated = true
    this.lastValidated = this.path
    if (!this.handshakeRetransmitted) this.rtt.sample(this.now - this.handshakeSentAt, 0, false, 0)
    this.timers[HANDSHAKE_TIMER].cancel()
    this.endpoint.forget(this.originalDcid)
    this.state = QuicState.ESTABLISHED
    this.handshakeConfirmed = true
    this.pendingHandshakeDone = true
    this.issueCids(this.config.activeConnectionIdLimit - 1, 0)
    this.endpoint.accepted(this)
    this.app?.onConnected?.(this)
    this.flush()
  }

  // ---- the application's calls ---------------------------------------------------------------------

  send(bytes: number, tag: unknown = null): void {
    if (this.finQueued || this.state > QuicState.ESTABLISHED || bytes <= 0) return
    this.outQueue.push(bytes, tag)
    this.flush()
  }

  close(): void {
    if (this.finQueued || this.state > QuicState.ESTABLISHED) return
    this.finQueued = true
    if (this.state === QuicState.HANDSHAKE) {
      this.terminate()
      return
    }
    this.flush()
  }

  abort(): void {
    if (this.state === QuicState.ESTABLISHED) this.closeConnection(APPLICATION_ABORT)
    else if (this.state === QuicState.HANDSHAKE) this.terminate()
  }

  // ---- connection IDs (RFC 9000 §5.1) ---------------------------------------------------------------

  /** Issues `n` new IDs with NEW_CONNECTION_ID, asking the peer to retire those below `retirePriorTo`. */
  private issueCids(n: number, retirePriorTo: number): void {
    this.localCids.retirePriorTo = Math.max(this.localCids.retirePriorTo, retirePriorTo)
    for (let i = 0; i < n; i++) this.pendingNewCids.push(this.localCids.issue(this.endpoint.newCid(this)))
  }

  /**
   * Replaces every ID the peer may use with fresh ones from the endpoint's generator and raises
   * Retire Prior To, so the peer stops using the old ones (a server that moved behind a CID-routing
   * load balancer: the new IDs name its new host).
   */
  reissueCids(): void {
    if (this.state !== QuicState.ESTABLISHED) return
    const first = this.localCids.issue(this.endpoint.newCid(this))
    this.localCids.retirePriorTo = first
    this.pendingNewCids.push(first)
    this.issueCids(this.config.activeConnectionIdLimit - 1, first)
    this.flush()
  }

  private onNewConnectionId(seq: number, cid: number, rpt: number): void {
    if (seq < this.peerCids.retirePriorTo) {
      this.pendingRetire.push(seq) // §19.15: already retired by an earlier Retire Prior To
      return
    }
    this.peerCids.add(seq, cid)
    this.peerCids.applyRetirePriorTo(rpt, this.pendingRetire)
  }

  private onRetireConnectionId(seq: number): void {
    const cid = this.localCids.retire(seq)
    if (cid < 0) return
    this.endpoint.forget(cid)
    // Keep the peer supplied up to its limit (§5.1.1).
    const have = this.localCids.active.filter((c) => c.seq >= this.localCids.retirePriorTo).length
    if (have < this.config.activeConnectionIdLimit) this.issueCids(1, this.localCids.retirePriorTo)
    if (this.localCids.oldRetired && this.localCids.retirePriorTo > 0) this.events?.oldCidsRetired?.(this)
  }

  // ---- migration -----------------------------------------------------------------------------------

  /**
   * This endpoint now sends from a new local address (the endpoint already moved to its new
   * socket). RFC 9000 §9: only after the handshake is confirmed (returns false otherwise). The
   * next packet announces the address (see announcePath) with a fresh destination ID (§9.5). The
   * congestion controller and RTT estimator start afresh unless only the port changed (§9.4).
   * A frozen connection (a process being moved) sends it when thawed.
   */
  migrate(portOnly: boolean): boolean {
    if (!this.handshakeConfirmed || this.state !== QuicState.ESTABLISHED) return false
    if (!portOnly) this.resetPathState()
    const retired = this.peerCids.switchToUnused()
    if (retired >= 0) this.pendingRetire.push(retired)
    this.announcePath = true
    this.flush()
    return true
  }

  /** RFC 9000 §9.4: a new path starts with initial congestion and RTT state. */
  private resetPathState(): void {
    this.epoch++
    this.rtt.reset()
    this.cc.reset()
    this.ptoCount = 0
  }

  /** §9.3: the peer's highest-numbered non-probing packet came from a new address. */
  private peerMigrated(path: QuicPath): void {
    const old = this.path
    this.path = path
    if (old.validated) this.lastValidated = old
    const retired = this.peerCids.switchToUnused() // §9.5: a fresh ID toward a new address
    if (retired >= 0) this.pendingRetire.push(retired)
    this.events?.peerMigrated?.(this, path)
    if (!path.validated && !path.validating) this.startValidation(path)
    // §9.3.3: validate the previously active path too (off-path forwarding defence).
    if (old.validated && !old.validating) this.startValidation(old)
  }

  private pathFor(addr: Address, port: number): QuicPath {
    for (const p of this.paths) if (p.is(addr, port)) return p
    const p = new QuicPath(addr, port)
    this.paths.push(p)
    return p
  }

  private startValidation(path: QuicPath): void {
    path.validationStart = this.now
    path.abandonAt = this.now + this.validationTimeout()
    this.sendChallenge(path)
  }

  /** PATH_CHALLENGE (§8.2.1) in a datagram padded to 1200 bytes if the amplification limit allows. */
  private sendChallenge(path: QuicPath): void {
    const credit = path.credit()
    const min = SHORT_HEADER + PATH_FRAME
    path.rechallengeAt = this.now + this.newPathPto()
    this.armPathTimer()
    if (credit < min) return
    const q = allocPacket()
    q.frames = Frame.PATH_CHALLENGE | Frame.PADDING
    q.challenge = this.endpoint.challengeData()
    path.challenge = q.challenge
    const size = Math.min(Math.max(MIN_DATAGRAM, min), credit)
    this.sendProbe(path, q, size)
    this.events?.challengeSent?.(this, path, size)
    this.events?.controlFrame?.(this, 'PATH_CHALLENGE', size, path.remoteAddr)
  }

  private onPathResponse(data: number): void {
    for (const p of this.paths) {
      if (p.challenge !== data || !p.validating) continue
      p.endValidation()
      p.validated = true
      if (p === this.path) {
        // §9.4: reset unless only the port changed from the last validated address.
        const portOnly = this.lastValidated !== null && this.lastValidated.remoteAddr === p.remoteAddr
        if (!portOnly) this.resetPathState()
        this.lastValidated = p
      }
      this.events?.pathValidated?.(this, p)
      this.prunePaths()
      this.armPathTimer()
      return
    }
  }

  private onPathTimer(): void {
    const now = this.now
    for (const p of [...this.paths]) {
      if (!p.validating) continue
      if (now >= p.abandonAt) {
        p.endValidation()
        p.validated = false
        this.events?.validationAbandoned?.(this, p)
        if (this.lastValidated === p) this.lastValidated = null
        // §9.3.2: revert to the last validated address.
        if (p === this.path && this.lastValidated !== null) this.path = this.lastValidated
      } else if (now >= p.rechallengeAt) this.sendChallenge(p)
    }
    this.prunePaths()
    this.armPathTimer()
    this.flush()
  }

  private armPathTimer(): void {
    let at = -1
    for (const p of this.paths) {
      if (!p.validating) continue
      const t = Math.min(p.abandonAt, p.rechallengeAt)
      if (at < 0 || t < at) at = t
    }
    if (at < 0) this.timers[PATH_TIMER].cancel()
    else this.timers[PATH_TIMER].setAt(at)
  }

  /** Forgets paths that are neither in use, nor the fallback, nor being validated. */
  private prunePaths(): void {
    for (let i = this.paths.length - 1; i >= 0; i--) {
      const p = this.paths[i]
      if (p !== this.path && p !== this.lastValidated && !p.validating) this.paths.splice(i, 1)
    }
  }

  // ---- output ----------------------------------------------------------------------------------------

  /** Sends what the stream, the control frames, the windows and the amplification limit allow. */
  flush(): void {
    if (this.frozen || this.state !== QuicState.ESTABLISHED) return
    while (this.pendingResponses.length > 0) {
      const q = allocPacket()
      q.frames = Frame.PATH_RESPONSE | Frame.PADDING
      q.response = this.pendingResponses.shift() as number
      const path = this.pendingResponsePaths.shift() as QuicPath
      // §8.2.2: padded to 1200 bytes unless the amplification limit forbids.
      const size = Math.min(Math.max(MIN_DATAGRAM, SHORT_HEADER + PATH_FRAME), path.credit())
      if (size >= SHORT_HEADER + PATH_FRAME) {
        this.sendProbe(path, q, size)
        this.events?.controlFrame?.(this, 'PATH_RESPONSE', size, path.remoteAddr)
      } else releasePacket(q)
    }
    if (this.announcePath) this.sendOne(true)
    for (let guard = 0; guard < 10_000 && this.sendOne(false); guard++);
    this.setLossDetectionTimer()
  }

  /**
   * Builds and sends one packet on the current path; a probe (PTO) ignores the congestion window
   * and is ack-eliciting even without anything to say (PING). Returns false if nothing was sent.
   */
  private sendOne(probe: boolean): boolean {
    const path = this.path
    const mds = this.config.maxDatagramSize
    const max = Math.min(mds, path.credit())
    if (max < SHORT_HEADER + ACK_FRAME) return false
    const q = allocPacket()
    let size = SHORT_HEADER
    if (this.ackPending) size += this.fillAck(q)
    // Ack-eliciting content must fit the congestion window (RFC 9002 §7), except in a probe (§6.2.4).
    const limit = probe ? max : Math.min(max, this.cc.room())
    const sp = SentPacket.alloc()
    if (this.pendingHandshakeDone && size + 1 <= limit) {
      q.frames |= Frame.HANDSHAKE_DONE
      sp.handshakeDone = true
      this.pendingHandshakeDone = false
      size += 1
    }
    while (this.pendingNewCids.length > 0 && size + NEW_CONNECTION_ID_FRAME <= limit) {
      const seq = this.pendingNewCids.shift() as number
      const cid = this.localCids.cidOf(seq)
      if (cid < 0) continue // retired meanwhile
      q.frames |= Frame.NEW_CONNECTION_ID
      q.newCids.push({ seq, cid, retirePriorTo: this.localCids.retirePriorTo })
      sp.newCids.push(seq)
      size += NEW_CONNECTION_ID_FRAME
    }
    while (this.pendingRetire.length > 0 && size + RETIRE_CONNECTION_ID_FRAME <= limit) {
      const seq = this.pendingRetire.shift() as number
      q.frames |= Frame.RETIRE_CONNECTION_ID
      q.retire.push(seq)
      sp.retire.push(seq)
      size += RETIRE_CONNECTION_ID_FRAME
    }
    // Sender-side silly-window avoidance only when the congestion window is what limits an
    // otherwise empty packet; the amplification limit's last bytes and a packet already going out are filled.
    const windowLimited = !probe && !q.ackEliciting && this.cc.room() < max
    const retx = this.fillStream(q, sp, limit - size, windowLimited)
    if (q.has(Frame.STREAM)) size += STREAM_FRAME + q.streamLength
    if (probe && !q.ackEliciting) {
      q.frames |= Frame.PING
      size += 1
    }
    const eliciting = q.ackEliciting
    if (!eliciting && !this.ackNow) {
      releasePacket(q)
      SentPacket.release(sp)
      return false
    }
    if (eliciting && this.announcePath) {
      q.frames |= Frame.PADDING
      size = Math.max(size, Math.min(MIN_DATAGRAM, max))
      this.announcePath = false
    }
    if (q.has(Frame.ACK)) this.ackSent()
    const pn = this.nextPn++
    q.pn = pn
    if (eliciting) {
      sp.pn = pn
      sp.timeSent = this.now
      sp.size = size
      sp.epoch = this.epoch
      sp.inFlight = true
      this.sent.push(sp)
      this.cc.onSent(size)
      this.ackElicitingOutstanding++
      this.timeOfLastAckEliciting = this.now
      if (!this.sentElicitingSinceRx) {
        this.sentElicitingSinceRx = true
        this.restartIdle()
      }
    } else SentPacket.release(sp)
    if (retx) this.totalRetransmits++
    this.transmitOn(path, q, size, retx)
    if (this.events?.controlFrame) {
      if (q.has(Frame.NEW_CONNECTION_ID))
        this.events.controlFrame(this, 'NEW_CONNECTION_ID', q.newCids.length * NEW_CONNECTION_ID_FRAME, path.remoteAddr)
      if (q.has(Frame.RETIRE_CONNECTION_ID))
        this.events.controlFrame(
          this,
          'RETIRE_CONNECTION_ID',
          q.retire.length * RETIRE_CONNECTION_ID_FRAME,
          path.remoteAddr,
        )
    }
    return true
  }

  /** Puts stream data (lost ranges first, then new data) and the FIN into `q`; true if it retransmits. */
  private fillStream(q: QuicPacket, sp: SentPacket, room: number, windowLimited: boolean): boolean {
    const space = room - STREAM_FRAME
    const written = this.outQueue.written
    if (!this.streamLost.empty) {
      if (space <= 0) return false
      const s = this.streamLost.start(0)
      const e = Math.min(this.streamLost.end(0), s + space)
      this.streamLost.remove(s, e)
      this.putStream(q, sp, s, e - s, this.finQueued && e === written)
      return true
    }
    const avail = written - this.sendNext
    const finDue = this.finQueued && !this.finSent
    if (avail <= 0 && !finDue) return false
    if (space < 0 || (space === 0 && avail > 0)) return false
    const len = Math.min(avail, space)
    // A window-limited sender waits for room for a full packet.
    if (len < avail && windowLimited && room < this.config.maxDatagramSize - SHORT_HEADER - ACK_FRAME) return false
    this.putStream(q, sp, this.sendNext, len, this.finQueued && this.sendNext + len === written)
    this.sendNext += len
    return false
  }

  private putStream(q: QuicPacket, sp: SentPacket, offset: number, len: number, fin: boolean): void {
    q.frames |= Frame.STREAM
    q.streamOffset = offset
    q.streamLength = len
    q.fin = fin
    sp.streamOffset = offset
    sp.streamLength = len
    sp.fin = fin
    sp.hasStream = true
    if (fin) this.finSent = true
  }

  /** Fills the ACK frame from the packet numbers received (highest ranges first); returns its size. */
  private fillAck(q: QuicPacket): number {
    const r = this.rxPns
    const n = Math.min(r.count, MAX_ACK_RANGES)
    q.frames |= Frame.ACK
    q.largestAcked = r.max(0) - 1
    q.ackDelay = this.now - this.largestRxTime
    q.ackRangeCount = n
    for (let k = 0; k < n; k++) {
      const i = r.count - 1 - k
      q.ackRanges[2 * k] = r.start(i)
      q.ackRanges[2 * k + 1] = r.end(i) - 1
    }
    return ACK_FRAME + ACK_RANGE * (n - 1)
  }

  private ackSent(): void {
    this.ackPending = false
    this.ackNow = false
    this.unackedEliciting = 0
    this.timers[ACK_TIMER].cancel()
    // Ranges far below are no longer worth reporting (§13.2.4).
    this.rxPns.keepHighest(MAX_ACK_RANGES)
  }

  /** A packet off the current path's data flow (PATH_CHALLENGE / PATH_RESPONSE). */
  private sendProbe(path: QuicPath, q: QuicPacket, size: number): void {
    if (this.ackPending) {
      this.fillAck(q)
      this.ackSent()
    }
    q.pn = this.nextPn++
    this.transmitOn(path, q, size, false)
  }

  private transmitOn(path: QuicPath, q: QuicPacket, size: number, retransmission: boolean): void {
    q.dcid = this.dcid
    q.sender = this
    path.bytesSent += size
    this.observer?.packetSent(retransmission)
    this.endpoint.transmit(path.remoteAddr, path.remotePort, size, q)
  }

  private closeConnection(error: number): void {
    const q = allocPacket()
    q.frames = Frame.CONNECTION_CLOSE
    q.closeError = error
    q.pn = this.nextPn++
    this.transmitOn(this.path, q, SHORT_HEADER + CONNECTION_CLOSE_FRAME, false)
    this.enterClosingPeriod(QuicState.CLOSING)
    if (error === NO_ERROR) this.app?.onClosed?.(this)
  }

  /** RFC 9000 §10.2: closing and draining last three times the PTO, absorbing late packets. */
  private enterClosingPeriod(s: QuicState): void {
    this.state = s
    for (let k = 0; k < TIMERS; k++) if (k !== DRAIN_TIMER) this.timers[k].cancel()
    this.timers[DRAIN_TIMER].set(3 * this.pto())
  }

  // ---- input -----------------------------------------------------------------------------------------

  /** A packet for this connection (demultiplexed by the endpoint on its destination ID). */
  input(pkt: Packet, q: QuicPacket): void {
    const s = this.state
    // Closed, or closing/draining: late packets are absorbed (the closing state does not repeat
    // its CONNECTION_CLOSE in this model).
    if (s >= QuicState.CLOSING) return
    if (q.type !== PacketType.ONE_RTT) {
      this.sentElicitingSinceRx = false
      this.restartIdle()
      this.inputHandshake(pkt, q)
      return
    }
    // RFC 9001 §5.7: a server processes no 1-RTT packet before the handshake completes.
    if (s === QuicState.HANDSHAKE) return
    if (this.rxPns.has(q.pn)) return
    this.sentElicitingSinceRx = false
    this.restartIdle()
    const path = this.pathFor(pkt.src, pkt.sport)
    path.bytesReceived += pkt.len
    this.recordReceived(q)
    if (!q.probing && q.pn > this.largestNonProbing) {
      this.largestNonProbing = q.pn
      if (path !== this.path) this.peerMigrated(path)
    }
    if (q.has(Frame.ACK)) this.onAck(q)
    if (q.has(Frame.NEW_CONNECTION_ID)) for (const n of q.newCids) this.onNewConnectionId(n.seq, n.cid, n.retirePriorTo)
    if (q.has(Frame.RETIRE_CONNECTION_ID)) for (const seq of q.retire) this.onRetireConnectionId(seq)
    if (q.has(Frame.PATH_CHALLENGE)) {
      this.pendingResponses.push(q.challenge)
      this.pendingResponsePaths.push(path)
    }
    if (q.has(Frame.PATH_RESPONSE)) this.onPathResponse(q.response)
    if (q.has(Frame.HANDSHAKE_DONE)) this.handshakeConfirmed = true
    if (q.has(Frame.STREAM)) this.onStream(q, pkt.born)
    if (q.has(Frame.CONNECTION_CLOSE)) {
      this.onConnectionClose(q.closeError)
      return
    }
    this.flush()
  }

  private recordReceived(q: QuicPacket): void {
    const largest = this.rxPns.max(0) - 1
    const outOfOrder = !this.rxPns.empty && (q.pn < largest || q.pn > largest + 1)
    this.rxPns.add(q.pn, q.pn + 1)
    if (q.pn > largest) this.largestRxTime = this.now
    if (!q.ackEliciting) return
    // §13.2.1–2: acknowledge out-of-order packets at once, otherwise every second packet or within max_ack_delay.
    this.ackPending = true
    this.unackedEliciting++
    if (outOfOrder || this.unackedEliciting >= 2 || q.has(Frame.PATH_CHALLENGE)) this.ackNow = true
    else if (!this.timers[ACK_TIMER].armed) this.timers[ACK_TIMER].set(this.config.maxAckDelay)
  }

  private onStream(q: QuicPacket, born: Time): void {
    const end = q.streamOffset + q.streamLength
    if (q.fin) this.peerFinOffset = end
    this.streamReceived.add(q.streamOffset, end)
    const reach = this.streamReceived.reach(0)
    if (reach > this.delivered) {
      const n = reach - this.delivered
      this.delivered = reach
      this.observer?.delivered(n, born)
      const app = this.app
      app?.onData?.(this, n)
      this.inQueue.drain(this.delivered, app?.onMessage ? (tag, bytes) => app.onMessage?.(this, tag, bytes) : null)
    }
    if (this.peerFinOffset >= 0 && this.delivered >= this.peerFinOffset && !this.peerFinDelivered) {
      this.peerFinDelivered = true
      this.app?.onPeerClosed?.(this)
      this.maybeClose()
    }
  }

  /** Both directions finished and our FIN acknowledged: close the connection (NO_ERROR). */
  private maybeClose(): void {
    if (this.state === QuicState.ESTABLISHED && this.finAcked && this.peerFinDelivered) this.closeConnection(NO_ERROR)
  }

  private onConnectionClose(error: number): void {
    this.enterClosingPeriod(QuicState.DRAINING)
    const app = this.app
    if (error === NO_ERROR) app?.onClosed?.(this)
    else app?.onReset?.(this)
  }

  // ---- loss detection (RFC 9002 §6, Appendix A) ------------------------------------------------------

  /** A.7 OnAckReceived. */
  private onAck(q: QuicPacket): void {
    if (q.largestAcked > this.largestAcked) this.largestAcked = q.largestAcked
    let newlyAcked = false
    let largestNewly: SentPacket | null = null
    const sent = this.sent
    let w = 0
    for (let i = 0; i < sent.length; i++) {
      const p = sent[i]
      if (acks(q, p.pn)) {
        newlyAcked = true
        this.onPacketAcked(p)
        if (largestNewly === null || p.pn > largestNewly.pn) {
          if (largestNewly !== null) SentPacket.release(largestNewly)
          largestNewly = p
        } else SentPacket.release(p)
      } else sent[w++] = p
    }
    sent.length = w
    if (!newlyAcked || largestNewly === null) return
    // RTT sample from the largest newly acknowledged packet, if it was the frame's largest (§5.1);
    // never from packets sent on a previous path (RFC 9000 §9.4).
    if (largestNewly.pn === q.largestAcked && largestNewly.epoch === this.epoch)
      this.rtt.sample(this.now - largestNewly.timeSent, q.ackDelay, this.handshakeConfirmed, this.config.maxAckDelay)
    SentPacket.release(largestNewly)
    this.detectLostPackets()
    this.ptoCount = 0
    if (this.finAcked) this.maybeClose()
  }

  private onPacketAcked(p: SentPacket): void {
    this.ackElicitingOutstanding--
    if (p.inFlight && p.epoch === this.epoch) this.cc.onAcked(p.size, p.timeSent)
    if (p.hasStream) {
      this.streamAcked.add(p.streamOffset, p.streamOffset + p.streamLength)
      this.streamLost.remove(p.streamOffset, p.streamOffset + p.streamLength)
      if (p.fin) this.finAcked = true
    }
  }

  /** A.10 DetectAndRemoveLostPackets. */
  private detectLostPackets(): void {
    this.lossTime = -1
    const rtt = this.rtt
    const lossDelay = Math.max(K_TIME_THRESHOLD * Math.max(rtt.latestRtt, rtt.smoothedRtt), K_GRANULARITY)
    const lostSendTime = this.now - lossDelay
    const sent = this.sent
    let w = 0
    let largestLost: SentPacket | null = null
    let pcStart: Time = -1
    let pcEnd: Time = -1
    let prevPn = -2
    let persistent = false
    for (let i = 0; i < sent.length; i++) {
      const p = sent[i]
      if (p.pn > this.largestAcked) {
        sent[w++] = p
        continue
      }
      if (p.timeSent <= lostSendTime || this.largestAcked >= p.pn + K_PACKET_THRESHOLD) {
        // §7.6.2: a run of consecutive lost packets spanning the persistent-congestion duration.
        if (p.epoch === this.epoch && rtt.hasSample) {
          if (p.pn !== prevPn + 1) pcStart = p.timeSent
          pcEnd = p.timeSent
          if (pcEnd - pcStart > this.persistentCongestionDuration()) persistent = true
          prevPn = p.pn
        }
        this.onPacketLost(p)
        if (p.epoch === this.epoch && p.inFlight && (largestLost === null || p.pn > largestLost.pn)) {
          if (largestLost !== null) SentPacket.release(largestLost)
          largestLost = p
        } else SentPacket.release(p)
      } else {
        const t = p.timeSent + lossDelay
        if (this.lossTime < 0 || t < this.lossTime) this.lossTime = t
        sent[w++] = p
      }
    }
    sent.length = w
    if (largestLost !== null) {
      this.cc.onCongestionEvent(largestLost.timeSent, this.now)
      SentPacket.release(largestLost)
      if (persistent) this.cc.onPersistentCongestion()
    }
  }

  private persistentCongestionDuration(): Time {
    return K_PERSISTENT_CONGESTION_THRESHOLD * this.pto()
  }

  /** Queues what a lost packet carried for sending again (§13.3). */
  private onPacketLost(p: SentPacket): void {
    this.ackElicitingOutstanding--
    if (p.inFlight && p.epoch === this.epoch) this.cc.onRemoved(p.size)
    if (p.hasStream) {
      const s = p.streamOffset
      const e = s + p.streamLength
      this.streamLost.add(s, e)
      for (let i = 0; i < this.streamAcked.count; i++) {
        if (this.streamAcked.start(i) >= e) break
        this.streamLost.remove(this.streamAcked.start(i), this.streamAcked.end(i))
      }
      if (p.fin && !this.finAcked) this.finSent = false
    }
    if (p.handshakeDone) this.pendingHandshakeDone = true
    for (const seq of p.newCids) if (this.localCids.cidOf(seq) >= 0) this.pendingNewCids.push(seq)
    for (const seq of p.retire) this.pendingRetire.push(seq)
  }

  /** A.8 SetLossDetectionTimer. */
  private setLossDetectionTimer(): void {
    const t = this.timers[LOSS_TIMER]
    if (this.lossTime >= 0) {
      t.setAt(this.lossTime)
      return
    }
    // §6.2.2.1: no PTO while the amplification limit blocks sending.
    if (this.ackElicitingOutstanding <= 0 || this.path.credit() <= SHORT_HEADER) {
      t.cancel()
      return
    }
    t.setAt(this.timeOfLastAckEliciting + this.pto() * 2 ** this.ptoCount)
  }

  /** A.9 OnLossDetectionTimeout. */
  private onLossDetectionTimeout(): void {
    if (this.lossTime >= 0 && this.lossTime <= this.now) {
      this.detectLostPackets()
      this.flush()
      return
    }
    this.totalPtos++
    this.observer?.timerExpired(this.pto() * 2 ** this.ptoCount, 'PTO')
    this.ptoCount++
    // §6.2.4: the probe carries new data if any, else data still in flight (the oldest).
    if (this.sendNext >= this.outQueue.written && this.streamLost.empty) {
      for (const p of this.sent) {
        if (!p.hasStream) continue
        this.streamLost.add(p.streamOffset, p.streamOffset + p.streamLength)
        break
      }
    }
    this.sendOne(true)
    this.flush()
  }

  // ---- timers ----------------------------------------------------------------------------------------

  handle(code: number): void {
    switch (code) {
      case LOSS_TIMER:
        this.onLossDetectionTimeout()
        break
      case ACK_TIMER:
        this.ackNow = true
        this.flush()
        break
      case IDLE_TIMER: {
        // §10.1: silently closed; the application learns it timed out.
        const app = this.app
        this.terminate()
        app?.onTimeout?.(this)
        break
      }
      case PATH_TIMER:
        this.onPathTimer()
        break
      case HANDSHAKE_TIMER:
        this.handshakeTimeouts++
        this.handshakeRetransmitted = true
        this.observer?.timerExpired(this.rtt.pto(0) * 2 ** (this.handshakeTimeouts - 1), 'PTO')
        if (this.client) this.sendInitial()
        else this.sendServerFlight()
        break
      case DRAIN_TIMER:
        this.terminate()
        break
    }
  }

  /** §10.1: the idle timeout, at least three PTOs, restarts on receipt and on the first ack-eliciting send after it. */
  private restartIdle(): void {
    this.timers[IDLE_TIMER].set(Math.max(this.config.maxIdleTimeout, 3 * this.pto()))
  }

  // ---- migration support -----------------------------------------------------------------------------

  /** The process is frozen: packets are dropped and timers suspended until thaw(). */
  freeze(): void {
    if (this.frozen) return
    this.frozen = true
    for (let k = 0; k < TIMERS; k++) {
      this.frozenAt[k] = this.timers[k].armed ? this.timers[k].expiry : -1
      this.timers[k].cancel()
    }
  }

  /** Resumes: a timer that would have expired meanwhile fires now. */
  thaw(): void {
    if (!this.frozen) return
    this.frozen = false
    for (let k = 0; k < TIMERS; k++) {
      if (this.frozenAt[k] >= 0) this.timers[k].setAt(Math.max(this.now, this.frozenAt[k]))
      this.frozenAt[k] = -1
    }
    this.flush()
  }

  /** Ends the connection without telling the peer and forgets its connection IDs. */
  terminate(): void {
    for (const t of this.timers) t.cancel()
    this.state = QuicState.CLOSED
    this.endpoint.remove(this)
    for (const p of this.sent) SentPacket.release(p)
    this.sent.length = 0
    this.events?.closed?.(this)
  }

  /** Whether a (dropped) packet is one this connection sent. */
  sentPacket(pkt: Packet): boolean {
    const q = pkt.msg as QuicPacket | null
    return q !== null && typeof q === 'object' && (q as QuicPacket).sender === this
  }

  toString(): string {
    return `quic ${this.client ? 'client' : 'server'} ${QUIC_STATE_NAMES[this.state]} path ${this.path.remoteAddr}:${this.path.remotePort}`
  }
}

function acks(q: QuicPacket, pn: number): boolean {
  for (let k = 0; k < q.ackRangeCount; k++) if (pn >= q.ackRanges[2 * k] && pn <= q.ackRanges[2 * k + 1]) return true
  return false
}

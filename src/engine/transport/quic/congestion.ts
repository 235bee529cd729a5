// NewReno congestion control as RFC 9002 §7 and Appendix B describe it: slow start, congestion
// avoidance, one window reduction per recovery period (a loss of a packet sent before the
// recovery period began does not reduce again), and persistent congestion collapsing the window
// to the minimum. Counted in bytes of QUIC packets (headers included, UDP/IP not; §2).
//
// Modelling choice: the application-limited rule of §7.8 is not modelled (the window grows on
// every acknowledgement); the interactive workloads never fill it.

import type { Time } from '../../core'
import { initialWindow, K_LOSS_REDUCTION_FACTOR, minimumWindow } from './config'

export class NewReno {
  cwnd: number
  ssthresh = Number.POSITIVE_INFINITY
  bytesInFlight = 0
  /** congestion_recovery_start_time (B.2); -1 before any congestion event. */
  private recoveryStart: Time = -1
  readonly initialWindow: number
  readonly minimumWindow: number

  constructor(readonly maxDatagramSize: number) {
    this.initialWindow = initialWindow(maxDatagramSize)
    this.minimumWindow = minimumWindow(maxDatagramSize)
    this.cwnd = this.initialWindow
  }

  /** Room for a packet of `bytes` without exceeding the window (§7). */
  room(): number {
    return this.cwnd - this.bytesInFlight
  }

  onSent(bytes: number): void {
    this.bytesInFlight += bytes
  }

  private inRecovery(sentTime: Time): boolean {
    return sentTime <= this.recoveryStart
  }

  /** B.5 OnPacketsAcked, for one packet. */
  onAcked(bytes: number, sentTime: Time): void {
    this.bytesInFlight -= bytes
    if (this.inRecovery(sentTime)) return
    // Windows are whole bytes: a fractional window would make fractional stream frames.
    if (this.cwnd < this.ssthresh) this.cwnd += bytes
    else this.cwnd += Math.floor((this.maxDatagramSize * bytes) / this.cwnd)
  }

  /** A packet left the flight without an acknowledgement (lost, or discarded). */
  onRemoved(bytes: number): void {
    this.bytesInFlight -= bytes
  }

  /** B.6 OnCongestionEvent. */
  onCongestionEvent(sentTime: Time, now: Time): void {
    if (this.inRecovery(sentTime)) return
    this.recoveryStart = now
    this.ssthresh = Math.max(Math.floor(this.cwnd * K_LOSS_REDUCTION_FACTOR), this.minimumWindow)
    this.cwnd = this.ssthresh
  }

  /** B.8: persistent congestion. */
  onPersistentCongestion(): void {
    this.cwnd = this.minimumWindow
    this.recoveryStart = -1
  }

  /** Back to the initial state for a new path (RFC 9000 §9.4); packets in flight no longer count. */
  reset(): void {
    this.cwnd = this.initialWindow
    this.ssthresh = Number.POSITIVE_INFINITY
    this.recoveryStart = -1
    this.bytesInFlight = 0
  }
}

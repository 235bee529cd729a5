// A destination transport address of an association (RFC 9260 §6.4, §8.2): its reachability
// state, whether it is confirmed (§5.4: no DATA to an unconfirmed address), its own RTO estimator
// (§6.3), congestion state (§7.2: cwnd, ssthresh, partial_bytes_acked, flight size), the error
// counter against Path.Max.Retrans, and its T3-rtx and HEARTBEAT timers.

import { type Handler, type Scheduler, type Time, Timer } from '../../core'
import type { Address } from '../../net/address'
import { RtoEstimator } from '../rto'
import { CLOCK_GRANULARITY, initialCwnd, type SctpConfig } from './config'

export const PathState = { ACTIVE: 0, INACTIVE: 1 } as const
export type PathState = (typeof PathState)[keyof typeof PathState]

export class SctpPath {
  state: PathState = PathState.ACTIVE
  confirmed = false
  readonly rto: RtoEstimator
  cwnd: number
  ssthresh: number
  partialBytesAcked = 0
  flightSize = 0
  /** Bytes newly acknowledged on this path by the SACK being processed. */
  ackedNow = 0
  errorCount = 0
  /** The outstanding HEARTBEAT's nonce (-1: none). */
  hbNonce = -1
  /** Last time anything was sent here (a path idle for HB.interval gets a HEARTBEAT, §8.3). */
  lastSent: Time = 0
  /** Fast recovery exit point (§7.2.4), -1 when not in fast recovery. */
  fastRecoveryExit = -1
  readonly t3: Timer
  readonly hb: Timer

  constructor(
    readonly addr: Address,
    readonly id: number,
    config: SctpConfig,
    sched: Scheduler,
    owner: Handler,
    t3Code: number,
    hbCode: number,
  ) {
    this.rto = new RtoEstimator({
      initial: config.rtoInitial,
      min: config.rtoMin,
      max: config.rtoMax,
      granularity: CLOCK_GRANULARITY,
    })
    this.cwnd = initialCwnd(config.pmtu)
    // §7.2.1: ssthresh may be arbitrarily high initially (the peer's a_rwnd).
    this.ssthresh = config.receiveWindow
    this.t3 = new Timer(sched, owner, t3Code, id)
    this.hb = new Timer(sched, owner, hbCode, id)
  }

  /** Can carry new DATA: active and confirmed (§5.4, §6.4). */
  get usable(): boolean {
    return this.state === PathState.ACTIVE && this.confirmed
  }
}

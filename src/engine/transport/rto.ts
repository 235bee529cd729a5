// The retransmission timeout estimator of RFC 6298 (§2), with Karn's rule left to the caller
// (it only feeds samples from segments that were not retransmitted).
//
//   first sample R:  SRTT = R, RTTVAR = R/2
//   later sample R': RTTVAR = (1 - β)·RTTVAR + β·|SRTT - R'|   (with the old SRTT), then
//                    SRTT   = (1 - α)·SRTT + α·R'              α = 1/8, β = 1/4
//   RTO = SRTT + max(G, K·RTTVAR), K = 4, rounded up to the minimum (RFC: 1 s), capped at the maximum.
// Back-off (§5.5) doubles the RTO, capped at the maximum, until a new sample arrives.

import type { Time } from '../core'

export interface RtoParams {
  initial: Time
  min: Time
  max: Time
  /** Clock granularity G. */
  granularity: Time
}

export class RtoEstimator {
  srtt: Time = 0
  rttvar: Time = 0
  /** True once a sample has been taken. */
  measured = false
  /** The current RTO including back-off. */
  rto: Time
  /** Number of consecutive back-offs applied. */
  backoffs = 0

  constructor(readonly params: RtoParams) {
    this.rto = params.initial
  }

  /** The RTO computed from SRTT and RTTVAR, before the floor and ceiling. */
  get computed(): Time {
    return this.srtt + Math.max(this.params.granularity, 4 * this.rttvar)
  }

  sample(r: Time): void {
    if (!this.measured) {
      this.srtt = r
      this.rttvar = r / 2
      this.measured = true
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - r)
      this.srtt = 0.875 * this.srtt + 0.125 * r
    }
    this.backoffs = 0
    this.rto = this.bounded(this.computed)
  }

  /** Doubles the RTO after an expiry (capped at the maximum). */
  backoff(): void {
    this.backoffs++
    this.rto = Math.min(this.params.max, this.rto * 2)
  }

  /** RFC 6298 §5.7: after a SYN timed out with RTO < 3 s, data transfer starts with RTO = 3 s. */
  resetAfterSynTimeout(threeSeconds: Time): void {
    if (this.rto < threeSeconds) this.rto = threeSeconds
  }

  /** Forgets the path (a new path after migration: RFC 9000-style reset, used by some architectures). */
  reset(): void {
    this.measured = false
    this.srtt = 0
    this.rttvar = 0
    this.backoffs = 0
    this.rto = this.params.initial
  }

  private bounded(x: Time): Time {
    return Math.round(Math.min(this.params.max, Math.max(this.params.min, x)))
  }
}

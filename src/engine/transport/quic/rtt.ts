// RTT estimation of RFC 9002 §5 and the probe timeout of §6.2.1:
//
//   first sample:  min_rtt = smoothed_rtt = latest_rtt, rttvar = latest_rtt / 2
//   later samples: min_rtt = min(min_rtt, latest_rtt); ack_delay capped at max_ack_delay once the
//                  handshake is confirmed; adjusted_rtt = latest_rtt - ack_delay if that stays
//                  >= min_rtt; rttvar = 3/4·rttvar + 1/4·|smoothed_rtt - adjusted_rtt|;
//                  smoothed_rtt = 7/8·smoothed_rtt + 1/8·adjusted_rtt
//   PTO = smoothed_rtt + max(4·rttvar, kGranularity) + max_ack_delay
//
// Before any sample (a new path, §6.2.2) smoothed_rtt = kInitialRtt and rttvar = kInitialRtt / 2.

import type { Time } from '../../core'
import { K_GRANULARITY, K_INITIAL_RTT } from './config'

export class QuicRtt {
  latestRtt: Time = 0
  minRtt: Time = 0
  smoothedRtt: Time = K_INITIAL_RTT
  rttvar: Time = K_INITIAL_RTT / 2
  hasSample = false

  sample(latest: Time, ackDelay: Time, handshakeConfirmed: boolean, maxAckDelay: Time): void {
    this.latestRtt = latest
    if (!this.hasSample) {
      this.hasSample = true
      this.minRtt = latest
      this.smoothedRtt = latest
      this.rttvar = latest / 2
      return
    }
    if (latest < this.minRtt) this.minRtt = latest
    const delay = handshakeConfirmed ? Math.min(ackDelay, maxAckDelay) : ackDelay
    const adjusted = latest >= this.minRtt + delay ? latest - delay : latest
    this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.smoothedRtt - adjusted)
    this.smoothedRtt = 0.875 * this.smoothedRtt + 0.125 * adjusted
  }

  /** The probe timeout before back-off (§6.2.1), in whole nanoseconds. */
  pto(maxAckDelay: Time): Time {
    return Math.round(this.smoothedRtt + Math.max(4 * this.rttvar, K_GRANULARITY) + maxAckDelay)
  }

  /** Back to the initial values: a new path (RFC 9000 §9.4). */
  reset(): void {
    this.latestRtt = 0
    this.minRtt = 0
    this.smoothedRtt = K_INITIAL_RTT
    this.rttvar = K_INITIAL_RTT / 2
    this.hasSample = false
  }
}

/** The PTO of a path without samples: kInitialRtt + max(4·kInitialRtt/2, kGranularity) + max_ack_delay (§6.2.2). */
export function initialPto(maxAckDelay: Time): Time {
  return Math.round(K_INITIAL_RTT + Math.max(2 * K_INITIAL_RTT, K_GRANULARITY) + maxAckDelay)
}

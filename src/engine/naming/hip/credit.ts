// Credit-based authorisation of an UNVERIFIED locator (RFC 8046 §3.3.2, §5.4): a peer that has
// been told of a new locator may send there before the locator is verified, but never more bytes
// than it recently received from the mover — so a forged UPDATE cannot turn the peer into a flood
// aimed at a third party. Received bytes earn credit, bytes sent to the unverified locator spend
// it, and the credit ages: every CreditAgingInterval it is multiplied by CreditAgingFactor.

import type { Time } from '../../core'

export class CreditCounter {
  private credit = 0
  private agedAt: Time

  constructor(
    private readonly agingFactor: number,
    private readonly agingInterval: Time,
    now: Time,
  ) {
    this.agedAt = now
  }

  /** `bytes` arrived from the peer. */
  earn(bytes: number, now: Time): void {
    this.age(now)
    this.credit += bytes
  }

  /** Takes `bytes` of credit for a packet to the unverified locator; false (nothing taken) if there is not enough. */
  spend(bytes: number, now: Time): boolean {
    this.age(now)
    if (bytes > this.credit) return false
    this.credit -= bytes
    return true
  }

  /** Applies the aging steps that fell due since the last one. */
  private age(now: Time): void {
    const steps = Math.floor((now - this.agedAt) / this.agingInterval)
    if (steps <= 0) return
    this.credit *= this.agingFactor ** steps
    this.agedAt += steps * this.agingInterval
  }
}

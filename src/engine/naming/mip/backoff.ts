// Retransmission of a signalling request until it is answered: the first attempt at once, then
// after `initial`, doubling up to `max` (RFC 5944 §3.6.3 for registrations; RFC 6275 §11.8 for
// binding updates and the return-routability tests), for at most `attempts` sends in all.

import type { EventId, Scheduler, Time } from '../../core'

export class Backoff {
  private pending: EventId = -1
  private timeout: Time = 0
  private sent = 0

  constructor(
    private readonly sched: Scheduler,
    private readonly initial: Time,
    private readonly max: Time,
    private readonly attempts: number,
    /** Sends one attempt; `n` counts from 1. */
    private readonly send: (n: number) => void,
    /** Called when the last attempt went unanswered. */
    private readonly gaveUp: () => void,
  ) {}

  get active(): boolean {
    return this.pending >= 0
  }

  start(): void {
    this.stop()
    this.sent = 0
    this.timeout = this.initial
    this.attempt()
  }

  stop(): void {
    if (this.pending >= 0) this.sched.cancel(this.pending)
    this.pending = -1
  }

  private attempt(): void {
    this.sent++
    this.send(this.sent)
    this.pending = this.sched.call(this.sched.now + this.timeout, () => {
      this.pending = -1
      if (this.sent >= this.attempts) {
        this.gaveUp()
        return
      }
      this.timeout = Math.min(this.max, 2 * this.timeout)
      this.attempt()
    })
  }
}

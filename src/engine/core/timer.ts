// A re-armable, cancellable timer owned by one entity (a TCP retransmission timer, a binding
// lifetime, a registration refresh).
//
// Re-arming later than the pending expiry does not touch the event queue: the pending event
// fires at the old time, sees the new deadline and re-schedules itself. A TCP sender pushes its
// retransmission deadline forward on every ACK, so this turns one heap operation per ACK into
// one per RTO period.

import type { EventId, Handler } from './queue'
import type { Scheduler } from './scheduler'
import type { Time } from './time'

export class Timer implements Handler {
  hid = -1
  private deadline: Time = -1
  private queuedAt: Time = -1
  private id: EventId = -1

  /**
   * @param sched the scheduler
   * @param owner receives `owner.handle(code, arg, undefined)` when the timer expires
   * @param code passed to the owner, to tell its timers apart
   * @param arg passed to the owner
   */
  constructor(
    private readonly sched: Scheduler,
    private readonly owner: Handler,
    private readonly code: number,
    private readonly arg = 0,
  ) {}

  /** True while the timer is set and has not fired. */
  get armed(): boolean {
    return this.deadline >= 0
  }

  /** The time it will fire, or -1 when not armed. */
  get expiry(): Time {
    return this.deadline
  }

  /** Arms (or re-arms) the timer to fire at absolute time `at`. */
  setAt(at: Time): void {
    this.deadline = at
    if (this.queuedAt >= 0 && this.queuedAt <= at) return // the queued event will re-check
    if (this.queuedAt >= 0) this.sched.cancel(this.id)
    this.id = this.sched.cancellable(at, this)
    this.queuedAt = at
  }

  /** Arms (or re-arms) the timer to fire `delay` nanoseconds from now. */
  set(delay: Time): void {
    this.setAt(this.sched.now + delay)
  }

  /** Disarms the timer. */
  cancel(): void {
    this.deadline = -1
    if (this.queuedAt >= 0) {
      this.sched.cancel(this.id)
      this.queuedAt = -1
    }
  }

  handle(): void {
    this.queuedAt = -1
    const d = this.deadline
    if (d < 0) return
    if (d > this.sched.now) {
      this.id = this.sched.cancellable(d, this)
      this.queuedAt = d
      return
    }
    this.deadline = -1
    this.owner.handle(this.code, this.arg, undefined)
  }
}

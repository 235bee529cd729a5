// The simulation clock and loop: SimPy's Environment in a few dozen lines. Everything in the
// engine that happens at a time is an event on this scheduler's queue.

import { type EventId, EventQueue, type Handler } from './queue'
import { MAX_TIME, type Time } from './time'

export interface RunOptions {
  /** Stop before the first event later than this time; `now` is then set to it. Default: run until idle. */
  until?: Time
  /** Called every `checkEvery` events; returning true stops the run (cooperative cancellation). */
  shouldStop?: () => boolean
  /** Called every `checkEvery` events with the current time and the number of events run so far. */
  onProgress?: (now: Time, events: number) => void
  /** How many events pass between calls of `shouldStop` and `onProgress`. Default 65536. */
  checkEvery?: number
}

export type RunOutcome = 'idle' | 'until' | 'stopped'

/** Adapts a closure to a Handler, for rare events where a closure reads better than a code. */
class Callback implements Handler {
  hid = -1
  handle(_code: number, _arg: number, obj: unknown): void {
    ;(obj as () => void)()
  }
}

export class Scheduler {
  private readonly queue: EventQueue
  private _now: Time = 0
  private _events = 0
  private running = false
  private stopRequested = false
  private readonly callback = new Callback()

  constructor(initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity)
  }

  /** Current simulated time in nanoseconds. */
  get now(): Time {
    return this._now
  }

  /** Events dispatched so far. */
  get events(): number {
    return this._events
  }

  /** Events scheduled and not cancelled. */
  get pending(): number {
    return this.queue.pending
  }

  /** Schedules `target.handle(code, arg, obj)` at absolute time `at` (not before now). */
  at(at: Time, target: Handler, code = 0, arg = 0, obj?: unknown): void {
    if (!(at >= this._now && at <= MAX_TIME)) this.badTime(at)
    this.queue.push(at, target, code, arg, obj)
  }

  /** Schedules `target.handle(code, arg, obj)` after `delay` nanoseconds. */
  after(delay: Time, target: Handler, code = 0, arg = 0, obj?: unknown): void {
    this.at(this._now + delay, target, code, arg, obj)
  }

  /** Like `at`, and returns an id for `cancel`. */
  cancellable(at: Time, target: Handler, code = 0, arg = 0, obj?: unknown): EventId {
    if (!(at >= this._now && at <= MAX_TIME)) this.badTime(at)
    return this.queue.idOf(this.queue.push(at, target, code, arg, obj))
  }

  /** Schedules a closure; returns an id for `cancel`. Allocates: for rare events (set-up, failures), not per packet. */
  call(at: Time, fn: () => void): EventId {
    return this.cancellable(at, this.callback, 0, 0, fn)
  }

  /** Cancels a scheduled event; false if it already ran or was cancelled. */
  cancel(id: EventId): boolean {
    return this.queue.cancel(id)
  }

  private badTime(at: Time): never {
    if (at > MAX_TIME) throw new RangeError(`cannot schedule at ${at} ns: beyond the largest representable time`)
    throw new RangeError(`cannot schedule at ${at} ns: it is before now (${this._now} ns)`)
  }

  /** Asks a running loop to return after the current event. */
  stop(): void {
    this.stopRequested = true
  }

  /** Runs events in time order until the queue is empty, `until` is reached, or a stop is asked. */
  run(options: RunOptions = {}): RunOutcome {
    if (this.running) throw new Error('Scheduler.run() called while already running')
    const until = options.until ?? MAX_TIME
    if (until < this._now) throw new RangeError(`run until ${until} ns is before now (${this._now} ns)`)
    const shouldStop = options.shouldStop
    const onProgress = options.onProgress
    const checkEvery = Math.max(1, options.checkEvery ?? 65536)
    const hooked = shouldStop !== undefined || onProgress !== undefined
    let countdown = checkEvery
    const q = this.queue
    let events = this._events
    this.running = true
    this.stopRequested = false
    let outcome: RunOutcome = 'idle'
    try {
      for (;;) {
        const t = q.peekTime()
        if (t === Number.POSITIVE_INFINITY) break
        if (t > until) {
          outcome = 'until'
          break
        }
        const slot = q.popSlot()
        if (!q.isLive(slot)) {
          q.release(slot) // cancelled
          continue
        }
        const target = q.target(slot)
        const code = q.code(slot)
        const arg = q.arg(slot)
        const obj = q.obj(slot)
        q.release(slot)
        this._now = t
        events++
        target.handle(code, arg, obj)
        if (this.stopRequested) {
          outcome = 'stopped'
          break
        }
        if (hooked && --countdown === 0) {
          countdown = checkEvery
          this._events = events
          if (onProgress !== undefined) onProgress(t, events)
          if (shouldStop?.()) {
            outcome = 'stopped'
            break
          }
        }
      }
    } finally {
      this._events = events
      this.running = false
    }
    // Like ns-3's Simulator::Stop: a run with a horizon ends with the clock at the horizon.
    if (outcome !== 'stopped' && options.until !== undefined) this._now = until
    return outcome
  }
}

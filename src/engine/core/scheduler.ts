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

export class Scheduler extends EventQueue {
  private running = false
  private readonly callback = new Callback()

  /** Current simulated time in nanoseconds. */
  get now(): Time {
    return this.clock
  }

  /** Events dispatched so far. */
  get events(): number {
    return this.dispatched
  }

  /** Schedules `target.handle(code, arg, obj)` at absolute time `at` (not before now). */
  at(at: Time, target: Handler, code = 0, arg = 0, obj?: unknown): void {
    if (!(at >= this.clock && at <= MAX_TIME)) this.badTime(at)
    this.push(at, target, code, arg, obj)
  }

  /** Schedules `target.handle(code, arg, obj)` after `delay` nanoseconds. */
  after(delay: Time, target: Handler, code = 0, arg = 0, obj?: unknown): void {
    this.at(this.clock + delay, target, code, arg, obj)
  }

  /** Like `at`, and returns an id for `cancel`. */
  cancellable(at: Time, target: Handler, code = 0, arg = 0, obj?: unknown): EventId {
    if (!(at >= this.clock && at <= MAX_TIME)) this.badTime(at)
    return this.idOf(this.push(at, target, code, arg, obj))
  }

  /** Schedules a closure; returns an id for `cancel`. Allocates: for rare events (set-up, failures), not per packet. */
  call(at: Time, fn: () => void): EventId {
    return this.cancellable(at, this.callback, 0, 0, fn)
  }

  private badTime(at: Time): never {
    if (at > MAX_TIME) throw new RangeError(`cannot schedule at ${at} ns: beyond the largest representable time`)
    throw new RangeError(`cannot schedule at ${at} ns: it is before now (${this.clock} ns)`)
  }

  /** Asks a running loop to return after the current event. */
  stop(): void {
    this.halt = true
  }

  /** Runs events in time order until the queue is empty, `until` is reached, or a stop is asked. */
  run(options: RunOptions = {}): RunOutcome {
    if (this.running) throw new Error('Scheduler.run() called while already running')
    const until = options.until ?? MAX_TIME
    if (until < this.clock) throw new RangeError(`run until ${until} ns is before now (${this.clock} ns)`)
    const shouldStop = options.shouldStop
    const onProgress = options.onProgress
    const hooked = shouldStop !== undefined || onProgress !== undefined
    // Without hooks the loop runs in one go; with them, in slices of checkEvery events.
    const slice = hooked ? Math.max(1, options.checkEvery ?? 65536) : Number.POSITIVE_INFINITY
    this.running = true
    this.halt = false
    let outcome: RunOutcome = 'idle'
    try {
      for (;;) {
        const n = this.dispatch(until, slice)
        if (this.halt) {
          outcome = 'stopped'
          break
        }
        if (n < slice) {
          outcome = this.peekTime() === Number.POSITIVE_INFINITY ? 'idle' : 'until'
          break
        }
        onProgress?.(this.clock, this.dispatched)
        if (shouldStop?.()) {
          outcome = 'stopped'
          break
        }
      }
    } finally {
      this.running = false
      this.halt = false
    }
    // Like ns-3's Simulator::Stop: a run with a horizon ends with the clock at the horizon.
    if (outcome !== 'stopped' && options.until !== undefined) this.clock = until
    return outcome
  }
}

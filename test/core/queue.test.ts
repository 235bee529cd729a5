import { describe, expect, it } from 'vitest'
import { type Handler, MS, RngStream, Scheduler, SECOND, Timer } from '../../src/engine/core'

/** Records (time, label) of every event it receives. */
class Recorder implements Handler {
  hid = -1
  log: [number, number][] = []
  constructor(private readonly sched: Scheduler) {}
  handle(code: number, arg: number): void {
    this.log.push([this.sched.now, code * 1e6 + arg])
  }
}

describe('Scheduler ordering', () => {
  it('runs events in time order', () => {
    const s = new Scheduler()
    const r = new Recorder(s)
    for (const t of [5, 1, 3, 2, 4]) s.at(t * MS, r, 0, t)
    s.run()
    expect(r.log.map(([, a]) => a)).toEqual([1, 2, 3, 4, 5])
  })

  it('breaks ties by insertion order, including events scheduled while running', () => {
    const s = new Scheduler()
    const r = new Recorder(s)
    for (let i = 0; i < 100; i++) s.at(10, r, 0, i)
    s.at(5, {
      hid: -1,
      handle: () => {
        for (let i = 100; i < 110; i++) s.at(10, r, 0, i)
      },
    })
    s.run()
    expect(r.log.map(([, a]) => a)).toEqual([...Array(110).keys()])
    expect(r.log.every(([t]) => t === 10)).toBe(true)
  })

  it('matches a reference ordering under random pushes, pops and cancels (1e5 operations)', () => {
    // Reference: sort by (time, insertion sequence). Times are drawn so that many collide and
    // some bursts land in the current bucket, which exercises Top, the rungs, splits and Bottom.
    const s = new Scheduler(16)
    const rng = new RngStream(42, 'queue-test')
    const got: number[] = []
    const live = new Map<number, { t: number; seq: number }>()
    let seq = 0
    const ids = new Map<number, number>()
    const h: Handler = {
      hid: -1,
      handle(_c, label) {
        got.push(label)
        live.delete(label)
        // Schedule follow-ups: near, far, same time, and occasionally a burst.
        const k = rng.int(10)
        const n = k === 0 ? 60 : 1 + rng.int(2)
        for (let i = 0; i < n && seq < 100_000; i++) {
          const mode = rng.int(4)
          const dt =
            mode === 0
              ? 0
              : mode === 1
                ? rng.int(1000)
                : mode === 2
                  ? Math.floor(rng.uniform() * 10 * SECOND)
                  : Math.round(rng.exponential(SECOND))
          const label2 = seq++
          ids.set(label2, s.cancellable(s.now + dt, h, 0, label2))
          live.set(label2, { t: s.now + dt, seq: label2 })
        }
        // Cancel a random live event now and then.
        const victim = seq - 1 - rng.int(Math.min(seq, 500))
        if (rng.int(8) === 0 && live.has(victim)) {
          if (!s.cancel(ids.get(victim)!) || s.cancel(ids.get(victim)!)) cancelErrors++
          live.delete(victim)
          cancelled.add(victim)
        }
      },
    }
    const cancelled = new Set<number>()
    let cancelErrors = 0
    const all: { t: number; seq: number }[] = []
    for (let i = 0; i < 200; i++) {
      const t = rng.int(5) * SECOND
      const label = seq++
      ids.set(label, s.cancellable(t, h, 0, label))
      live.set(label, { t, seq: label })
    }
    // Record every scheduled event's (time, seq) as they are made, by wrapping cancellable.
    const orig = s.cancellable.bind(s)
    s.cancellable = (at, target, code, arg, obj) => {
      all.push({ t: at, seq: arg! })
      return orig(at, target, code, arg, obj)
    }
    for (const [label, e] of live) all.push({ t: e.t, seq: label })
    s.run()
    const expected = all
      .filter((e) => !cancelled.has(e.seq))
      .sort((a, b) => a.t - b.t || a.seq - b.seq)
      .map((e) => e.seq)
    expect(cancelErrors).toBe(0)
    expect(cancelled.size).toBeGreaterThan(100)
    expect(got.length).toBeGreaterThan(50_000)
    expect(got).toEqual(expected)
    expect(s.pending).toBe(0)
  })

  it('refuses to schedule in the past', () => {
    const s = new Scheduler()
    const r = new Recorder(s)
    s.at(10 * MS, r)
    s.run()
    expect(() => s.at(5 * MS, r)).toThrow(/before now/)
  })
})

describe('Scheduler.run', () => {
  it('stops at `until` and leaves later events pending', () => {
    const s = new Scheduler()
    const r = new Recorder(s)
    s.at(1 * SECOND, r, 0, 1)
    s.at(3 * SECOND, r, 0, 3)
    expect(s.run({ until: 2 * SECOND })).toBe('until')
    expect(s.now).toBe(2 * SECOND)
    expect(r.log).toHaveLength(1)
    expect(s.pending).toBe(1)
    expect(s.run()).toBe('idle')
    expect(r.log).toHaveLength(2)
  })

  it('calls progress and honours cooperative cancellation', () => {
    const s = new Scheduler()
    let n = 0
    const tick: Handler = { hid: -1, handle: () => s.after(MS, tick) }
    s.at(0, tick)
    const seen: number[] = []
    const outcome = s.run({
      checkEvery: 1000,
      onProgress: (_now, events) => seen.push(events),
      shouldStop: () => ++n >= 5,
    })
    expect(outcome).toBe('stopped')
    expect(seen).toEqual([1000, 2000, 3000, 4000, 5000])
    expect(s.events).toBe(5000)
  })

  it('runs closures scheduled with call()', () => {
    const s = new Scheduler()
    const out: number[] = []
    s.call(2 * MS, () => out.push(s.now))
    const id = s.call(1 * MS, () => out.push(-1))
    expect(s.cancel(id)).toBe(true)
    s.run()
    expect(out).toEqual([2 * MS])
  })
})

describe('Timer', () => {
  const owner = (sched: Scheduler, fired: number[]): Handler => ({ hid: -1, handle: () => fired.push(sched.now) })

  it('fires once at its deadline', () => {
    const s = new Scheduler()
    const fired: number[] = []
    const t = new Timer(s, owner(s, fired), 1)
    t.set(100 * MS)
    expect(t.armed).toBe(true)
    s.run()
    expect(fired).toEqual([100 * MS])
    expect(t.armed).toBe(false)
  })

  it('can be pushed later without firing early, and pulled earlier', () => {
    const s = new Scheduler()
    const fired: number[] = []
    const t = new Timer(s, owner(s, fired), 1)
    t.set(100 * MS)
    t.setAt(250 * MS) // later: the queued event re-checks
    s.run({ until: 200 * MS })
    expect(fired).toEqual([])
    t.setAt(220 * MS) // earlier than the deadline
    s.run()
    expect(fired).toEqual([220 * MS])
  })

  it('does not fire after cancel, and can be re-armed', () => {
    const s = new Scheduler()
    const fired: number[] = []
    const t = new Timer(s, owner(s, fired), 1)
    t.set(100 * MS)
    t.cancel()
    s.run()
    expect(fired).toEqual([])
    expect(s.now).toBe(0) // a cancelled timer leaves nothing behind to advance the clock
    t.set(50 * MS)
    s.run()
    expect(fired).toEqual([50 * MS])
  })
})

// HOLD: the classic event-queue benchmark. N events are pending; each step the engine pops the
// earliest and its handler schedules one more at now + Exp(mean 1 s), held as integer
// nanoseconds. This goes through the engine's real dispatch path (Scheduler.run -> Handler),
// not a bare heap, and is measured beside the C++ 4-ary heap of shared/bench/hold.

import { type Handler, RngStream, Scheduler, SECOND } from '../src/engine/core'
import { type BenchArgs, intFlag, resultLine } from './args'
import { missingPeerNote, peerPath, runPeer } from './peers'

class HoldModel implements Handler {
  hid = -1
  remaining = 0
  constructor(
    private readonly sched: Scheduler,
    private readonly rng: RngStream,
  ) {}
  handle(): void {
    this.sched.after(Math.round(this.rng.exponential(SECOND)), this)
    if (--this.remaining === 0) this.sched.stop()
  }
}

export function holdOnce(n: number, steps: number, seed: number): { secs: number; eventsPerS: number; now: number } {
  const sched = new Scheduler(n + 16)
  const model = new HoldModel(sched, new RngStream(seed, 'bench/hold'))
  const rng = new RngStream(seed, 'bench/hold/initial')
  for (let i = 0; i < n; i++) sched.at(Math.round(rng.exponential(SECOND)), model)
  model.remaining = n // warm-up, not timed
  sched.run()
  model.remaining = steps
  const t0 = performance.now()
  sched.run()
  const secs = (performance.now() - t0) / 1000
  return { secs, eventsPerS: steps / secs, now: sched.now }
}

const median = (xs: number[]): number => {
  const v = [...xs].sort((a, b) => a - b)
  return v.length % 2 ? v[v.length >> 1] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2
}

/**
 * Runs MigLab and the C++ heap4 peer alternately, `reps` times each per size (this machine's
 * memory speed wanders, so interleaving keeps the two under the same conditions), and prints
 * each run plus the ratio of medians.
 */
export function benchHold(flags: BenchArgs): void {
  const sizes = flags.n !== undefined ? [intFlag(flags, 'n', 1000)] : [1e3, 1e5, 1e6]
  const steps = intFlag(flags, 'steps', 10_000_000)
  const seed = intFlag(flags, 'seed', 1)
  const reps = Math.max(1, intFlag(flags, 'reps', 3))
  const peer = peerPath('hold/build/hold')
  if (!peer) console.log(missingPeerNote('hold'))
  for (const n of sizes) {
    const ours: number[] = []
    const theirs: number[] = []
    for (let r = 0; r < reps; r++) {
      const res = holdOnce(n, steps, seed)
      ours.push(res.eventsPerS)
      console.log(resultLine({ impl: 'miglab', n, steps, secs: res.secs, events_per_s: Math.round(res.eventsPerS) }))
      if (!peer) continue
      const { line, fields } = runPeer(peer, ['heap4', String(n), String(steps), String(seed)])
      console.log(line)
      theirs.push(Number(fields.events_per_s))
    }
    const summary: Record<string, string | number> = {
      summary: 'hold',
      n,
      reps,
      miglab_median: Math.round(median(ours)),
    }
    if (theirs.length > 0) {
      summary.heap4_median = Math.round(median(theirs))
      summary.ratio = median(ours) / median(theirs)
    }
    console.log(resultLine(summary))
  }
}

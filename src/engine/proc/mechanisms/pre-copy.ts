// Pre-copy (V-System, Theimer et al. 1985; Xen, Clark et al. 2005): copy the address space while
// the process runs, then the pages dirtied meanwhile, round after round, and stop for a short
// final copy. V_0 = M; V_{i+1} = pages dirtied during round i (distinct bytes, capped by the
// writable working set). Stop-and-copy when the next round would be below `stopPages` pages, when
// `maxRounds` rounds (the final one included) would be exceeded, or when the total would exceed
// `maxTotal` × M (MODELS.md §4).
//
// With `rateLimit`, rounds are paced as Xen's adaptive limit: from `rateStart` (100 Mbit/s), raised
// after a round to the dirtying rate + `rateStep` (50 Mbit/s) when that exceeds it, capped at
// `rateMax` (500 Mbit/s). The dirtying rate is D, what Xen's dirty bitmap shows over a round that
// does not dirty the whole writable working set (over a longer one the cap hides it). Xen's other
// rule — stop when a round sent more than the last at the maximum rate — has nothing to act on
// here: V_{i+1} = min(r·V_i, W_w) from V_0 = M never grows. `preset: "xen"` is xc_linux_save's
// configuration: 30 rounds, 50 pages, 3 × M, adaptive rate limiting. Options given explicitly
// override the preset.

import { formatSize, parseRate } from '../../core'
import { MechanismOptionError, type MigrationContext, type MigrationMechanism } from '../migrator'

interface PrecopyOptions {
  maxRounds: number
  stopPages: number
  maxTotal: number
  rateLimit: boolean
  rateStart: number
  rateStep: number
  rateMax: number
}

const KEYS = ['preset', 'maxRounds', 'stopPages', 'maxTotal', 'rateLimit', 'rateStart', 'rateStep', 'rateMax'] as const

function options(raw: Record<string, unknown>): PrecopyOptions {
  const preset = raw.preset
  if (preset !== undefined && preset !== 'xen') {
    throw new MechanismOptionError(`mechanismOptions.pre-copy.preset must be "xen", got ${JSON.stringify(preset)}`)
  }
  const num = (k: string, d: number, min: number, integer: boolean): number => {
    const v = raw[k] ?? d
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) {
      const what = integer ? 'an integer' : 'a number'
      throw new MechanismOptionError(`mechanismOptions.pre-copy.${k} must be ${what} >= ${min}, got ${String(v)}`)
    }
    return v
  }
  const rate = (k: string, d: string): number => {
    let r: number
    try {
      r = parseRate(raw[k] ?? d)
    } catch (e) {
      throw new MechanismOptionError(`mechanismOptions.pre-copy.${k}: ${(e as Error).message}`)
    }
    if (r <= 0) throw new MechanismOptionError(`mechanismOptions.pre-copy.${k} must be above zero`)
    return r
  }
  const rateLimit = raw.rateLimit ?? preset === 'xen'
  if (typeof rateLimit !== 'boolean') {
    throw new MechanismOptionError(`mechanismOptions.pre-copy.rateLimit must be true or false`)
  }
  const o = {
    maxRounds: num('maxRounds', 30, 1, true),
    stopPages: num('stopPages', 50, 0, true),
    maxTotal: num('maxTotal', 3, 1, false),
    rateLimit,
    rateStart: rate('rateStart', '100Mbps'),
    rateStep: rate('rateStep', '50Mbps'),
    rateMax: rate('rateMax', '500Mbps'),
  }
  if (o.rateStart > o.rateMax) {
    throw new MechanismOptionError('mechanismOptions.pre-copy.rateStart is above rateMax')
  }
  return o
}

export const preCopy: MigrationMechanism = {
  id: 'pre-copy',
  optionKeys: KEYS,
  checkOptions(raw) {
    options(raw)
  },
  run(ctx: MigrationContext): void {
    const o = options(ctx.mechanismOptions)
    const p = ctx.process
    const mem = p.memory
    const sched = p.host.net.sched
    const chunk = ctx.options.chunkPages * mem.pageSize
    let total = 0
    let rate = o.rateStart

    /** Sends `bytes` while running, paced to `rate` if limited; `done` when all arrived. */
    const sendRound = (bytes: number, done: () => void): void => {
      if (!o.rateLimit) {
        ctx.send(ctx.from, ctx.to, bytes, 'memory', done)
        return
      }
      let left = bytes
      let outstanding = 0
      let finished = false
      const next = () => {
        if (left <= 0) {
          finished = true
          if (outstanding === 0) done()
          return
        }
        const n = Math.min(chunk, left)
        left -= n
        outstanding++
        ctx.send(ctx.from, ctx.to, n, 'memory', () => {
          outstanding--
          if (finished && outstanding === 0) done()
        })
        sched.call(ctx.now + Math.ceil((n * 8e9) / rate), next)
      }
      next()
    }

    const stopAndCopy = (last: number) => {
      ctx.freeze()
      ctx.transferring()
      ctx.record.rounds.push(last)
      ctx.send(ctx.from, ctx.to, last, 'memory', () =>
        ctx.moveKernelState(() => {
          ctx.resume()
          ctx.complete()
        }),
      )
    }

    const round = (volume: number, index: number) => {
      const t0 = ctx.now
      // Each round is a segment of its own on the timeline, named by what it sends.
      if (index > 0) ctx.process.splitPhase()
      ctx.process.phaseNote = `round ${index + 1}: ${formatSize(volume)}`
      sendRound(volume, () => {
        ctx.record.rounds.push(volume)
        total += volume
        const took = ctx.now - t0
        const next = mem.pagesOf(mem.dirtiedIn(took)) * mem.pageSize
        const dirtyBps = mem.dirtyRate * 8
        if (o.rateLimit && dirtyBps > rate) rate = Math.min(o.rateMax, dirtyBps + o.rateStep)
        const stop =
          next < o.stopPages * mem.pageSize || index + 2 >= o.maxRounds || total + next > o.maxTotal * mem.size
        if (stop) stopAndCopy(next)
        else round(next, index + 1)
      })
    }

    const all = mem.pages * mem.pageSize
    if (o.maxRounds === 1) {
      // No live round at all: a plain stop-and-copy of the whole address space.
      stopAndCopy(all)
      return
    }
    ctx.beginPrecopy()
    round(all, 0)
  },
}

// Pre-copy (V-System, Theimer et al. 1985; Xen, Clark et al. 2005): copy the address space while
// the process runs, then the pages dirtied meanwhile, round after round, and stop for a short
// final copy. V_0 = M; V_{i+1} = pages dirtied during round i (distinct bytes, capped by the
// writable working set). Stop when the next round would be below `stopPages` pages, after
// `maxRounds` rounds, or when the total would exceed `maxTotal` × M (Xen's rules, MODELS.md §4).
// With `rateLimit`, rounds are paced as Xen's adaptive limit: from 100 Mbit/s, raised to the
// dirtying rate + 50 Mbit/s when it is exceeded, capped at 500 Mbit/s.

import { parseRate } from '../../core'
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

function options(raw: Record<string, unknown>): PrecopyOptions {
  const int = (k: string, d: number, min: number): number => {
    const v = raw[k] ?? d
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
      throw new MechanismOptionError(`mechanismOptions.pre-copy.${k} must be a number >= ${min}, got ${String(v)}`)
    }
    return v
  }
  const rate = (k: string, d: string): number => {
    try {
      return parseRate(raw[k] ?? d)
    } catch (e) {
      throw new MechanismOptionError(`mechanismOptions.pre-copy.${k}: ${(e as Error).message}`)
    }
  }
  return {
    maxRounds: int('maxRounds', 30, 1),
    stopPages: int('stopPages', 50, 0),
    maxTotal: int('maxTotal', 3, 1),
    rateLimit: raw.rateLimit === true,
    rateStart: rate('rateStart', '100Mbps'),
    rateStep: rate('rateStep', '50Mbps'),
    rateMax: rate('rateMax', '500Mbps'),
  }
}

export const preCopy: MigrationMechanism = {
  id: 'pre-copy',
  run(ctx: MigrationContext): void {
    const o = options(ctx.mechanismOptions)
    const p = ctx.process
    const mem = p.memory
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
        ctx.process.host.net.sched.call(ctx.now + Math.ceil((n * 8e9) / rate), next)
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
      sendRound(volume, () => {
        ctx.record.rounds.push(volume)
        total += volume
        const took = ctx.now - t0
        const next = mem.pagesOf(mem.dirtiedIn(took)) * mem.pageSize
        if (o.rateLimit) {
          const dirtyBps = took > 0 ? (next * 8e9) / took : 0
          if (dirtyBps > rate) rate = Math.min(o.rateMax, dirtyBps + o.rateStep)
        }
        const stop =
          next < o.stopPages * mem.pageSize || index + 1 >= o.maxRounds || total + next > o.maxTotal * mem.size
        if (stop) stopAndCopy(next)
        else round(next, index + 1)
      })
    }

    ctx.beginPrecopy()
    round(mem.pagesOf(mem.size) * mem.pageSize, 0)
  },
}

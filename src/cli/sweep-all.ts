// What `miglab sweep` and `miglab merge` do (loaded only when the command runs).
import { copyFileSync, existsSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, dirname, extname, join } from 'node:path'
import { formatSpecError } from '../engine/scenario/errors'
import { SimulationPool } from '../service/pool'
import { RESULTS_DIR } from '../service/project'
import { ResultsStore } from '../service/store'
import { parseShard, runSweep, SweepError } from '../service/sweep'
import type { SweepCommandOptions } from './commands/sweep'
import { loadSpec, UnreadableSpec } from './load-spec'

function fail(cmd: string, message: string, code = 1): void {
  console.error(`miglab ${cmd}: ${message}`)
  process.exitCode = code
}

function defaultOut(spec: string): string {
  if (existsSync(spec) && statSync(spec).isDirectory()) return join(spec, RESULTS_DIR)
  if (basename(spec) === 'miglab.json') return join(dirname(spec), RESULTS_DIR)
  return join(dirname(spec), `${basename(spec, extname(spec))}.results`)
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?'
  const s = Math.round(ms / 1000)
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`
}

export async function sweepCommand(
  specPath: string,
  o: SweepCommandOptions,
  files: { scenarioWorker: string; runWorker: string },
): Promise<void> {
  let compiled: Awaited<ReturnType<typeof loadSpec>>
  try {
    compiled = await loadSpec(specPath, files.scenarioWorker)
  } catch (e) {
    if (e instanceof UnreadableSpec) return fail('sweep', e.message, 2)
    throw e
  }
  if (!compiled.ok) {
    for (const e of compiled.errors) console.error(formatSpecError(e))
    return fail('sweep', `${specPath}: the spec has errors`)
  }
  const workers = o.workers === undefined ? availableParallelism() : Number(o.workers)
  if (!Number.isInteger(workers) || workers < 1)
    return fail('sweep', `--workers must be a positive integer, got "${o.workers}"`)
  const timeout = o.jobTimeout === undefined ? 600 : Number(o.jobTimeout)
  if (!(timeout > 0)) return fail('sweep', `--job-timeout must be a positive number of seconds, got "${o.jobTimeout}"`)
  let shard: { index: number; count: number } | undefined
  try {
    shard = o.shard ? parseShard(o.shard) : undefined
  } catch (e) {
    return fail('sweep', (e as Error).message)
  }
  const out = o.out ?? defaultOut(specPath)
  const store = ResultsStore.open(out)
  const pool = new SimulationPool({ workerFile: files.runWorker, workers, jobTimeoutMs: timeout * 1000 })
  const controller = new AbortController()
  const onSignal = () => {
    if (!controller.signal.aborted)
      console.error('\nmiglab sweep: stopping (the jobs already done are kept; run again to resume)')
    controller.abort()
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const tty = process.stderr.isTTY
  let lastLine = 0
  const t0 = performance.now()
  try {
    const summary = await runSweep({
      spec: compiled.spec,
      store,
      pool,
      shard,
      signal: controller.signal,
      onEvent: (e) => {
        if (o.quiet) return
        if (e.kind === 'planned') {
          console.error(
            `${compiled.ok ? compiled.spec.name : ''}: ${e.total} jobs${e.round > 0 ? ` (sequential round ${e.round})` : ''}, ${e.total - e.todo} already in ${out}, ${e.todo} to run on ${workers} worker(s)`,
          )
        } else if (e.kind === 'finished') {
          const width = 30
          const filled = Math.round((e.done / Math.max(1, e.todo)) * width)
          const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${e.done}/${e.todo} ETA ${duration(e.etaMs)}`
          if (e.status === 'failed')
            console.error(
              `${tty ? '\n' : ''}job ${e.job.architecture} × ${e.job.mechanism} point ${e.job.pointIndex} rep ${e.job.replication} failed: ${e.error}`,
            )
          if (tty) process.stderr.write(`\r${bar}`)
          else if (performance.now() - lastLine > 5000 || e.done === e.todo) {
            lastLine = performance.now()
            console.error(bar)
          }
        }
      },
    })
    if (tty && !o.quiet) process.stderr.write('\n')
    const took = duration(performance.now() - t0)
    console.log(
      `${out}: ${summary.ran} run, ${summary.skipped} already there, ${summary.failed} failed, in ${took}${summary.cancelled ? ' (stopped early)' : ''}`,
    )
    if (summary.cancelled) process.exitCode = 130
    else if (summary.failed > 0) process.exitCode = 1
  } catch (e) {
    if (e instanceof SweepError) fail('sweep', e.message)
    else throw e
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await pool.close()
  }
}

export function mergeCommand(dirs: string[], out: string): void {
  const stores = dirs.map((d) => {
    if (!existsSync(join(d, 'study.json'))) throw new Error(`${d}: not a results folder (no study.json)`)
    return new ResultsStore(d)
  })
  const studies = stores.map((s) => s.study()!)
  const hash = studies[0].specHash
  const bad = studies.findIndex((s) => s.specHash !== hash)
  if (bad >= 0) {
    fail(
      'merge',
      `${dirs[bad]} holds a different study (spec hash ${studies[bad].specHash.slice(0, 12)} ≠ ${hash.slice(0, 12)})`,
    )
    return
  }
  const target = ResultsStore.open(out)
  target.writeStudy(studies[0].spec, hash)
  let n = 0
  for (const s of stores) {
    for (const k of s.keys()) {
      for (const suffix of ['.json', '.meta.json']) {
        const f = join(s.runsDir, `${k}${suffix}`)
        if (existsSync(f)) copyFileSync(f, join(target.runsDir, `${k}${suffix}`))
      }
      n++
    }
  }
  target.writeIndexes()
  console.log(`${out}: ${n} runs from ${dirs.length} folders`)
}

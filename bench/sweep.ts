// SWEEP: a study's sweep on the worker pool with 1 and with 2 workers (the ratio of wall times),
// and the per-job overhead of the pool (dispatch, structured clone of spec and result) and of the
// scenario sandbox (compiling the script), relative to a typical job.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { AVAILABLE_IDS } from '../src/engine/available'
import { expandJobs, jobKey, specHash } from '../src/engine/run/jobs'
import { simulate } from '../src/engine/run/simulate'
import { SimulationPool } from '../src/service/pool'
import { compileProject } from '../src/service/project'
import { runScriptInWorker } from '../src/service/run-script-in-worker'
import { ResultsStore } from '../src/service/store'
import { runSweep } from '../src/service/sweep'
import { type BenchArgs, intFlag, resultLine } from './args'

const here = dirname(fileURLToPath(import.meta.url))

function exampleDir(name: string): string {
  // bench.js lives in out/cli; the examples in resources/examples of the repository.
  let dir = here
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'resources', 'examples', name)
    try {
      readFileSync(join(candidate, 'miglab.json'))
      return candidate
    } catch {
      dir = dirname(dir)
    }
  }
  throw new Error(`example "${name}" not found under resources/examples`)
}

export async function benchSweep(flags: BenchArgs): Promise<void> {
  const example = typeof flags.example === 'string' ? flags.example : 'founding-study'
  const reps = intFlag(flags, 'replications', 1)
  const dir = exampleDir(example)
  const scenarioWorker = join(here, 'scenario-worker.js')
  const runWorker = join(here, 'run-worker.js')

  const c0 = performance.now()
  const compiled = await compileProject(dir, {
    available: AVAILABLE_IDS,
    runScript: (input, limits) => runScriptInWorker((o) => new Worker(scenarioWorker, o), input, limits),
  })
  const compileMs = performance.now() - c0
  if (!compiled.ok) throw new Error(`${example} does not compile: ${compiled.errors.map((e) => e.message).join('; ')}`)
  const spec = { ...compiled.spec, replications: { count: reps } }
  const jobs = expandJobs(spec)

  // A typical job, in this thread, for the reference time.
  const hash = specHash(spec)
  const s0 = performance.now()
  simulate(spec, jobs[0], { key: jobKey(hash, jobs[0]) })
  const warm = performance.now()
  simulate(spec, jobs[0], { key: jobKey(hash, jobs[0]) })
  const typicalMs = performance.now() - warm
  void s0

  const wall: Record<number, number> = {}
  let inWorkerMs = 0
  let roundTripMs = 0
  for (const workers of [1, 2]) {
    const out = mkdtempSync(join(tmpdir(), 'miglab-bench-sweep-'))
    const pool = new SimulationPool({ workerFile: runWorker, workers })
    const t0 = performance.now()
    await runSweep({
      spec,
      store: ResultsStore.open(out),
      pool,
      onEvent: (e) => {
        if (e.kind === 'finished' && workers === 1) inWorkerMs += e.wallMs
      },
    })
    wall[workers] = performance.now() - t0
    if (workers === 1) roundTripMs = wall[1]
    await pool.close()
    rmSync(out, { recursive: true, force: true })
  }
  // Overhead of the pool per job: what one worker's sweep took beyond the simulations themselves.
  const poolOverhead = (roundTripMs - inWorkerMs) / jobs.length
  const meanJob = inWorkerMs / jobs.length
  console.log(
    resultLine({
      example,
      jobs: jobs.length,
      wall_1w_s: wall[1] / 1000,
      wall_2w_s: wall[2] / 1000,
      ratio_2w_1w: wall[2] / wall[1],
      mean_job_ms: meanJob,
      typical_job_in_thread_ms: typicalMs,
      pool_overhead_per_job_ms: poolOverhead,
      pool_overhead_pct: (100 * poolOverhead) / meanJob,
      sandbox_compile_ms: compileMs,
      sandbox_pct_per_job: (100 * compileMs) / jobs.length / meanJob,
    }),
  )
}

// The simulation pool: jobs run in worker threads managed by Piscina (a well-kept pool for
// node:worker_threads that handles queueing, abort signals, resource limits and replacing dead
// workers — plumbing we would otherwise write and get wrong). A job that crashes, runs out of
// memory or overruns its time limit comes back as a failed RunResult; the others go on.

import { MessageChannel } from 'node:worker_threads'
import { Piscina } from 'piscina'
import type { TraceWindow } from '../engine/metrics/packet-trace'
import type { RunJob, RunResult } from '../engine/run/result'
import type { ScenarioSpec } from '../engine/scenario/spec'
import { ENGINE_VERSION } from '../engine/version'
import type { RunOutput, RunTask } from './run-worker'

export interface PoolOptions {
  /** Path of the built run-worker.js. */
  workerFile: string
  workers: number
  /** Per-job wall-clock limit in ms (default 10 minutes). */
  jobTimeoutMs?: number
  /** Per-job heap limit in MiB (default 2048). */
  jobMemoryMb?: number
  /** Told of a worker that failed outside any job (default: a line on stderr). */
  onWorkerError?: (e: Error) => void
}

function reportWorkerError(e: Error): void {
  process.stderr.write(`miglab: a simulation worker failed outside any job (no result lost): ${e.message}\n`)
}

export interface JobOutcome {
  result: RunResult
  wallMs: number
}

function failed(job: RunJob, key: string, error: string): RunResult {
  return {
    key,
    job,
    engineVersion: ENGINE_VERSION,
    status: 'failed',
    error,
    simulated: 0,
    events: 0,
    summary: {},
    migrations: [],
    connections: [],
    samples: {},
    drops: {},
    timeline: {
      lanes: [],
      segments: { lane: [], start: [], end: [], kind: [], detail: [] },
      points: { lane: [], t: [], kind: [], detail: [] },
      strings: [],
      truncated: false,
    },
  }
}

export class SimulationPool {
  private readonly pool: Piscina<RunTask, RunOutput>
  private readonly timeoutMs: number

  constructor(o: PoolOptions) {
    this.timeoutMs = o.jobTimeoutMs ?? 10 * 60_000
    this.pool = new Piscina<RunTask, RunOutput>({
      filename: o.workerFile,
      minThreads: Math.min(1, o.workers),
      maxThreads: Math.max(1, o.workers),
      idleTimeout: 5000,
      // Jobs last milliseconds to minutes, so Atomics.wait's quick hand-off buys nothing; without it
      // an idle worker's event loop keeps turning (its timers fire, its failures surface at once).
      atomics: 'disabled',
      resourceLimits: { maxOldGenerationSizeMb: o.jobMemoryMb ?? 2048 },
    })
    // Piscina emits 'error' when a worker fails while it holds no job (one replaced after a
    // cancellation, say). Unheard, that event would end the whole process (the app, `miglab serve`);
    // no job is lost with it, so it is reported and the pool goes on.
    this.pool.on('error', (e: Error) => {
      ;(o.onWorkerError ?? reportWorkerError)(e)
    })
  }

  get workers(): number {
    return this.pool.maxThreads
  }

  /**
   * Runs one job. Never rejects: a crash, an out-of-memory worker, a timeout or a cancellation
   * (via `signal`) is recorded as a failed result with the reason.
   */
  async run(
    spec: ScenarioSpec,
    job: RunJob,
    key: string,
    onProgress?: (f: number) => void,
    signal?: AbortSignal,
    trace?: TraceWindow,
  ): Promise<JobOutcome> {
    const t0 = performance.now()
    const timeout = AbortSignal.timeout(this.timeoutMs)
    const signals = signal ? AbortSignal.any([signal, timeout]) : timeout
    let port: MessageChannel | undefined
    const task: RunTask = { spec, job, key }
    if (trace) task.trace = trace
    if (onProgress) {
      port = new MessageChannel()
      port.port1.on('message', (f: number) => onProgress(f))
      task.progress = port.port2
    }
    try {
      return await this.pool.run(task, { signal: signals, transferList: port ? [port.port2] : [] })
    } catch (e) {
      const wallMs = performance.now() - t0
      const why = signal?.aborted
        ? 'cancelled'
        : timeout.aborted
          ? `timed out after ${Math.round(this.timeoutMs / 1000)} s`
          : `the worker failed: ${(e as Error).message}`
      return { result: failed(job, key, why), wallMs }
    } finally {
      port?.port1.close()
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy()
  }
}

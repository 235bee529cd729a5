// The worker entry of the simulation pool: one job in, its RunResult (and how long it took) out.
// Built to plain JavaScript (out/cli/run-worker.js) so the CLI and the Electron main process run
// the very same file in their worker threads.

import type { MessagePort } from 'node:worker_threads'
import type { TraceWindow } from '../engine/metrics/packet-trace'
import type { RunJob, RunResult } from '../engine/run/result'
import { simulate } from '../engine/run/simulate'
import type { ScenarioSpec } from '../engine/scenario/spec'

export interface RunTask {
  spec: ScenarioSpec
  job: RunJob
  key: string
  /** Packet tracing window (detail views), and where such a rerun may stop. */
  trace?: TraceWindow
  /** Receives progress fractions (0..1), throttled. */
  progress?: MessagePort
}

export interface RunOutput {
  result: RunResult
  wallMs: number
}

export default function runTask(task: RunTask): RunOutput {
  const t0 = performance.now()
  let last = 0
  const result = simulate(task.spec, task.job, {
    key: task.key,
    trace: task.trace,
    onProgress: task.progress
      ? (f) => {
          const now = performance.now()
          if (now - last < 200) return
          last = now
          task.progress?.postMessage(f)
        }
      : undefined,
  })
  task.progress?.close()
  return { result, wallMs: performance.now() - t0 }
}

// Runs a scenario script in a worker thread that is terminated when it overruns: QuickJS checks
// its deadline only between bytecodes, so one long native call (a huge Array.fill) can run past
// it (STACK.md §6). The worker's own heap is capped too, so a bug in the sandbox cannot take the
// app down. The caller says how to start the worker (scenario-worker.ts), since the entry file's
// location differs between the CLI bundle and Electron main.

import type { Worker, WorkerOptions } from 'node:worker_threads'
import { DEFAULT_LIMITS, type ScriptInput, type ScriptLimits, type ScriptResult } from '../engine/scenario/script'

export interface ScriptJob {
  input: ScriptInput
  limits: ScriptLimits
}

export type WorkerFactory = (options: WorkerOptions) => Worker

/** Time the worker gets beyond the script's own limit: thread start-up and loading QuickJS. */
const GRACE_MS = 3000

export function runScriptInWorker(
  createWorker: WorkerFactory,
  input: ScriptInput,
  limits: ScriptLimits = {},
  /** When the thread is terminated; default the script's time limit plus a grace for start-up. */
  hardLimitMs = (limits.timeLimitMs ?? DEFAULT_LIMITS.timeLimitMs) + GRACE_MS,
): Promise<ScriptResult> {
  const filename = input.filename ?? 'scenario.ts'
  const job: ScriptJob = { input, limits }
  return new Promise((resolve) => {
    const worker = createWorker({ workerData: job, resourceLimits: { maxOldGenerationSizeMb: 256 } })
    let settled = false
    const settle = (result: ScriptResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
      void worker.terminate()
    }
    const failed = (message: string): ScriptResult => ({ ok: false, error: { path: '', message, file: filename } })
    const timer = setTimeout(
      () => settle(failed(`the script did not finish within ${hardLimitMs} ms and was stopped`)),
      hardLimitMs,
    )
    worker.once('message', (result: ScriptResult) => settle(result))
    worker.once('error', (e: Error & { code?: string }) =>
      settle(
        failed(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? 'the script ran out of memory and was stopped'
            : `the sandbox failed: ${e.message}`,
        ),
      ),
    )
    worker.once('exit', (code: number) => settle(failed(`the sandbox stopped unexpectedly (exit code ${code})`)))
  })
}

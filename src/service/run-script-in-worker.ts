// Runs a scenario script in a worker thread that is terminated when it overruns: QuickJS checks
// its deadline only between bytecodes, so one long native call (a huge Array.fill) can run past
// it (STACK.md §6). The worker's own heap is capped too, so a bug in the sandbox cannot take the
// app down. The caller says how to start the worker (scenario-worker.ts), since the entry file's
// location differs between the CLI bundle and Electron main.
//
// The hard limit counts from when the worker says the sandbox is loaded, not from when the thread
// was asked for: on a busy machine, starting a thread and compiling QuickJS can take seconds, and
// that is not the script's fault.

import type { Worker, WorkerOptions } from 'node:worker_threads'
import { DEFAULT_LIMITS, type ScriptInput, type ScriptLimits, type ScriptResult } from '../engine/scenario/script'

export interface ScriptJob {
  input: ScriptInput
  limits: ScriptLimits
}

/** What the worker posts: first that the sandbox is loaded, then the result. */
export type ScriptWorkerMessage = { kind: 'started' } | { kind: 'result'; result: ScriptResult }

export type WorkerFactory = (options: WorkerOptions) => Worker

/** Time beyond the script's own limit: transpiling it and installing the API. */
const GRACE_MS = 2000
/** A worker that has not loaded the sandbox by then is not going to. */
const START_LIMIT_MS = 60_000

export function runScriptInWorker(
  createWorker: WorkerFactory,
  input: ScriptInput,
  limits: ScriptLimits = {},
  /** When the thread is terminated, counted from the sandbox being loaded; default the script's limit plus a grace. */
  hardLimitMs = (limits.timeLimitMs ?? DEFAULT_LIMITS.timeLimitMs) + GRACE_MS,
): Promise<ScriptResult> {
  const filename = input.filename ?? 'scenario.ts'
  const job: ScriptJob = { input, limits }
  return new Promise((resolve) => {
    const worker = createWorker({ workerData: job, resourceLimits: { maxOldGenerationSizeMb: 256 } })
    let settled = false
    let timer: ReturnType<typeof setTimeout>
    const settle = (result: ScriptResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
      void worker.terminate()
    }
    const failed = (message: string): ScriptResult => ({ ok: false, error: { path: '', message, file: filename } })
    timer = setTimeout(
      () => settle(failed(`the sandbox did not start within ${START_LIMIT_MS / 1000} s`)),
      START_LIMIT_MS,
    )
    worker.on('message', (m: ScriptWorkerMessage) => {
      if (m.kind === 'result') return settle(m.result)
      clearTimeout(timer)
      timer = setTimeout(
        () => settle(failed(`the script did not finish within ${hardLimitMs} ms and was stopped`)),
        hardLimitMs,
      )
    })
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

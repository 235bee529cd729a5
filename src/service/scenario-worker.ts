// Worker entry: runs one scenario script (engine/scenario/sandbox.ts) and posts the result. The
// host side is run-script-in-worker.ts; the CLI build bundles this as out/cli/scenario-worker.js,
// and Electron main will load it the same way. In a worker, a script that a QuickJS deadline cannot
// stop (a long native builtin) is stopped by terminating the thread, and the app or CLI keeps going.

import { parentPort, workerData } from 'node:worker_threads'
import { loadSandbox, runScenarioScript } from '../engine/scenario/sandbox'
import type { ScriptResult } from '../engine/scenario/script'
import type { ScriptJob, ScriptWorkerMessage } from './run-script-in-worker'

const job = workerData as ScriptJob
const post = (m: ScriptWorkerMessage) => parentPort?.postMessage(m)

async function run(): Promise<ScriptResult> {
  await loadSandbox()
  post({ kind: 'started' })
  return runScenarioScript(job.input, job.limits)
}

void run().then(
  (result) => post({ kind: 'result', result }),
  (e: unknown) =>
    post({
      kind: 'result',
      result: {
        ok: false,
        error: {
          path: '',
          message: `the sandbox failed: ${e instanceof Error ? e.message : String(e)}`,
          file: job.input.filename,
        },
      },
    }),
)

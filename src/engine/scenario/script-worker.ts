// Worker entry: runs one scenario script (sandbox.ts) and posts the result. The host side is
// run-in-worker.ts; the CLI build bundles this as out/cli/scenario-worker.js, and Electron main
// loads it the same way. In a worker, a script that a QuickJS deadline cannot stop (a long native
// builtin) is stopped by terminating the thread, and the app or CLI keeps going.

import { parentPort, workerData } from 'node:worker_threads'
import type { ScriptJob } from './run-in-worker'
import { runScenarioScript } from './sandbox'

const job = workerData as ScriptJob
void runScenarioScript(job.input, job.limits).then(
  (result) => parentPort?.postMessage(result),
  (e: unknown) =>
    parentPort?.postMessage({
      ok: false,
      error: {
        path: '',
        message: `the sandbox failed: ${e instanceof Error ? e.message : String(e)}`,
        file: job.input.filename,
      },
    }),
)

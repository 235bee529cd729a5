// Loading a study from the command line: SPEC is a project folder (or its miglab.json), a
// scenario.ts (run in the sandbox, in a worker thread so a runaway script can be stopped), or a
// spec .json. Used by validate, run and sweep.

import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, extname } from 'node:path'
import { Worker } from 'node:worker_threads'
import { AVAILABLE_IDS } from '../engine/available'
import { type CompileResult, compileScenario, type ScriptRunner } from '../engine/scenario/compile'
import { locateInJson, parseJsonText } from '../engine/scenario/json-text'
import { validateSpec } from '../engine/scenario/validate'
import { compileProject, MANIFEST_FILE } from '../service/project'
import { runScriptInWorker } from '../service/run-script-in-worker'

/** A SPEC that cannot be read: exit code 2, as opposed to 1 for a spec with errors. */
export class UnreadableSpec extends Error {}

/**
 * Reads and validates SPEC — a project folder (or its miglab.json), a scenario .ts script (run in
 * a worker thread from `workerFile`) or a spec .json — against what this engine implements.
 */
export async function loadSpec(spec: string, workerFile: string): Promise<CompileResult> {
  const inWorker: ScriptRunner = (input, limits) =>
    runScriptInWorker((options) => new Worker(workerFile, options), input, limits)
  const info = await stat(spec).catch(() => {
    throw new UnreadableSpec(`${spec}: no such file or folder`)
  })
  if (info.isDirectory()) return compileProject(spec, { runScript: inWorker, available: AVAILABLE_IDS })
  if (basename(spec) === MANIFEST_FILE)
    return compileProject(dirname(spec), { runScript: inWorker, available: AVAILABLE_IDS })
  const text = await readFile(spec, 'utf8')
  switch (extname(spec)) {
    case '.ts':
      return compileScenario(
        { script: { source: text, filename: spec } },
        { runScript: inWorker, available: AVAILABLE_IDS },
      )
    case '.json': {
      const parsed = parseJsonText(text, spec)
      if (!parsed.ok) return parsed
      const v = validateSpec(parsed.value, { available: AVAILABLE_IDS })
      return v.ok ? { ...v, overrides: [] } : { ok: false, errors: locateInJson(text, spec, v.errors) }
    }
    default:
      throw new UnreadableSpec(`${spec}: expected a project folder, a scenario .ts script or a spec .json file`)
  }
}

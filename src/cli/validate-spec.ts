// What `miglab validate SPEC` does (commands/validate.ts loads it only when the command runs, so
// the other commands start without the schema). SPEC is a project folder (or its miglab.json), a
// scenario.ts, or a spec .json. Errors go to stderr as `file:line:column: path: message` with exit
// code 1; a SPEC that cannot be read at all gives exit code 2. Scripts run in a worker thread, so
// a script that hangs in native code is stopped and reported.

import type { CompileResult } from '../engine/scenario/compile'
import { formatSpecError } from '../engine/scenario/errors'
import type { ScenarioSpec } from '../engine/scenario/spec'
import { expandSweep } from '../engine/scenario/sweep'
import { ProjectError } from '../service/project'
import { loadSpec, UnreadableSpec } from './load-spec'

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`

function summary(spec: ScenarioSpec): string[] {
  const { topology: t } = spec
  const points = expandSweep(spec).length
  const reps = 'count' in spec.replications ? spec.replications.count : spec.replications.until.max
  const a = spec.compare.architectures.length
  const m = spec.compare.mechanisms.length
  const upTo = 'count' in spec.replications ? '' : 'up to '
  return [
    `"${spec.name}": ${plural(t.networks.length, 'network')}, ${plural(t.nodes.length, 'node')}, ${plural(t.links.length, 'link')}, ` +
      `${plural(spec.processes.length, 'process', 'processes')}, ${plural(spec.workloads.length, 'workload')}, ${plural(spec.migrations.length, 'migration')}`,
    `runs: ${plural(a, 'architecture')} x ${plural(m, 'mechanism')} x ${plural(points, 'sweep point')} x ${upTo}${plural(reps, 'replication')} = ${upTo}${a * m * points * reps}`,
  ]
}

/** `workerFile`: the built scenario-worker.js that scripts run in. */
export async function validateCommand(spec: string, options: { json?: boolean }, workerFile: string): Promise<void> {
  let result: CompileResult
  try {
    result = await loadSpec(spec, workerFile)
  } catch (e) {
    if (e instanceof ProjectError) result = { ok: false, errors: e.errors }
    else if (e instanceof UnreadableSpec) {
      console.error(`miglab validate: ${e.message}`)
      process.exitCode = 2
      return
    } else throw e
  }
  if (!result.ok) {
    for (const e of result.errors) console.error(formatSpecError(e))
    console.error(`${spec}: ${plural(result.errors.length, 'error')}`)
    process.exitCode = 1
    return
  }
  for (const note of result.notes) console.error(`note: ${note}`)
  if (options.json) console.log(JSON.stringify(result.spec, null, 2))
  else for (const line of [`${spec}: valid`, ...summary(result.spec)]) console.log(line)
}

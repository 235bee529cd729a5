// Compiling what the researcher has in the editor (saved or not): the drawn part and scenario.ts
// turned into a validated spec, the script run in a worker thread under the project's time and
// memory limits. Errors carry the spec path and, for the script, file, line and column.

import { AVAILABLE_IDS } from '../engine/available'
import { parseDuration, parseSize } from '../engine/core/units'
import { expandJobs } from '../engine/run/jobs'
import { compileScenario, type ScriptRunner } from '../engine/scenario/compile'
import { issuesToErrors } from '../engine/scenario/errors'
import type { ScriptOverride } from '../engine/scenario/script'
import type { CompileOutcome, Override, ProjectDraft } from './api'
import { ProjectSettings, SCRIPT_FILE } from './project'

/** Where each kind of drawn element lives in a spec (paths go through names, as sweeps do). */
const ELEMENT_LISTS: Record<Exclude<ScriptOverride['kind'], 'setting'>, string> = {
  network: 'topology.networks',
  node: 'topology.nodes',
  link: 'topology.links',
  process: 'processes',
  workload: 'workloads',
}

function overrideOf(o: ScriptOverride, filename: string): Override {
  const at = o.at ? `${filename}:${o.at.line}` : filename
  if (o.kind === 'setting') return { path: o.name, note: `${at}: the script replaces the project's ${o.name}` }
  return {
    path: `${ELEMENT_LISTS[o.kind]}.${o.name}`,
    note: `${at}: the script changes ${o.kind} "${o.name}" drawn on the canvas (${o.fields.join(', ')})`,
  }
}

export async function compileDraft(
  draft: ProjectDraft,
  runScript: ScriptRunner,
  filename = SCRIPT_FILE,
): Promise<CompileOutcome> {
  const settings = ProjectSettings.safeParse(draft.settings, { reportInput: true })
  if (!settings.success) {
    return {
      ok: false,
      errors: issuesToErrors(settings.error.issues).map((e) => ({ ...e, path: `settings.${e.path}` })),
    }
  }
  const result = await compileScenario(
    {
      drawn: draft.spec as Record<string, unknown>,
      script: draft.script === null ? null : { source: draft.script, filename },
    },
    {
      runScript,
      available: AVAILABLE_IDS,
      limits: {
        timeLimitMs: parseDuration(settings.data.scriptTimeLimit) / 1e6,
        memoryBytes: parseSize(settings.data.scriptMemoryLimit),
      },
    },
  )
  if (!result.ok) return result
  return {
    ok: true,
    spec: result.spec,
    notes: result.notes,
    overrides: result.overrides.map((o) => overrideOf(o, filename)),
    runs: expandJobs(result.spec).length,
  }
}

// A scenario as a researcher makes it, turned into a validated ScenarioSpec: the part drawn on
// the canvas (from the project manifest) and the scenario.ts script that starts from it, or
// either alone. Errors are put where the researcher can fix them: on the script line that set the
// offending value, or on the manifest entry that holds it.

import type { SpecError } from './errors'
import { parsePath } from './errors'
import { locateInJson } from './json-text'
import type { ScriptInput, ScriptLimits, ScriptOverride, ScriptResult } from './script'
import type { ScenarioSpec } from './spec'
import { type ValidateOptions, validateSpec } from './validate'
import { SPEC_VERSIONS, upgradeDocument } from './versions'

/** Runs a script: in this thread (runScenarioScript) or in a worker that can be killed (service/run-script-in-worker). */
export type ScriptRunner = (input: ScriptInput, limits: ScriptLimits) => Promise<ScriptResult>

export interface ScenarioSources {
  /** The drawn part, as stored in the manifest (may be incomplete when there is a script). */
  drawn?: Record<string, unknown> | null
  /** Where the drawn part is: the manifest's text and name, and the path of the spec inside it. */
  drawnFile?: { name: string; text: string; at: (string | number)[] }
  /** scenario.ts, when there is one. */
  script?: { source: string; filename: string } | null
}

export type CompileResult =
  | { ok: true; spec: ScenarioSpec; notes: string[]; overrides: ScriptOverride[] }
  | { ok: false; errors: SpecError[] }

export interface CompileOptions extends ValidateOptions {
  runScript: ScriptRunner
  limits?: ScriptLimits
}

export async function compileScenario(sources: ScenarioSources, options: CompileOptions): Promise<CompileResult> {
  const { drawn = null, drawnFile, script } = sources
  const inManifest = (errors: SpecError[]) =>
    drawnFile ? locateInJson(drawnFile.text, drawnFile.name, errors, drawnFile.at) : errors
  if (!script) {
    const v = validateSpec(drawn ?? {}, options)
    return v.ok ? { ...v, overrides: [] } : { ok: false, errors: inManifest(v.errors) }
  }
  // The script builds on the drawn part in the current version: an older drawing is upgraded
  // first, and a newer one refused (the builder would otherwise stamp it with this version).
  let start = drawn
  const upgradeNotes: string[] = []
  if (drawn && drawn.specVersion !== undefined) {
    const upgraded = upgradeDocument(drawn, SPEC_VERSIONS)
    if (!upgraded.ok) return { ok: false, errors: inManifest([upgraded.error]) }
    start = upgraded.doc
    upgradeNotes.push(...upgraded.notes)
  }
  const ran = await options.runScript(
    { source: script.source, filename: script.filename, drawn: start },
    options.limits ?? {},
  )
  if (!ran.ok) return { ok: false, errors: [ran.error] }
  const v = validateSpec(ran.spec, options)
  if (!v.ok) {
    return {
      ok: false,
      errors: v.errors.map((e) => {
        const origin = originOf(e.path, ran.origins)
        if (origin && origin.path !== '') return { ...e, file: script.filename, ...origin.at }
        if (start && existsIn(start, e.path)) return inManifest([e])[0]!
        return origin ? { ...e, file: script.filename, ...origin.at } : { ...e, file: script.filename }
      }),
    }
  }
  const notes = [
    ...upgradeNotes,
    ...v.notes,
    ...ran.overrides.map(
      (o) =>
        `${script.filename}${o.at ? `:${o.at.line}` : ''}: ${o.kind === 'setting' ? `the project's ${o.name} is replaced by the script` : `${o.kind} "${o.name}" drawn on the canvas is changed by the script (${o.fields.join(', ')})`}`,
    ),
  ]
  return { ok: true, spec: v.spec, notes, overrides: ran.overrides }
}

/** The script call that set a path: the deepest recorded origin that is the path or contains it. */
function originOf(path: string, origins: { path: string; at: { line: number; column: number } }[]) {
  let best: (typeof origins)[number] | undefined
  for (const o of origins) {
    const covers = o.path === '' || path === o.path || path.startsWith(`${o.path}.`) || path.startsWith(`${o.path}[`)
    if (covers && (!best || o.path.length > best.path.length)) best = o
  }
  return best
}

/** Whether the drawn part has the element (or value) a path points into. */
function existsIn(tree: unknown, path: string): boolean {
  const keys = parsePath(path)
  let node = tree
  for (const key of keys.slice(0, Math.max(1, keys.length - 1))) {
    if (typeof node !== 'object' || node === null) return false
    node = (node as Record<string | number, unknown>)[key]
    if (node === undefined) return false
  }
  return true
}

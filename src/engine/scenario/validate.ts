// The one entry point that turns anything claiming to be a scenario (a JSON file, the output of a
// scenario script, a spec the editor assembled, a sweep point) into a ScenarioSpec the engine can
// trust: upgrade an older version, check the shape with the zod schema, fill in defaults, then
// check the meaning (references, placement, timing, ids, sweeps). Errors name the path.

import { issuesToErrors, parsePath, type SpecError } from './errors'
import { checkMeaning, type MeaningOptions } from './meaning'
import { fieldsAt } from './paths'
import { ScenarioSpec } from './spec'
import { SPEC_VERSIONS, upgradeDocument } from './versions'

export type ValidateOptions = MeaningOptions

export type ValidationResult =
  | {
      ok: true
      spec: ScenarioSpec
      /** Things the user should know but that are not errors, e.g. that the spec was upgraded. */
      notes: string[]
    }
  | { ok: false; errors: SpecError[] }

export function validateSpec(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const upgraded = upgradeDocument(input, SPEC_VERSIONS)
  if (!upgraded.ok) return { ok: false, errors: [upgraded.error] }
  const parsed = ScenarioSpec.safeParse(upgraded.doc, { reportInput: true })
  if (!parsed.success)
    return { ok: false, errors: issuesToErrors(parsed.error.issues).map((e) => withHint(e, upgraded.doc)) }
  const spec = withLinkNames(parsed.data)
  const errors = checkMeaning(spec, options)
  return errors.length > 0 ? { ok: false, errors } : { ok: true, spec, notes: upgraded.notes }
}

// A link left unnamed is "<a>-<b>" (spec.ts); naming it here means the engine, sweeps, failures
// and reports all call it the same thing.
function withLinkNames(spec: ScenarioSpec): ScenarioSpec {
  const links = spec.topology.links.map((l) => (l.name === undefined ? { name: `${l.a}-${l.b}`, ...l } : l))
  return { ...spec, topology: { ...spec.topology, links } }
}

// A misspelt field gets the field it most likely meant, or the list of fields allowed there.
function withHint(e: SpecError, input: unknown): SpecError {
  if (!e.message.startsWith('unknown field')) return e
  const path = parsePath(e.path)
  const key = String(path.pop())
  const fields = fieldsAt(input, path)
  if (!fields) return e
  const close =
    fields.find((f) => f.toLowerCase() === key.toLowerCase()) ?? fields.find((f) => editDistance(f, key) <= 2)
  return {
    ...e,
    message: close ? `${e.message}; did you mean "${close}"?` : `${e.message}; allowed here: ${fields.join(', ')}`,
  }
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length]!
}

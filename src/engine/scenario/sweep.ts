// A study's sweep, expanded into the points the run layer runs (each point times every compared
// architecture, mechanism and replication), and one point applied to the spec to give the
// concrete spec of its runs. Grid mode takes every combination, the first parameter varying
// slowest (the order a results table reads in); zip mode takes the i-th value of every parameter.
// A point matching every entry of one of `exclude`'s combinations is left out.

import { formatPath } from './errors'
import { resolvePath, setAtPath } from './paths'
import { parameterValues } from './ranges'
import type { ScenarioSpec, SweepValue } from './spec'
import { type ValidateOptions, type ValidationResult, validateSpec } from './validate'

export interface SweepPoint {
  /** Position in the expansion, from 0 (RunJob.pointIndex). */
  index: number
  /** Parameter path -> value (RunJob.point); empty when the study sweeps nothing. */
  values: Record<string, SweepValue>
}

/** The points of a validated spec's sweep; one empty point when there is no sweep. */
export function expandSweep(spec: ScenarioSpec): SweepPoint[] {
  const { parameters, mode, exclude } = spec.sweep
  const axes = parameters.map((p) => ({ path: p.path, values: parameterValues(p) }))
  let combos: Record<string, SweepValue>[] = [{}]
  if (mode === 'zip' && axes.length > 0) {
    combos = axes[0]!.values.map((_, i) => Object.fromEntries(axes.map((a) => [a.path, a.values[i]!])))
  } else {
    for (const axis of axes) {
      combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.path]: v })))
    }
  }
  const excluded = (c: Record<string, SweepValue>) =>
    exclude.some((x) => Object.entries(x).every(([path, v]) => c[path] === v))
  return combos.filter((c) => !excluded(c)).map((values, index) => ({ index, values }))
}

/**
 * The spec of one sweep point: the values set at their paths in a copy of the spec, validated
 * again (a value can be valid for its field and still break the whole, e.g. a migration time
 * swept past the end of the run).
 */
export function applySweepPoint(
  spec: ScenarioSpec,
  values: Record<string, SweepValue>,
  options: ValidateOptions = {},
): ValidationResult {
  const copy = structuredClone(spec) as unknown as Record<string, unknown>
  for (const [path, value] of Object.entries(values)) {
    const resolved = resolvePath(copy, path)
    if (!resolved.ok) return { ok: false, errors: [{ path: formatPath(['sweep', path]), message: resolved.message }] }
    setAtPath(copy, resolved.path, value)
  }
  return validateSpec(copy, options)
}

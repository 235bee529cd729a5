// The values one sweep parameter takes: the listed ones, or the points of a linear or logarithmic
// range, with a unit appended so a range of numbers becomes a range of quantities ("10ms", ...).

import type { ScenarioSpec, SweepValue } from './spec'

type Parameter = ScenarioSpec['sweep']['parameters'][number]

/** The values of one sweep parameter, in order. */
export function parameterValues(p: Parameter): SweepValue[] {
  if ('values' in p) return p.values
  const out: SweepValue[] = []
  for (let i = 0; i < p.steps; i++) {
    const f = i / (p.steps - 1)
    const x = p.scale === 'log' ? p.from * (p.to / p.from) ** f : p.from + (p.to - p.from) * f
    // Six significant digits: the grid a paper would print, without float noise such as 0.30000000000000004.
    const v = Number.parseFloat(x.toPrecision(6))
    out.push(p.unit === undefined ? v : `${v}${p.unit}`)
  }
  return out
}

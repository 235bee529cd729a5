// Figure "cdf": empirical CDFs of a per-run sample series (RunResult.samples, e.g. echo
// latencies) pooled over the replications of each architecture × mechanism at one sweep point.
// Long series are reduced to the empirical quantiles at MAX_STEPS evenly spaced probabilities
// (always keeping the minimum and the maximum), which keeps the tail a paper cares about and
// keeps the inline PGFPlots data small enough for TeX's memory.

import { displayUnit, withUnit } from '../display-units'
import type { FigureModel, LinePanel } from '../figure-model'
import { architectureLabel, mechanismLabel } from '../labels'
import { describeMetric } from '../metric-names'
import { formatPoint, provenanceOf } from '../provenance'
import { architecturesOf, mechanismsOf, pointsOf, requireRuns, resolvePoint, type StudyResults } from '../study-results'
import { DASHES, MARKERS, seriesColors } from '../style'
import { chooseScale, slug } from './common'

export interface CdfOptions {
  /** Key of RunResult.samples, e.g. "interactive.echo"; default: the first key the runs have. */
  sample?: string
  pointIndex?: number
  mechanisms?: string[]
  scale?: 'linear' | 'log' | 'auto'
  title?: string
}

const MAX_STEPS = 400

/** (value, cumulative probability) steps of the ECDF of sorted `v`, reduced to MAX_STEPS. */
export function ecdfSteps(sorted: readonly number[]): { x: number; p: number }[] {
  const n = sorted.length
  // The staircase starts at 0 at the smallest value.
  if (n <= MAX_STEPS) return [{ x: sorted[0], p: 0 }, ...sorted.map((x, i) => ({ x, p: (i + 1) / n }))]
  const steps: { x: number; p: number }[] = [{ x: sorted[0], p: 0 }]
  for (let k = 0; k <= MAX_STEPS; k++) {
    const i = Math.min(n - 1, Math.max(0, Math.ceil((k / MAX_STEPS) * n) - 1))
    if (steps.length === 1 || steps[steps.length - 1].x !== sorted[i]) steps.push({ x: sorted[i], p: (i + 1) / n })
    else steps[steps.length - 1].p = (i + 1) / n
  }
  return steps
}

export function cdfFigure(study: StudyResults, options: CdfOptions = {}): FigureModel {
  const name = 'cdf figure'
  const point = resolvePoint(study, options.pointIndex, name)
  const runs = requireRuns(study, name).filter((r) => r.job.pointIndex === point)
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.samples)))]
  const sample = options.sample ?? keys[0]
  if (sample === undefined || !keys.includes(sample)) {
    throw new Error(`${name}: no runs have samples "${sample ?? ''}"; they have: ${keys.join(', ') || 'none'}`)
  }
  const architectures = architecturesOf(study)
  const mechanisms = options.mechanisms ?? mechanismsOf(study)
  const description = describeMetric(sample)

  const pooled = new Map<string, number[]>()
  // A loop, not Math.max(...values): a long run's samples would overflow the argument list.
  let largest = 0
  const used = runs.filter((r) => r.samples[sample] !== undefined)
  for (const r of used) {
    const key = JSON.stringify([r.job.architecture, r.job.mechanism])
    const values = pooled.get(key) ?? []
    pooled.set(key, values)
    for (const v of r.samples[sample].v) {
      values.push(v)
      if (v > largest) largest = v
    }
  }
  const unit = displayUnit(description.quantity, largest)
  const colors = seriesColors(architectures.length, true)

  const series: LinePanel['series'] = []
  for (const [ai, a] of architectures.entries()) {
    for (const [mi, m] of mechanisms.entries()) {
      const values = pooled.get(JSON.stringify([a, m]))
      if (!values || values.length === 0) continue
      const sorted = Float64Array.from(values).sort()
      const reps = used.filter((r) => r.job.architecture === a && r.job.mechanism === m).length
      series.push({
        name: mechanisms.length > 1 ? `${architectureLabel(a)}, ${mechanismLabel(m)}` : architectureLabel(a),
        look: {
          color: colors[ai],
          marker: MARKERS[ai % MARKERS.length],
          dash: DASHES[(mechanisms.length > 1 ? mi : ai) % DASHES.length],
        },
        select: { architecture: a, mechanism: m, pointIndex: point },
        points: ecdfSteps(Array.from(sorted)).map((s) => ({
          x: s.x / unit.factor,
          y: { mean: s.p, ciLow: s.p, ciHigh: s.p, n: reps },
        })),
      })
    }
  }
  const xs = series.flatMap((s) => s.points.map((p) => p.x))
  const panel: LinePanel = {
    type: 'lines',
    title: description.title,
    // A latency CDF's tail (outages of seconds over RTTs of milliseconds) needs a log axis sooner
    // than bars do: one decade of spread already hides the body of the distribution.
    x: { label: withUnit(description.title, unit), scale: chooseScale(xs, options.scale, 10) },
    y: { label: 'Cumulative fraction', scale: 'linear' },
    step: true,
    markers: false,
    series,
  }
  const pointText = formatPoint(pointsOf(study).find((p) => p.index === point)?.point ?? {})
  return {
    kind: 'cdf',
    id: `cdf-${slug(sample)}-p${point}`,
    title: options.title ?? `Distribution of ${description.title.toLowerCase()}`,
    caption:
      `Empirical CDF of ${sample} pooled over the replications of each architecture and mechanism at sweep point ` +
      `#${point} (${pointText}).`,
    panels: [panel],
    provenance: provenanceOf({ ...study, runs: used }, [point]),
  }
}

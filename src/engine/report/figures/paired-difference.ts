// Figure "paired-difference": each architecture and mechanism minus a baseline configuration (the
// study's compare.baseline, or one the caller chooses), per metric, at one sweep point. The
// replications of all configurations share their seeds (common random numbers, run/jobs.ts), so
// replication r's difference cancels the workload noise both runs saw and the interval of the
// mean difference is much narrower than the two configurations' own intervals: a difference whose
// interval excludes zero is one the study can claim. Bars below zero beat the baseline when lower
// is better.

import { pairedDifferences } from '../../metrics/stats'
import type { PairedDifference } from '../../metrics/table'
import { displayUnit, withUnit } from '../display-units'
import type { BarPanel, Estimate, FigureModel } from '../figure-model'
import { architectureLabel, mechanismLabel } from '../labels'
import { describeMetric } from '../metric-names'
import { formatPoint, provenanceOf } from '../provenance'
import {
  architecturesOf,
  mechanismsOf,
  pointsOf,
  requireMetric,
  resolvePoint,
  type StudyResults,
} from '../study-results'
import { seriesLook } from '../style'
import { OUTAGE_METRIC, slug } from './common'

export interface Baseline {
  architecture: string
  mechanism: string
}

export interface PairedDifferenceOptions {
  metrics?: string[]
  /** Default: the study's compare.baseline. */
  baseline?: Baseline
  pointIndex?: number
  mechanisms?: string[]
  title?: string
}

/** "MIPv4, Pre-copy". */
export function configurationLabel(c: Baseline): string {
  return `${architectureLabel(c.architecture)}, ${mechanismLabel(c.mechanism)}`
}

/**
 * The paired differences against `baseline`: computed from the runs when the study has them (any
 * baseline), else the analysis table's own (only the spec's baseline).
 */
function differencesOf(study: StudyResults, baseline: Baseline, figure: string): PairedDifference[] {
  const runs = (study.runs ?? []).filter((r) => r.status === 'ok')
  if (runs.length > 0) return pairedDifferences(runs, baseline)
  const table = study.table.paired.filter(
    (d) => d.baseline.architecture === baseline.architecture && d.baseline.mechanism === baseline.mechanism,
  )
  if (table.length === 0) {
    throw new Error(
      `${figure}: the analysis table holds no differences against ${configurationLabel(baseline)} and no runs were given to pair`,
    )
  }
  return table
}

export function pairedDifferenceFigure(study: StudyResults, options: PairedDifferenceOptions = {}): FigureModel {
  const name = 'paired-difference figure'
  const baseline = options.baseline ?? study.spec?.compare.baseline ?? study.table.paired[0]?.baseline
  if (!baseline) {
    throw new Error(
      `${name}: the study names no baseline (compare.baseline); choose the configuration to compare against`,
    )
  }
  const architectures = architecturesOf(study)
  const mechanisms = options.mechanisms ?? mechanismsOf(study)
  if (!architectures.includes(baseline.architecture) || !mechanismsOf(study).includes(baseline.mechanism)) {
    throw new Error(`${name}: the baseline ${configurationLabel(baseline)} is not among the study's results`)
  }
  const metrics = options.metrics && options.metrics.length > 0 ? options.metrics : [OUTAGE_METRIC]
  for (const m of metrics) requireMetric(study, m, name)
  const point = resolvePoint(study, options.pointIndex, name)
  const differences = differencesOf(study, baseline, name).filter((d) => d.pointIndex === point)
  const lookup = new Map(differences.map((d) => [JSON.stringify([d.architecture, d.mechanism, d.metric]), d]))
  const base = configurationLabel(baseline)

  const panels: BarPanel[] = metrics.map((metric) => {
    const description = describeMetric(metric)
    const found = (a: string, m: string) => lookup.get(JSON.stringify([a, m, metric]))
    const bounds = differences
      .filter((d) => d.metric === metric)
      .flatMap((d) => [Math.abs(d.ciLow), Math.abs(d.ciHigh)])
      .filter(Number.isFinite)
    const unit = displayUnit(description.quantity, Math.max(0, ...bounds))
    return {
      type: 'bars',
      title: description.title,
      categories: architectures.map(architectureLabel),
      xLabel: 'Naming architecture',
      // Differences can be negative: always a linear axis through zero.
      y: { label: withUnit(`Δ ${description.title}`, unit), scale: 'linear' },
      stacked: false,
      series: mechanisms.map((m, i) => ({
        name: mechanismLabel(m),
        look: seriesLook(i, mechanisms.length, false),
        values: architectures.map((a): Estimate | null => {
          const d = found(a, m)
          if (!d) return null
          return { mean: d.mean / unit.factor, ciLow: d.ciLow / unit.factor, ciHigh: d.ciHigh / unit.factor, n: d.n }
        }),
      })),
      select: {
        categories: architectures.map((architecture) => ({ architecture, pointIndex: point })),
        series: mechanisms.map((mechanism) => ({ mechanism })),
      },
    }
  })

  const pointText = formatPoint(pointsOf(study).find((p) => p.index === point)?.point ?? {})
  return {
    kind: 'paired-difference',
    id: `paired-difference-${slug(metrics.join('-'))}-vs-${slug(`${baseline.architecture}-${baseline.mechanism}`)}-p${point}`,
    title: options.title ?? `Difference from ${base}`,
    caption:
      `${panels.map((p, i) => `${p.title} (${metrics[i]})`).join('; ')} of each naming architecture and migration ` +
      `mechanism minus the baseline ${base} at sweep point #${point} (${pointText}). Replication r of every ` +
      'configuration ran with the same seed (common random numbers), so differences are paired by replication; bars ' +
      'are mean differences, error bars 95 % confidence intervals of the mean difference (Student t). The baseline ' +
      'itself has no bar.',
    panels,
    provenance: provenanceOf(study, [point]),
  }
}

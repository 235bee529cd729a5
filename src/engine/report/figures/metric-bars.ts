// Figure "metric-bars": any summary metrics per naming architecture (groups) and migration
// mechanism (bars) at one sweep point, one panel per metric, with 95 % confidence intervals as
// error bars. The overhead comparison of a study is made of these: what a move costs (migration
// time, bytes moved, path stretch), the naming architecture's signalling (control messages and
// bytes), residual dependencies (how many, how many never end, how long the others last) and
// what the workloads felt (echo latency, BSP slowdown, web response time, throughput dip).

import type { AnalysisRow } from '../../metrics/table'
import { displayUnit, withUnit } from '../display-units'
import type { BarPanel, FigureModel } from '../figure-model'
import { architectureLabel, mechanismLabel } from '../labels'
import { describeMetric } from '../metric-names'
import { formatPoint, provenanceOf } from '../provenance'
import {
  architecturesOf,
  mechanismsOf,
  pointsOf,
  RowIndex,
  requireMetric,
  resolvePoint,
  type StudyResults,
} from '../study-results'
import { seriesLook } from '../style'
import { chooseScale, estimateOf, OUTAGE_METRIC, slug } from './common'

export interface MetricBarsOptions {
  /** Summary metrics, one panel each (default: the mean communication outage). */
  metrics?: string[]
  pointIndex?: number
  /** Only these mechanisms (default: all of the study). */
  mechanisms?: string[]
  scale?: 'linear' | 'log' | 'auto'
  title?: string
}

/** Groups of metrics the overhead comparison shows together, by what they answer. */
export const OVERHEAD_GROUPS: { id: string; title: string; metrics: string[] }[] = [
  {
    id: 'cost',
    title: 'What a move costs',
    metrics: ['migration.total.mean', 'migration.bytes.mean', 'connection.stretch.mean'],
  },
  {
    id: 'signalling',
    title: 'Naming signalling per run',
    metrics: ['migration.control.messages', 'migration.control.bytes'],
  },
  {
    id: 'residual',
    title: 'Residual dependencies',
    metrics: ['residual.dependencies', 'residual.permanent', 'residual.duration.mean'],
  },
  {
    id: 'workload',
    title: 'What the workloads felt',
    metrics: ['interactive.echo.p99', 'bsp.slowdown', 'web.response.p99', 'bulk.dip'],
  },
]

/**
 * A metric's name without the workload's own name: `interactive:typing.echo.p99` (one of several
 * interactive workloads) is an `interactive.echo.p99`.
 */
export function genericMetric(metric: string): string {
  return metric.replace(/^([a-z]+):[^.]+/, '$1')
}

/** The metrics of `present` in `group`, in the group's order (several workloads of a kind together). */
export function groupMetrics(group: { metrics: string[] }, present: readonly string[]): string[] {
  return group.metrics.flatMap((g) => present.filter((m) => genericMetric(m) === g))
}

/**
 * One bar panel: `metric` per architecture (categories) and mechanism (series) at `point`, means
 * with 95 % intervals in one display unit chosen from the largest bound shown.
 */
export function metricBarPanel(
  rows: RowIndex,
  point: number,
  metric: string,
  architectures: readonly string[],
  mechanisms: readonly string[],
  scale: 'linear' | 'log' | 'auto' | undefined,
): BarPanel {
  const description = describeMetric(metric)
  const shown = architectures.flatMap((a) =>
    mechanisms.flatMap((m) => {
      const row = rows.get(point, a, m, metric)
      return row ? [row] : []
    }),
  )
  const unit = displayUnit(description.quantity, largestBound(shown))
  const series = mechanisms.map((m, i) => ({
    name: mechanismLabel(m),
    look: seriesLook(i, mechanisms.length, false),
    values: architectures.map((a) => {
      const row = rows.get(point, a, m, metric)
      return row ? estimateOf(row.stats, unit) : null
    }),
  }))
  const means = series.flatMap((s) => s.values.flatMap((v) => (v ? [v.mean] : [])))
  return {
    type: 'bars',
    title: description.title,
    categories: architectures.map(architectureLabel),
    xLabel: 'Naming architecture',
    y: { label: withUnit(description.title, unit), scale: chooseScale(means, scale) },
    stacked: false,
    series,
    select: {
      categories: architectures.map((architecture) => ({ architecture, pointIndex: point })),
      series: mechanisms.map((mechanism) => ({ mechanism })),
    },
  }
}

function largestBound(rows: readonly AnalysisRow[]): number {
  return Math.max(
    0,
    ...rows.flatMap((r) => [Math.abs(r.stats.ciHigh), Math.abs(r.stats.ciLow)]).filter(Number.isFinite),
  )
}

export function metricBarsFigure(study: StudyResults, options: MetricBarsOptions = {}): FigureModel {
  const name = 'metric-bars figure'
  const metrics = options.metrics && options.metrics.length > 0 ? options.metrics : [OUTAGE_METRIC]
  const point = resolvePoint(study, options.pointIndex, name)
  for (const m of metrics) requireMetric(study, m, name)
  const architectures = architecturesOf(study)
  const mechanisms = options.mechanisms ?? mechanismsOf(study)
  const rows = new RowIndex(study.table)
  const panels = metrics.map((metric) => metricBarPanel(rows, point, metric, architectures, mechanisms, options.scale))
  // A group of the overhead comparison, or the part of it a study has, keeps the group's name.
  const group = OVERHEAD_GROUPS.find((g) => metrics.every((m) => g.metrics.includes(genericMetric(m))))
  const titles = panels.map((p) => p.title)
  const pointText = formatPoint(pointsOf(study).find((p) => p.index === point)?.point ?? {})
  return {
    kind: 'metric-bars',
    id: `metric-bars-${group ? group.id : slug(metrics.join('-'))}-p${point}`,
    title: options.title ?? (group ? group.title : `${titles.join(', ')} per architecture and mechanism`),
    caption:
      `${panels.map((p, i) => `${p.title} (${metrics[i]})`).join('; ')} per naming architecture and migration ` +
      `mechanism at sweep point #${point} (${pointText}). Bars are means over replications; error bars are 95 % ` +
      'confidence intervals (Student t).',
    panels,
    provenance: provenanceOf(study, [point]),
  }
}

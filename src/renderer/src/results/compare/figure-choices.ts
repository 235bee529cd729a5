// What the comparison offers, from the study's analysis table: the figures (bars with intervals,
// paired differences against a baseline, the outage breakdown, lines against a swept parameter,
// distributions), the metrics and metric groups the results have, the sweep points and the
// configurations a difference can be taken against. Pure, so the view stays a thin shell.
import type { AnalysisTable } from '../../../../engine/metrics/table'
import { FREEZE_METRIC, OUTAGE_METRIC } from '../../../../engine/report/figures/common'
import { genericMetric, groupMetrics, OVERHEAD_GROUPS } from '../../../../engine/report/figures/metric-bars'
import { architectureLabel, mechanismLabel } from '../../../../engine/report/labels'
import { describeMetric } from '../../../../engine/report/metric-names'
import { shortPoint } from '../../../../engine/report/results-table'
import type { FigureQuery } from '../../../../service/api'

export type ChartKind = 'bars' | 'paired' | 'breakdown' | 'sweep' | 'cdf'

export const CHARTS: { id: ChartKind; label: string; title: string }[] = [
  { id: 'bars', label: 'Overhead', title: 'Each metric per architecture and mechanism, 95 % confidence intervals' },
  { id: 'paired', label: 'Versus baseline', title: 'Paired differences against a baseline configuration' },
  { id: 'breakdown', label: 'Outage breakdown', title: 'Freeze, naming update and transport recovery per outage' },
  { id: 'sweep', label: 'Against a parameter', title: 'A metric against a swept parameter' },
  { id: 'cdf', label: 'Distribution', title: 'Empirical CDF of a per-run sample series' },
]

/** A choice of the metric menu: the freeze/outage pair, a group of the overhead comparison, or one metric. */
export interface MetricChoice {
  value: string
  label: string
  /** Heading the choice is listed under. */
  section: string
  metrics: string[]
}

/** Where single metrics are listed, by their first word (workload names stripped). */
const SECTIONS: [RegExp, string][] = [
  [/^migration\.control|^control\./, 'Naming signalling'],
  [/^migration\./, 'Migration'],
  [/^connection\./, 'Connections'],
  [/^residual\./, 'Residual dependencies'],
  [/^(interactive|bsp|web|bulk)\./, 'Workloads'],
]

/** Metrics listed first, in this order: the headline of every study. */
const FIRST = [
  OUTAGE_METRIC,
  'connection.outage.max',
  FREEZE_METRIC,
  'migration.total.mean',
  'migration.bytes.mean',
  'migration.control.messages',
  'migration.control.bytes',
  'connection.stretch.mean',
  'residual.dependencies',
  'residual.permanent',
  'residual.duration.mean',
  'interactive.echo.p99',
  'bsp.slowdown',
  'web.response.p99',
  'bulk.dip',
]

export function metricsIn(table: AnalysisTable): string[] {
  const present = [...new Set(table.rows.map((r) => r.metric))]
  const rank = (m: string) => {
    const i = FIRST.indexOf(genericMetric(m))
    return i < 0 ? FIRST.length : i
  }
  return present.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

export function metricChoices(table: AnalysisTable): MetricChoice[] {
  const present = metricsIn(table)
  const out: MetricChoice[] = []
  if (present.includes(FREEZE_METRIC) && present.includes(OUTAGE_METRIC)) {
    out.push({
      value: 'outage-freeze',
      label: 'Freeze and communication outage',
      section: 'Figures',
      metrics: [FREEZE_METRIC, OUTAGE_METRIC],
    })
  }
  for (const g of OVERHEAD_GROUPS) {
    const metrics = groupMetrics(g, present)
    if (metrics.length > 0)
      out.push({ value: `group:${g.id}`, label: `${g.title} (${metrics.length})`, section: 'Figures', metrics })
  }
  for (const m of present) {
    const section = SECTIONS.find(([re]) => re.test(genericMetric(m)))?.[1] ?? 'Other'
    out.push({ value: `metric:${m}`, label: describeMetric(m).title, section, metrics: [m] })
  }
  return out
}

export interface Configuration {
  architecture: string
  mechanism: string
}

export function configurations(table: AnalysisTable): Configuration[] {
  const seen = new Map<string, Configuration>()
  for (const r of table.rows) seen.set(`${r.architecture}\u0000${r.mechanism}`, r)
  return [...seen.values()].map(({ architecture, mechanism }) => ({ architecture, mechanism }))
}

export function configurationLabel(c: Configuration): string {
  return `${architectureLabel(c.architecture)}, ${mechanismLabel(c.mechanism)}`
}

export function pointsIn(table: AnalysisTable): { index: number; label: string }[] {
  const points = new Map<number, string>()
  for (const r of table.rows) if (!points.has(r.pointIndex)) points.set(r.pointIndex, shortPoint(r.point))
  return [...points.entries()].sort((a, b) => a[0] - b[0]).map(([index, label]) => ({ index, label }))
}

/** Parameters whose value differs between sweep points. */
export function sweptParameters(table: AnalysisTable): string[] {
  const values = new Map<string, Set<string>>()
  for (const r of table.rows) {
    for (const [k, v] of Object.entries(r.point)) {
      const set = values.get(k) ?? new Set()
      set.add(JSON.stringify(v))
      values.set(k, set)
    }
  }
  return [...values.entries()].filter(([, v]) => v.size > 1).map(([k]) => k)
}

/** The largest number of replications behind any configuration. */
export function replicationsIn(table: AnalysisTable): number {
  return Math.max(0, ...table.rows.map((r) => r.stats.n))
}

export interface CompareState {
  chart: ChartKind
  choice: string
  point: number
  baseline: Configuration | null
  parameter: string | null
  sample: string | null
}

/** The figure the state asks for. */
export function queryOf(state: CompareState, choices: MetricChoice[]): FigureQuery {
  const choice = choices.find((c) => c.value === state.choice) ?? choices[0]
  const metrics = choice?.metrics ?? [OUTAGE_METRIC]
  const point = state.point
  switch (state.chart) {
    case 'bars':
      return choice?.value === 'outage-freeze'
        ? { figure: 'outage-freeze', point }
        : { figure: 'metric-bars', metrics, point }
    case 'paired':
      return {
        figure: 'paired-difference',
        metrics,
        point,
        ...(state.baseline ? { baseline: state.baseline } : {}),
      }
    case 'breakdown':
      return { figure: 'overhead-stacked', point }
    case 'sweep':
      // One metric per line figure: the first of a group.
      return {
        figure: 'metric-vs-parameter',
        metric: metrics[0],
        ...(state.parameter ? { parameter: state.parameter } : {}),
      }
    case 'cdf':
      return { figure: 'cdf', point, ...(state.sample ? { metric: state.sample } : {}) }
  }
}

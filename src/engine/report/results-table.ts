// The results table of a study: one row per sweep point × architecture × mechanism, one column
// per metric, each cell a mean with its 95 % CI half-width in the column's display unit, the best
// mean of each column (per sweep point) marked. LaTeX, Markdown and CSV are renderings of this
// one model, so they agree digit for digit.

import type { SweepValue } from '../scenario/spec'
import { type DisplayUnit, decimalsFor, displayUnit, withUnit } from './display-units'
import { architectureLabel, mechanismLabel } from './labels'
import { describeMetric, type MetricDescription } from './metric-names'
import { formatPoint, type Provenance, provenanceOf } from './provenance'
import { architecturesOf, mechanismsOf, metricsOf, pointsOf, RowIndex, type StudyResults } from './study-results'

/**
 * The columns of a results table when the study names none: the two questions of every study —
 * what a move costs (freeze, outage, bytes, signalling, stretch, dependencies) and what the
 * application sees (resets, reconnects, and each workload's headline metric).
 */
export const HEADLINE_METRICS = [
  'migration.freeze.mean',
  'migration.total.mean',
  'connection.outage.mean',
  'connection.outage.max',
  'migration.bytes.mean',
  'migration.control.messages',
  'connection.stretch.mean',
  'residual.dependencies',
  'connection.resets',
  'connection.reconnects',
  'interactive.echo.p99',
  'interactive.stall.max',
  'bsp.slowdown',
  'web.response.p99',
  'web.failed',
  'bulk.dip',
]

export interface ResultsCell {
  mean: number
  /** Half-width of the 95 % CI, in the column's unit (0 when n < 2). */
  halfWidth: number
  n: number
  best: boolean
}

export interface ResultsColumn {
  metric: MetricDescription
  unit: DisplayUnit
  /** Header with unit, e.g. "Freeze, mean (ms)". */
  header: string
  /** Decimals every cell of the column is printed with, so the column aligns. */
  decimals: number
}

export interface ResultsRow {
  pointIndex: number
  point: string
  architecture: string
  mechanism: string
  cells: (ResultsCell | null)[]
}

export interface ResultsTable {
  title: string
  columns: ResultsColumn[]
  rows: ResultsRow[]
  /** Whether rows differ by sweep point (a "point" column is then shown). */
  swept: boolean
  provenance: Provenance
}

export interface ResultsTableOptions {
  /** Metrics, in column order; default: the spec's study metrics, else the headline set present. */
  metrics?: string[]
  /** Only these sweep points; default: all. */
  points?: number[]
  title?: string
}

/** "internet latency = 10ms": the last two parts of each swept path, which name it in a table. */
export function shortPoint(point: Record<string, SweepValue>): string {
  const entries = Object.entries(point)
  if (entries.length === 0) return formatPoint(point)
  return entries.map(([path, v]) => `${path.split('.').slice(-2).join(' ')} = ${String(v)}`).join(', ')
}

export function resultsTable(study: StudyResults, options: ResultsTableOptions = {}): ResultsTable {
  const present = new Set(metricsOf(study))
  const headline = HEADLINE_METRICS.filter((m) => present.has(m))
  const wanted =
    options.metrics ??
    (study.spec?.metrics.length ? study.spec.metrics : headline.length > 0 ? headline : metricsOf(study))
  const missing = wanted.filter((m) => !present.has(m))
  if (missing.length > 0) {
    throw new Error(`results table: the analysis table has no metric ${missing.map((m) => `"${m}"`).join(', ')}`)
  }
  const points = pointsOf(study).filter((p) => options.points === undefined || options.points.includes(p.index))
  const architectures = architecturesOf(study)
  const mechanisms = mechanismsOf(study)
  const index = new RowIndex(study.table)

  const columns: ResultsColumn[] = wanted.map((metric) => {
    const description = describeMetric(metric)
    const stats = study.table.rows.filter((r) => r.metric === metric).map((r) => r.stats)
    const unit = displayUnit(description.quantity, Math.max(0, ...stats.map((s) => Math.abs(s.mean))))
    const halfWidths = stats.map((s) => (s.ciHigh - s.ciLow) / 2 / unit.factor).filter((h) => h > 0)
    // Two significant digits of the median interval: the smallest would print noise digits
    // for every other row.
    const sorted = [...halfWidths].sort((a, b) => a - b)
    const typical = sorted.length > 0 ? sorted[Math.floor(sorted.length / 2)] : 0
    const largest = Math.max(0, ...stats.map((s) => Math.abs(s.mean) / unit.factor))
    return {
      metric: description,
      unit,
      header: withUnit(description.title, unit),
      decimals: decimalsFor(typical, largest),
    }
  })

  const rows: ResultsRow[] = []
  for (const p of points) {
    for (const a of architectures) {
      for (const m of mechanisms) {
        const cells = columns.map((c): ResultsCell | null => {
          const row = index.get(p.index, a, m, c.metric.name)
          if (!row) return null
          const { mean, ciLow, ciHigh, n } = row.stats
          return { mean: mean / c.unit.factor, halfWidth: (ciHigh - ciLow) / 2 / c.unit.factor, n, best: false }
        })
        if (cells.some((c) => c !== null)) {
          rows.push({ pointIndex: p.index, point: shortPoint(p.point), architecture: a, mechanism: m, cells })
        }
      }
    }
  }
  // Best per column and sweep point, compared at the printed precision so ties are all bold.
  for (const [ci, column] of columns.entries()) {
    for (const p of points) {
      const group = rows.filter((r) => r.pointIndex === p.index && r.cells[ci] !== null)
      const printed = group.map((r) => Number(r.cells[ci]!.mean.toFixed(column.decimals)))
      if (printed.length < 2) continue
      const best = column.metric.better === 'lower' ? Math.min(...printed) : Math.max(...printed)
      group.forEach((r, i) => {
        if (printed[i] === best) r.cells[ci]!.best = true
      })
    }
  }
  return {
    title: options.title ?? `Results of ${study.table.study}`,
    columns,
    rows,
    swept: points.length > 1,
    provenance: provenanceOf(
      study,
      points.map((p) => p.index),
    ),
  }
}

/** Row labels shared by the renderings. */
/** A number at a column's precision; "-0.0" reads as a sign error in a paper. */
export function fixed(x: number, decimals: number): string {
  const s = x.toFixed(decimals)
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s
}

/** One replication gives a mean but no interval: printing "± 0" would claim no variation. */
export function hasInterval(cell: ResultsCell): boolean {
  return cell.n >= 2
}

/** "12.3 ± 0.4", or "12.3" for a single replication. */
export function cellText(cell: ResultsCell, decimals: number): string {
  const mean = fixed(cell.mean, decimals)
  return hasInterval(cell) ? `${mean} ± ${fixed(cell.halfWidth, decimals)}` : mean
}

/** The tables' legend: what a cell is, and what a cell without ± is when the table has one. */
export function resultsLegend(table: ResultsTable): string {
  const single = table.rows.some((r) => r.cells.some((c) => c !== null && !hasInterval(c)))
  return `Mean ± half-width of the 95 % confidence interval over replications (Student t); best mean per column and sweep point in bold.${single ? ' A value without ± comes from a single replication.' : ''}`
}

export function rowLabels(row: ResultsRow): { architecture: string; mechanism: string } {
  return { architecture: architectureLabel(row.architecture), mechanism: mechanismLabel(row.mechanism) }
}

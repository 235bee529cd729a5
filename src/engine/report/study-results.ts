// The results of one study as the report library reads them: the analysis table always, the
// spec and the runs when the caller has them (the overhead decomposition, CDFs and timelines need
// runs; the scenario summary and topology picture need the spec). Plus the lookups every figure
// and table shares, so they all order architectures, mechanisms and sweep points the same way.

import type { AnalysisRow, AnalysisTable } from '../metrics/table'
import type { RunResult } from '../run/result'
import type { ScenarioSpec, SweepValue } from '../scenario/spec'

export interface StudyResults {
  table: AnalysisTable
  spec?: ScenarioSpec
  runs?: readonly RunResult[]
  /** The scenario.ts source the spec was compiled from, for the report. */
  source?: string
  /** ISO time to stamp into artefacts; absent by default so exports stay byte-identical. */
  generatedAt?: string
}

/** Architectures in the spec's order (the order the researcher chose), else first appearance. */
export function architecturesOf(study: StudyResults): string[] {
  return ordered(
    study.spec?.compare.architectures,
    study.table.rows.map((r) => r.architecture),
  )
}

export function mechanismsOf(study: StudyResults): string[] {
  return ordered(
    study.spec?.compare.mechanisms,
    study.table.rows.map((r) => r.mechanism),
  )
}

function ordered(preferred: readonly string[] | undefined, seen: readonly string[]): string[] {
  const present = new Set(seen)
  const out = (preferred ?? []).filter((x) => present.has(x))
  for (const x of seen) if (!out.includes(x)) out.push(x)
  return out
}

/** Sweep points present in the table, by index. */
export function pointsOf(study: StudyResults): { index: number; point: Record<string, SweepValue> }[] {
  const points = new Map<number, Record<string, SweepValue>>()
  for (const r of study.table.rows) if (!points.has(r.pointIndex)) points.set(r.pointIndex, r.point)
  return [...points.entries()].sort((a, b) => a[0] - b[0]).map(([index, point]) => ({ index, point }))
}

/** Metrics present in the table, in first-appearance order. */
export function metricsOf(study: StudyResults): string[] {
  return [...new Set(study.table.rows.map((r) => r.metric))]
}

/** Row lookup by (point, architecture, mechanism, metric). */
export class RowIndex {
  private readonly rows = new Map<string, AnalysisRow>()
  constructor(table: AnalysisTable) {
    for (const r of table.rows) this.rows.set(RowIndex.key(r.pointIndex, r.architecture, r.mechanism, r.metric), r)
  }
  private static key(point: number, architecture: string, mechanism: string, metric: string): string {
    return JSON.stringify([point, architecture, mechanism, metric])
  }
  get(point: number, architecture: string, mechanism: string, metric: string): AnalysisRow | undefined {
    return this.rows.get(RowIndex.key(point, architecture, mechanism, metric))
  }
}

/** Throws a message that says which metrics the table does have. */
export function requireMetric(study: StudyResults, metric: string, figure: string): void {
  if (!study.table.rows.some((r) => r.metric === metric)) {
    throw new Error(
      `${figure}: the analysis table has no metric "${metric}"; it has: ${metricsOf(study).join(', ') || 'no rows'}`,
    )
  }
}

/** Runs of the study, or an error naming the figure that needs them. */
export function requireRuns(study: StudyResults, figure: string): readonly RunResult[] {
  const runs = (study.runs ?? []).filter((r) => r.status === 'ok')
  if (runs.length === 0) throw new Error(`${figure} needs the study's run results (none with status "ok" were given)`)
  return runs
}

/** Default sweep point of single-point figures: the explicit one, else the first in the table. */
export function resolvePoint(study: StudyResults, pointIndex: number | undefined, figure: string): number {
  const points = pointsOf(study)
  if (points.length === 0) throw new Error(`${figure}: the analysis table has no rows`)
  if (pointIndex === undefined) return points[0].index
  if (!points.some((p) => p.index === pointIndex)) {
    throw new Error(
      `${figure}: no sweep point #${pointIndex}; the table has ${points.map((p) => `#${p.index}`).join(', ')}`,
    )
  }
  return pointIndex
}

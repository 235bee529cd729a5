// Figure requests: what a caller (the CLI's `report`, an Export button, a spec's `figures`)
// asks for, resolved to a figure model; and the standard figure set of a study.

import type { z } from 'zod'
import type { Figure } from '../scenario/spec'
import type { FigureModel } from './figure-model'
import { cdfFigure } from './figures/cdf'
import { groupMetrics, metricBarsFigure, OVERHEAD_GROUPS } from './figures/metric-bars'
import { metricVsParameterFigure } from './figures/metric-vs-parameter'
import { FREEZE_METRIC, OUTAGE_METRIC, outageFreezeFigure } from './figures/outage-freeze'
import { overheadFigure } from './figures/overhead-stacked'
import { type Baseline, pairedDifferenceFigure } from './figures/paired-difference'
import { timelineFigure } from './figures/timeline'
import { pointsOf, type StudyResults, metricsOf as tableMetrics } from './study-results'

/** A spec figure entry plus the choices a result view makes (point, run, migration). */
export type FigureRequest = z.infer<typeof Figure> & {
  /** Sweep point index for single-point figures. */
  point?: number
  /** Result key of the run a timeline shows. */
  run?: string
  migration?: number
  scale?: 'linear' | 'log' | 'auto'
  /** Configuration a paired-difference figure subtracts (default: the spec's compare.baseline). */
  baseline?: Baseline
  /** Only these mechanisms, in this order (bar and difference figures). */
  mechanisms?: string[]
}

/** The metrics a bar figure shows: `metrics`, else the one `metric`, else none given. */
function metricsOf(request: FigureRequest): string[] | undefined {
  if (request.metrics && request.metrics.length > 0) return request.metrics
  return request.metric === undefined ? undefined : [request.metric]
}

export function buildFigure(study: StudyResults, request: FigureRequest): FigureModel {
  const { kind, title, point, scale } = request
  switch (kind) {
    case 'outage-freeze':
      return outageFreezeFigure(study, { pointIndex: point, outageMetric: request.metric, scale, title })
    case 'overhead-stacked':
      return overheadFigure(study, { pointIndex: point, title })
    case 'metric-vs-parameter':
      return metricVsParameterFigure(study, {
        metric: request.metric ?? study.spec?.metrics[0] ?? OUTAGE_METRIC,
        parameter: request.parameter,
        scale,
        title,
      })
    case 'cdf':
      return cdfFigure(study, { sample: request.metric, pointIndex: point, scale, title })
    case 'timeline':
      return timelineFigure(study, { run: request.run, migration: request.migration, title })
    case 'metric-bars':
      return metricBarsFigure(study, {
        metrics: metricsOf(request),
        pointIndex: point,
        mechanisms: request.mechanisms,
        scale,
        title,
      })
    case 'paired-difference':
      return pairedDifferenceFigure(study, {
        metrics: metricsOf(request),
        baseline: request.baseline,
        pointIndex: point,
        mechanisms: request.mechanisms,
        title,
      })
  }
}

/**
 * The figures of a study's report: the spec's own list when it has one, else the standard set —
 * outage and freeze at every sweep point, the overhead decomposition, each study metric against
 * each swept parameter, the CDF of every sample series, and the timeline of the first migration.
 * Figures whose inputs the results lack (no runs, no sweep, no samples) are left out.
 */
export function standardFigureRequests(study: StudyResults): FigureRequest[] {
  const spec = study.spec
  if (spec && spec.figures.length > 0) return spec.figures
  const metrics = tableMetrics(study)
  const points = pointsOf(study)
  const requests: FigureRequest[] = []
  if (metrics.includes(FREEZE_METRIC) && metrics.includes(OUTAGE_METRIC)) {
    for (const p of points) requests.push({ kind: 'outage-freeze', point: p.index })
  }
  const runs = (study.runs ?? []).filter((r) => r.status === 'ok')
  if (runs.some((r) => r.migrations.some((m) => m.connections.length > 0))) requests.push({ kind: 'overhead-stacked' })
  // The rest of the overhead comparison, at every sweep point: each group of metrics the table has.
  const baseline = spec?.compare.baseline
  const pairable =
    baseline !== undefined &&
    study.table.rows.some((r) => r.architecture === baseline.architecture && r.mechanism === baseline.mechanism) &&
    (runs.length > 0 || study.table.paired.length > 0)
  for (const p of points) {
    for (const group of OVERHEAD_GROUPS) {
      const present = groupMetrics(group, metrics)
      // A group is drawn whole (its id names it) or, when the study lacks some, with what it has.
      if (present.length > 0) requests.push({ kind: 'metric-bars', metrics: present, point: p.index })
    }
    if (pairable && metrics.includes(OUTAGE_METRIC))
      requests.push({ kind: 'paired-difference', metrics: [OUTAGE_METRIC], point: p.index })
  }
  const swept = [...new Set(points.flatMap((p) => Object.keys(p.point)))]
  const studyMetrics =
    spec?.metrics.filter((m) => metrics.includes(m)) ?? [OUTAGE_METRIC].filter((m) => metrics.includes(m))
  if (points.length > 1) {
    for (const parameter of swept) {
      for (const metric of studyMetrics) requests.push({ kind: 'metric-vs-parameter', metric, parameter })
    }
  }
  for (const sample of [...new Set(runs.flatMap((r) => Object.keys(r.samples)))])
    requests.push({ kind: 'cdf', metric: sample })
  if (runs.some((r) => r.migrations.length > 0)) requests.push({ kind: 'timeline' })
  return requests
}

// The Export menu's figures and tables: a request from the renderer turned into the report
// library's one export path (engine/report), so the app and the CLI give the same bytes for the
// same results. Figures export as SVG, PDF or PGFPlots (tex); tables as LaTeX, Markdown or CSV.
// The result views draw the figure and table models built here from the same study, so what the
// app shows is what Export writes.

import type { Artefact, FigureFormat, TableFormat } from '../engine/report'
import type { FigureModel } from '../engine/report/figure-model'
import type { FigureRequest } from '../engine/report/figure-requests'
import type { ResultsTable } from '../engine/report/results-table'
import type { StudyResults } from '../engine/report/study-results'
import type { ExportRequest, ExportResult, FigureQuery } from './api'
import { LabCallError } from './lab-error'
import { analysisOf, type StudyRuns } from './study-runs'

const FIGURE_FORMATS: Partial<Record<ExportRequest['format'], FigureFormat>> = {
  svg: 'svg',
  pdf: 'pdf',
  tex: 'pgfplots',
}
const TABLE_FORMATS: Partial<Record<ExportRequest['format'], TableFormat>> = {
  tex: 'latex',
  md: 'markdown',
  csv: 'csv',
}

function resultOf(a: Artefact): ExportResult {
  return typeof a.data === 'string'
    ? { filename: a.filename, mime: a.mediaType, text: a.data }
    : { filename: a.filename, mime: a.mediaType, base64: Buffer.from(a.data).toString('base64') }
}

/** The report library's view of the current study: the same for every figure, table and export. */
export function studyResultsOf(runs: StudyRuns): StudyResults {
  return { table: analysisOf(runs), spec: runs.study.spec, runs: runs.runs }
}

/** A figure query as the report library's figure request. */
export function figureRequestOf(q: FigureQuery): FigureRequest {
  return {
    kind: q.figure,
    metric: q.metric,
    metrics: q.metrics,
    parameter: q.parameter,
    run: q.runKey,
    migration: q.migration,
    point: q.point,
    baseline: q.baseline,
    mechanisms: q.mechanisms,
    scale: q.scale,
  }
}

/** The report library's message, as a bad request: it says what the results lack. */
function badRequest(what: string, e: unknown): never {
  if (e instanceof LabCallError) throw e
  throw new LabCallError('BadRequest', `cannot ${what}: ${(e as Error).message}`)
}

/** The figure a result view draws: the model Export renders for the same query. */
export async function figureModel(runs: StudyRuns, query: FigureQuery): Promise<FigureModel> {
  const { buildFigure } = await import('../engine/report/figure-requests')
  try {
    return buildFigure(studyResultsOf(runs), figureRequestOf(query))
  } catch (e) {
    badRequest(`draw this ${query.figure} figure`, e)
  }
}

export async function resultsTableModel(runs: StudyRuns): Promise<ResultsTable> {
  const { resultsTable } = await import('../engine/report/results-table')
  try {
    return resultsTable(studyResultsOf(runs))
  } catch (e) {
    badRequest('tabulate these results', e)
  }
}

export async function exportArtefact(runs: StudyRuns, req: ExportRequest): Promise<ExportResult> {
  // Loaded on the first export: the PDF path brings fonts and PDFKit, which the app's start need not wait for.
  const { exportFigure, exportTable } = await import('../engine/report')
  const study = studyResultsOf(runs)
  const what = req.what
  try {
    if (what.kind === 'figure') {
      const format = FIGURE_FORMATS[req.format]
      if (!format) throw new LabCallError('BadRequest', `figures export as svg, pdf or tex, not ${req.format}`)
      const artefact = await exportFigure(
        study,
        figureRequestOf(what),
        format,
        what.width === 'double' ? 'double-column' : 'single-column',
      )
      return resultOf(artefact)
    }
    const format = TABLE_FORMATS[req.format]
    if (!format) throw new LabCallError('BadRequest', `tables export as tex, md or csv, not ${req.format}`)
    const kind = what.table === 'metrics' ? 'results' : 'intrusiveness'
    return resultOf(exportTable(study, kind, format, what.metrics ? { metrics: what.metrics } : {}))
  } catch (e) {
    // The report library says what the results lack (a metric, runs with migrations, ...).
    badRequest(`export this ${what.kind}`, e)
  }
}

// The Export menu's figures and tables: a request from the renderer turned into the report
// library's one export path (engine/report), so the app and the CLI give the same bytes for the
// same results. Figures export as SVG, PDF or PGFPlots (tex); tables as LaTeX, Markdown or CSV.

import type { Artefact, FigureFormat, TableFormat } from '../engine/report'
import type { ExportRequest, ExportResult } from './api'
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

export async function exportArtefact(runs: StudyRuns, req: ExportRequest): Promise<ExportResult> {
  // Loaded on the first export: the PDF path brings fonts and PDFKit, which the app's start need not wait for.
  const { exportFigure, exportTable } = await import('../engine/report')
  const study = { table: analysisOf(runs), spec: runs.study.spec, runs: runs.runs }
  const what = req.what
  try {
    if (what.kind === 'figure') {
      const format = FIGURE_FORMATS[req.format]
      if (!format) throw new LabCallError('BadRequest', `figures export as svg, pdf or tex, not ${req.format}`)
      const artefact = await exportFigure(
        study,
        {
          kind: what.figure,
          metric: what.metric,
          parameter: what.parameter,
          run: what.runKey,
          migration: what.migration,
        },
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
    if (e instanceof LabCallError) throw e
    // The report library says what the results lack (a metric, runs with migrations, ...).
    throw new LabCallError('BadRequest', `cannot export this ${what.kind}: ${(e as Error).message}`)
  }
}

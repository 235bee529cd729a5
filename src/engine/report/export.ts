// The one export path. The app's service (behind the Export buttons) and the CLI (`report`,
// `bundle`) both call these functions, so the same figure of the same results gives the same
// bytes wherever it is exported. They return artefacts (name, media type, data); writing files is
// the caller's job. Node only (the PDF path reads the bundled fonts); the renderer imports the
// figure builders and echarts-option.ts directly instead.

import type { FigureModel } from './figure-model'
import { figurePdf } from './figure-pdf'
import { buildFigure, type FigureRequest, standardFigureRequests } from './figure-requests'
import { intrusivenessHtml, intrusivenessLatex, intrusivenessMarkdown } from './intrusiveness'
import { figurePgfplots } from './pgfplots'
import { provenanceOf } from './provenance'
import { type ReportContent, reportHtml } from './report-html'
import { reportPdf } from './report-pdf'
import { type ResultsTableOptions, resultsTable } from './results-table'
import { resultsCsv, resultsLatex, resultsMarkdown } from './results-table-formats'
import { scenarioSummary } from './scenario-summary'
import { architecturesOf, type StudyResults } from './study-results'
import { PAPER_STYLES, type PaperStyleId } from './style'
import { figureSvg } from './svg'
import { topologySvg } from './topology-svg'

export interface Artefact {
  /** A suggested file name (no directory). */
  filename: string
  mediaType: string
  data: string | Uint8Array
}

export type FigureFormat = 'svg' | 'pdf' | 'pgfplots'

export async function exportFigure(
  study: StudyResults,
  request: FigureRequest,
  format: FigureFormat,
  style: PaperStyleId = 'single-column',
): Promise<Artefact> {
  return renderFigure(buildFigure(study, request), format, style)
}

/** Renders a figure model already built (e.g. the one a result view shows). */
export async function renderFigure(model: FigureModel, format: FigureFormat, style: PaperStyleId): Promise<Artefact> {
  const paper = PAPER_STYLES[style]
  if (format === 'pgfplots') {
    return { filename: `${model.id}.tex`, mediaType: 'application/x-tex', data: figurePgfplots(model, paper) }
  }
  const svg = figureSvg(model, paper)
  if (format === 'svg') return { filename: `${model.id}.svg`, mediaType: 'image/svg+xml', data: svg }
  return { filename: `${model.id}.pdf`, mediaType: 'application/pdf', data: await figurePdf(model, svg) }
}

export type TableKind = 'results' | 'intrusiveness'
export type TableFormat = 'latex' | 'markdown' | 'csv' | 'html'

export function exportTable(
  study: StudyResults,
  kind: TableKind,
  format: TableFormat,
  options: ResultsTableOptions = {},
): Artefact {
  if (kind === 'intrusiveness') {
    const architectures = architecturesOf(study)
    if (format === 'latex') return tex('intrusiveness', intrusivenessLatex(architectures))
    if (format === 'markdown') return md('intrusiveness', intrusivenessMarkdown(architectures))
    if (format === 'html')
      return { filename: 'intrusiveness.html', mediaType: 'text/html', data: intrusivenessHtml(architectures) }
    throw new Error('the intrusiveness matrix has no CSV form (it is symbols and notes, not numbers)')
  }
  const table = resultsTable(study, options)
  if (format === 'latex') return tex('results', resultsLatex(table))
  if (format === 'markdown') return md('results', resultsMarkdown(table))
  if (format === 'csv') return { filename: 'results.csv', mediaType: 'text/csv', data: resultsCsv(table) }
  throw new Error('results tables are exported as LaTeX, Markdown or CSV; the HTML form is part of the report')
}

function tex(name: string, data: string): Artefact {
  return { filename: `${name}.tex`, mediaType: 'application/x-tex', data }
}
function md(name: string, data: string): Artefact {
  return { filename: `${name}.md`, mediaType: 'text/markdown', data }
}

export interface ReportOptions {
  /** Figures to include; default: the spec's figure list, else the standard set. */
  figures?: FigureRequest[]
  results?: ResultsTableOptions
}

/** The study report: report.html (self-contained) and report.pdf, with the same content. */
export async function writeReport(
  study: StudyResults,
  options: ReportOptions = {},
): Promise<{ html: Artefact; pdf: Artefact }> {
  const requests = options.figures ?? standardFigureRequests(study)
  const style = PAPER_STYLES['double-column']
  const figures = requests.map((r) => {
    const model = buildFigure(study, r)
    return { model, svg: figureSvg(model, style) }
  })
  const content: ReportContent = {
    title: study.spec ? `MigLab study: ${study.spec.name}` : `MigLab study: ${study.table.study}`,
    summary: scenarioSummary(study.spec, study.table),
    topology: study.spec ? topologySvg(study.spec, style.width) : null,
    figures,
    results: resultsTable(study, options.results),
    architectures: architecturesOf(study),
    specJson: study.spec ? JSON.stringify(study.spec, null, 2) : null,
    source: study.source ?? null,
    provenance: provenanceOf(study),
  }
  return {
    html: { filename: 'report.html', mediaType: 'text/html', data: reportHtml(content) },
    pdf: { filename: 'report.pdf', mediaType: 'application/pdf', data: await reportPdf(content) },
  }
}

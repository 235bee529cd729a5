// What `miglab report` does (loaded only when the command runs).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { exportFigure, exportTable, standardFigureRequests, writeReport } from '../engine/report'
import type { FigureRequest } from '../engine/report/figure-requests'
import { loadStudy, StudyNotFound } from '../service/study'
import { REPORT_FORMATS } from './commands/report'

function list(text: string | undefined): string[] | undefined {
  return text === undefined
    ? undefined
    : text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
}

export async function reportCommand(
  dir: string,
  o: { out?: string; format?: string; figures?: string; metrics?: string; doubleColumn?: boolean },
): Promise<void> {
  let study: ReturnType<typeof loadStudy>
  try {
    study = loadStudy(dir)
  } catch (e) {
    if (e instanceof StudyNotFound) {
      console.error(`miglab report: ${e.message}`)
      process.exitCode = 2
      return
    }
    throw e
  }
  if (study.table.rows.length === 0) {
    console.error(`miglab report: ${study.resultsDir} holds no successful runs`)
    process.exitCode = 1
    return
  }
  const formats = list(o.format) ?? [...REPORT_FORMATS]
  const bad = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f))
  if (bad.length > 0) {
    console.error(`miglab report: unknown format(s) ${bad.join(', ')}; choose from ${REPORT_FORMATS.join(', ')}`)
    process.exitCode = 2
    return
  }
  const metrics = list(o.metrics)
  const markdown = exportTable(study, 'results', 'markdown', metrics ? { metrics } : {})
  if (!o.out) {
    console.log(markdown.data as string)
    return
  }
  const out = o.out
  mkdirSync(out, { recursive: true })
  const written: string[] = []
  const save = (name: string, data: string | Uint8Array) => {
    writeFileSync(join(out, name), data)
    written.push(name)
  }
  // Tables.
  if (formats.includes('md')) {
    save(markdown.filename, markdown.data)
    save('intrusiveness.md', exportTable(study, 'intrusiveness', 'markdown').data)
  }
  if (formats.includes('csv'))
    save('results.csv', exportTable(study, 'results', 'csv', metrics ? { metrics } : {}).data)
  if (formats.includes('tex')) {
    save('results.tex', exportTable(study, 'results', 'latex', metrics ? { metrics } : {}).data)
    save('intrusiveness.tex', exportTable(study, 'intrusiveness', 'latex').data)
  }
  // Figures.
  const kinds = list(o.figures)
  const requests: FigureRequest[] = standardFigureRequests(study).filter((r) => !kinds || kinds.includes(r.kind))
  const style = o.doubleColumn ? 'double-column' : 'single-column'
  const figureFormats = (['svg', 'pdf', 'pgfplots'] as const).filter((f) =>
    formats.includes(f === 'pgfplots' ? 'tex' : f),
  )
  for (const r of requests) {
    for (const f of figureFormats) {
      try {
        const a = await exportFigure(study, r, f, style)
        save(a.filename, a.data)
      } catch (e) {
        console.error(
          `miglab report: figure ${r.kind}${r.point !== undefined ? ` (point ${r.point})` : ''}: ${(e as Error).message}`,
        )
        process.exitCode = 1
      }
    }
  }
  // The study report.
  if (formats.includes('html') || formats.includes('pdf')) {
    const { html, pdf } = await writeReport(study)
    if (formats.includes('html')) save('report.html', html.data)
    if (formats.includes('pdf')) save('report.pdf', pdf.data)
  }
  console.log(
    `${out}: ${written.length} files (${written.filter((w) => w.endsWith('.svg')).length} SVG figures, ${requests.length} figure(s) in all)`,
  )
}

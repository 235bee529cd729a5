// The study report as a PDF (A4), with the same content as the HTML report: text with PDFKit,
// the topology and the figures through svg-to-pdfkit, tables with PDFKit's table layout, the
// scenario source in the bundled monospace font. Node only (PDFKit, bundled fonts).

import { drawSvg, svgSize } from './figure-pdf'
import { bundledFonts } from './fonts'
import { intrusivenessRows } from './intrusiveness'
import { createPdf, FONT, finishPdf } from './pdf-document'
import { pdfSafeText } from './pdf-text'
import { provenanceLines } from './provenance'
import type { ReportContent } from './report-html'
import { cellText, resultsLegend, rowLabels } from './results-table'

const MARGIN = 50

export async function reportPdf(c: ReportContent): Promise<Uint8Array> {
  const doc = createPdf(
    { title: c.title, subject: `MigLab study report: ${c.summary.description}`, provenance: c.provenance },
    { size: 'A4', margin: MARGIN },
  )
  const covers = bundledFonts().covers
  const safe = (s: string) => pdfSafeText(s, covers)
  const textWidth = doc.page.width - 2 * MARGIN

  const heading = (text: string) => {
    // A heading never ends a page: keep room for the start of what it introduces.
    if (doc.y > doc.page.height - MARGIN - 200) doc.addPage()
    doc.moveDown(0.8).font(FONT.sansBold).fontSize(14).text(safe(text)).moveDown(0.3).font(FONT.sans).fontSize(10)
  }
  const picture = (svg: string, caption: string) => {
    const size = svgSize(svg)
    const scale = Math.min(1.4, textWidth / size.width)
    const w = size.width * scale
    const h = size.height * scale
    if (doc.y + h + 40 > doc.page.height - MARGIN) doc.addPage()
    const y = doc.y
    drawSvg(doc, svg, MARGIN + (textWidth - w) / 2, y, w, h)
    doc.x = MARGIN
    doc.y = y + h + 4
    doc
      .font(FONT.sansItalic)
      .fontSize(8.5)
      .text(safe(caption), { width: textWidth })
      .font(FONT.sans)
      .fontSize(10)
      .moveDown(0.6)
  }
  const table = (head: string[], rows: string[][], bold: boolean[][] = []) => {
    doc.fontSize(7.5)
    doc.table({
      data: [
        head.map((h) => ({ text: safe(h), font: { src: FONT.sansBold } })),
        ...rows.map((r, i) =>
          r.map((t, j) => ({ text: safe(t), font: { src: bold[i]?.[j] ? FONT.sansBold : FONT.sans } })),
        ),
      ],
      defaultStyle: { border: [0, 0, 0.5, 0], borderColor: '#999999', padding: [2, 3, 2, 3] },
    })
    doc.fontSize(10).moveDown(0.5)
    doc.x = MARGIN
  }

  doc.font(FONT.sansBold).fontSize(18).text(safe(c.title))
  doc.font(FONT.sans).fontSize(10).moveDown(0.3).text(safe(c.summary.description))
  doc.moveDown(0.5).font(FONT.sans).fontSize(7.5).fillColor('#444444')
  for (const line of provenanceLines(c.provenance)) doc.text(safe(line))
  doc.fillColor('#000000').fontSize(10)

  heading('Scenario')
  for (const [k, v] of c.summary.items) {
    doc
      .font(FONT.sansBold)
      .text(`${safe(k)}: `, { continued: true })
      .font(FONT.sans)
      .text(safe(v))
  }
  if (c.topology) {
    doc.moveDown(0.5)
    picture(c.topology, 'Topology of the study.')
  }

  heading('Efficiency: figures')
  for (const [i, f] of c.figures.entries()) picture(f.svg, `Figure ${i + 1}. ${f.model.caption}`)

  heading('Efficiency: results')
  const r = c.results
  table(
    [...(r.swept ? ['Point'] : []), 'Architecture', 'Mechanism', ...r.columns.map((col) => col.header)],
    r.rows.map((row) => {
      const labels = rowLabels(row)
      return [
        ...(r.swept ? [row.point] : []),
        labels.architecture,
        labels.mechanism,
        ...row.cells.map((cell, i) => (cell === null ? '–' : cellText(cell, r.columns[i].decimals))),
      ]
    }),
    r.rows.map((row) => [...(r.swept ? [false] : []), false, false, ...row.cells.map((cell) => cell?.best ?? false)]),
  )
  doc.fontSize(8.5).text(resultsLegend(r)).fontSize(10)

  heading('Intrusiveness')
  const matrix = intrusivenessRows(c.architectures)
  table(matrix.head, matrix.rows)
  doc.fontSize(8.5).text(matrix.legend).fontSize(10).moveDown(0.5)
  for (const [id, rationale] of matrix.rationales) {
    doc.font(FONT.sansBold).text(safe(id)).font(FONT.sans).text(safe(rationale)).moveDown(0.3)
  }

  if (c.source || c.specJson) heading('Scenario source')
  if (c.source) doc.font(FONT.mono).fontSize(7).text(safe(c.source)).font(FONT.sans).fontSize(10).moveDown()
  if (c.specJson) doc.font(FONT.mono).fontSize(6.5).text(safe(c.specJson)).font(FONT.sans).fontSize(10)
  return finishPdf(doc)
}

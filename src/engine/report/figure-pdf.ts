// Figure SVG -> one-page PDF at the figure's physical size (one SVG unit = one point), through
// svg-to-pdfkit, with the bundled font embedded and provenance in the document information.
// Pure JavaScript end to end, so it runs the same in the CLI and in the app's service.

import SVGtoPDF from 'svg-to-pdfkit'
import type { FigureModel } from './figure-model'
import { bundledFonts } from './fonts'
import { createPdf, finishPdf, fontFor } from './pdf-document'
import { pdfSafeText } from './pdf-text'

export function figurePdf(model: FigureModel, svg: string): Promise<Uint8Array> {
  const size = svgSize(svg)
  const doc = createPdf(
    { title: model.title, subject: `MigLab figure ${model.kind}: ${model.caption}`, provenance: model.provenance },
    { size: [size.width, size.height], margin: 0 },
  )
  drawSvg(doc, svg, 0, 0, size.width, size.height)
  return finishPdf(doc)
}

/**
 * Draws an SVG of ours into a PDF page box. One SVG unit is one point (assumePt) and the outer
 * element is fitted to the box (preserveAspectRatio), since the root's width="…pt" would otherwise
 * be read as CSS points of 4/3 px. A conversion warning is an error: a figure must not silently
 * lose parts.
 */
export function drawSvg(
  doc: PDFKit.PDFDocument,
  svg: string,
  x: number,
  y: number,
  width: number,
  height: number,
): void {
  const warnings: string[] = []
  SVGtoPDF(doc, pdfSafeText(svg, bundledFonts().covers, true), x, y, {
    width,
    height,
    assumePt: true,
    preserveAspectRatio: 'xMidYMid meet',
    fontCallback: fontFor,
    warningCallback: (w) => warnings.push(w),
  })
  if (warnings.length > 0) throw new Error(`SVG to PDF conversion: ${warnings.join('; ')}`)
}

/** Width and height in points of an SVG written by figureSvg / topologySvg (width="…pt"). */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="([\d.]+)pt"[^>]*\sheight="([\d.]+)pt"/.exec(svg)
  if (!m) throw new Error('SVG has no width/height in points')
  return { width: Number(m[1]), height: Number(m[2]) }
}

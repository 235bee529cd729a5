// A PDFKit document set up the way every MigLab PDF is: the bundled fonts registered (and the
// standard-14 Helvetica never loaded), provenance in the document information, and no wall-clock
// creation date unless the caller gives one — so the same results give the same bytes. PDFKit
// requires a creation date (its XMP metadata and file identifier use it); without one from the
// caller it is the Unix epoch, the reproducible-builds convention for "no timestamp recorded".
// Node only (PDFKit's Node build; fonts read from disk).

import PDFDocument from 'pdfkit'
import { bundledFonts } from './fonts'
import { type Provenance, provenanceKeywords } from './provenance'

export const FONT = { sans: 'Sans', sansBold: 'Sans-Bold', sansItalic: 'Sans-Italic', mono: 'Mono' } as const

export interface DocumentInfo {
  title: string
  subject: string
  provenance: Provenance
}

const EPOCH = new Date(0)

export function createPdf(
  info: DocumentInfo,
  options: { size: [number, number] | 'A4'; margin: number },
): PDFKit.PDFDocument {
  const generatedAt = info.provenance.generatedAt ? new Date(info.provenance.generatedAt) : EPOCH
  const doc = new PDFDocument({
    size: options.size,
    margin: options.margin,
    autoFirstPage: true,
    // Keep PDFKit from loading its AFM Helvetica; the first font used is registered below.
    font: null as unknown as string,
    compress: true,
    info: {
      Title: info.title,
      Subject: info.subject,
      Keywords: provenanceKeywords(info.provenance),
      Author: `MigLab ${info.provenance.engineVersion}`,
      Creator: `MigLab ${info.provenance.engineVersion}`,
      CreationDate: generatedAt,
    },
    displayTitle: true,
    lang: 'en',
  })
  const fonts = bundledFonts()
  doc.registerFont(FONT.sans, toBuffer(fonts.sans))
  doc.registerFont(FONT.sansBold, toBuffer(fonts.sansBold))
  doc.registerFont(FONT.sansItalic, toBuffer(fonts.sansItalic))
  doc.registerFont(FONT.mono, toBuffer(fonts.mono))
  doc.font(FONT.sans)
  return doc
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** Ends the document and collects its bytes. */
export function finishPdf(doc: PDFKit.PDFDocument): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
    doc.end()
  })
}

/** The svg-to-pdfkit font choice: the bundled sans in its weight and style, whatever the SVG asks. */
export function fontFor(_family: string, bold: boolean, italic: boolean): string {
  return bold ? FONT.sansBold : italic ? FONT.sansItalic : FONT.sans
}

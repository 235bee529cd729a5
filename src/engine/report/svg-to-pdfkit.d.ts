// Types for svg-to-pdfkit 0.1.8, which ships none: the call and the options MigLab uses.
declare module 'svg-to-pdfkit' {
  interface SVGtoPDFOptions {
    width?: number
    height?: number
    preserveAspectRatio?: string
    assumePt?: boolean
    precision?: number
    /** Picks a font registered in the document for an SVG font-family / weight / style. */
    fontCallback?: (family: string, bold: boolean, italic: boolean, fontOptions: { fauxItalic: boolean }) => string
    warningCallback?: (message: string) => void
  }
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SVGtoPDFOptions): void
  export default SVGtoPDF
}

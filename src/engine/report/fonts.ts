// The fonts embedded in exported PDFs: Source Sans 3 (figures and report text) and Source Code
// Pro (scenario source), both SIL Open Font License 1.1, from the fontsource npm packages (a
// runtime dependency, so they ship with the CLI and the app). PDFs never depend on the fonts of
// the machine that made them. Only the Latin subsets are used: they cover the report's text
// (including ±, ×, µ, – and —); characters outside them are replaced before drawing (pdf-text.ts).
// Node only: reads the font files.

import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

export interface PdfFonts {
  sans: Uint8Array
  sansBold: Uint8Array
  sansItalic: Uint8Array
  mono: Uint8Array
  /** Whether a code point is in the subsets (fontsource's unicode.json, the same for both families). */
  covers: (codePoint: number) => boolean
}

const FILES: Record<Exclude<keyof PdfFonts, 'covers'>, string> = {
  sans: '@fontsource/source-sans-3/files/source-sans-3-latin-400-normal.woff',
  sansBold: '@fontsource/source-sans-3/files/source-sans-3-latin-700-normal.woff',
  sansItalic: '@fontsource/source-sans-3/files/source-sans-3-latin-400-italic.woff',
  mono: '@fontsource/source-code-pro/files/source-code-pro-latin-400-normal.woff',
}

let cached: PdfFonts | null = null

export function bundledFonts(): PdfFonts {
  if (cached === null) {
    const require = createRequire(import.meta.url)
    const read = (spec: string) => new Uint8Array(readFileSync(require.resolve(spec)))
    const ranges = JSON.parse(
      readFileSync(require.resolve('@fontsource/source-sans-3/unicode.json'), 'utf8'),
    ) as Record<string, string>
    cached = {
      sans: read(FILES.sans),
      sansBold: read(FILES.sansBold),
      sansItalic: read(FILES.sansItalic),
      mono: read(FILES.mono),
      covers: coverage(ranges.latin),
    }
  }
  return cached
}

/** "U+0000-00FF,U+0131,..." -> membership test. */
function coverage(ranges: string): (codePoint: number) => boolean {
  const spans = ranges.split(',').map((r) => {
    const [lo, hi] = r.trim().replace(/^U\+/, '').split('-')
    return [Number.parseInt(lo, 16), Number.parseInt(hi ?? lo, 16)] as const
  })
  return (cp) => spans.some(([lo, hi]) => cp >= lo && cp <= hi)
}

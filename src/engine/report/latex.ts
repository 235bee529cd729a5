// Writing text and numbers into LaTeX source: escaping (names such as "tcp_migrate" or "50%"
// must not break a paper's build) and provenance comments.

import { type Provenance, provenanceLines } from './provenance'

const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '%': '\\%',
  _: '\\_',
  '^': '\\textasciicircum{}',
  '~': '\\textasciitilde{}',
  µ: '$\\mu$',
  μ: '$\\mu$',
  '×': '$\\times$',
  '±': '$\\pm$',
  '–': '--',
  '—': '---',
  '…': '\\ldots{}',
  '→': '$\\rightarrow$',
  '←': '$\\leftarrow$',
  '↔': '$\\leftrightarrow$',
  '≤': '$\\le$',
  '≥': '$\\ge$',
  '≈': '$\\approx$',
  '−': '$-$',
  '·': '$\\cdot$',
  Δ: '$\\Delta$',
  '●': '$\\bullet$',
  '○': '$\\circ$',
}

/**
 * Escapes text for LaTeX. Latin-1 letters pass through (pdflatex reads UTF-8 since 2018);
 * other characters without a LaTeX spelling here become "?" rather than a build error.
 */
export function escapeLatex(text: string): string {
  let out = ''
  for (const ch of text) {
    const special = SPECIAL[ch]
    if (special !== undefined) out += special
    else if (ch === '\n') out += ' '
    else if ((ch.codePointAt(0) ?? 0) <= 0xff) out += ch
    else out += '?'
  }
  return out
}

/** Provenance as LaTeX comment lines. */
export function latexProvenance(p: Provenance): string {
  return provenanceLines(p)
    .map((l) => `% ${l}`)
    .join('\n')
}

/** A number for data tables: at most 6 significant digits, no trailing zeros, no exponent below 1e21. */
export function plainNumber(x: number): string {
  return String(Number(x.toPrecision(6)))
}

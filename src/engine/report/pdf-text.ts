// Text for the embedded PDF fonts. The bundled fonts are Latin subsets; a character outside them
// would print as an empty box, so common symbols get their ASCII spelling and anything else the
// Unicode replacement character, which the fonts do have.

import { escapeXml } from './xml'

const FALLBACKS: Record<string, string> = {
  '→': '->',
  '←': '<-',
  '↔': '<->',
  '⇒': '=>',
  '≤': '<=',
  '≥': '>=',
  '≈': '~',
  '≠': '!=',
  '∞': 'inf',
  '∈': 'in',
  '√': 'sqrt',
  σ: 'sigma',
  Δ: 'Delta',
  μ: 'µ',
  '✓': 'yes',
  '●': '*',
  '◐': '(*)',
  '○': '-',
}

/** `markup`: the text is SVG source, so replacements are escaped ("<->" must not open a tag). */
export function pdfSafeText(text: string, covers: (codePoint: number) => boolean, markup = false): string {
  let out = ''
  for (const ch of text) {
    if (covers(ch.codePointAt(0)!)) out += ch
    else {
      const replacement = FALLBACKS[ch] ?? '\uFFFD'
      out += markup ? escapeXml(replacement) : replacement
    }
  }
  return out
}

// The intrusiveness matrix: the first question of every study ("how intrusive is each
// architecture to application programmers?") as a table of the architectures' static profiles
// (naming/profiles.ts): what must change, per part of the system, and whether an unmodified
// remote peer still works. LaTeX (booktabs, with a legend row for symbols and abbreviations),
// Markdown and HTML (the report's version, with the notes and rationales).

import { type ChangeLevel, DIMENSION_TITLES, INTRUSIVENESS_DIMENSIONS, PROFILES } from '../naming/profiles'
import { architectureLabel, architectureTitle } from './labels'
import { escapeLatex } from './latex'
import { escapeXml } from './xml'

/** Short column heads for a one-column table; the legend spells them out. */
const SHORT: Record<(typeof INTRUSIVENESS_DIMENSIONS)[number], string> = {
  application: 'App',
  socketApi: 'API',
  clusterKernel: 'Kernel',
  clusterInfrastructure: 'Infra',
  remoteStack: 'Peer stack',
  remoteApplication: 'Peer app',
}

const SYMBOL: Record<ChangeLevel, { text: string; latex: string; meaning: string }> = {
  yes: { text: '●', latex: '$\\bullet$', meaning: 'must change' },
  partial: { text: '◐', latex: '($\\bullet$)', meaning: 'changes in some configurations or only for an optimisation' },
  no: { text: '○', latex: '$\\circ$', meaning: 'unchanged' },
}

const LEGACY: Record<'yes' | 'partial' | 'no', string> = { yes: 'yes', partial: 'partly', no: 'no' }

function pairs<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += 2) out.push(items.slice(i, i + 2))
  return out
}

/** Architectures with a profile, in the given order; unknown ids are an error (no silent gaps). */
function profiled(architectures: readonly string[]): string[] {
  const unknown = architectures.filter((a) => !(a in PROFILES))
  if (unknown.length > 0) throw new Error(`intrusiveness matrix: no profile for ${unknown.join(', ')}`)
  return [...architectures]
}

export function intrusivenessLatex(architectures: readonly string[] = Object.keys(PROFILES)): string {
  const ids = profiled(architectures)
  const columns = INTRUSIVENESS_DIMENSIONS.length + 2
  const rows = ids.map((id) => {
    const p = PROFILES[id]
    const cells = INTRUSIVENESS_DIMENSIONS.map((d) => SYMBOL[p.changes[d].level].latex)
    return `${escapeLatex(architectureLabel(id))} & ${cells.join(' & ')} & ${LEGACY[p.legacyPeer.works]} \\\\`
  })
  // Legend rows short enough not to widen the table: one symbol, or two abbreviations, per row.
  const legendLines = [
    ...(['yes', 'partial', 'no'] as const).map((l) => `${SYMBOL[l].latex} ${escapeLatex(SYMBOL[l].meaning)}`),
    ...pairs(INTRUSIVENESS_DIMENSIONS.map((d) => escapeLatex(`${SHORT[d]}: ${DIMENSION_TITLES[d]}`))).map((p) =>
      p.join('; '),
    ),
  ].map((text) => `\\multicolumn{${columns}}{l}{\\footnotesize ${text}} \\\\`)
  return [
    '% MigLab intrusiveness matrix (static profiles of the naming architectures, naming/profiles.ts).',
    '% Needs \\usepackage{booktabs}.',
    `\\begin{tabular}{l${'c'.repeat(INTRUSIVENESS_DIMENSIONS.length)}c}`,
    '\\toprule',
    ` & \\multicolumn{${INTRUSIVENESS_DIMENSIONS.length}}{c}{Must change} & Legacy \\\\`,
    `\\cmidrule(lr){2-${INTRUSIVENESS_DIMENSIONS.length + 1}}`,
    `Architecture & ${INTRUSIVENESS_DIMENSIONS.map((d) => SHORT[d]).join(' & ')} & peer works \\\\`,
    '\\midrule',
    ...rows,
    '\\bottomrule',
    ...legendLines,
    '\\end{tabular}',
    '',
  ].join('\n')
}

export function intrusivenessMarkdown(architectures: readonly string[] = Object.keys(PROFILES)): string {
  const ids = profiled(architectures)
  const head = ['Architecture', ...INTRUSIVENESS_DIMENSIONS.map((d) => DIMENSION_TITLES[d]), 'Legacy peer works']
  const rows = ids.map((id) => {
    const p = PROFILES[id]
    return [
      architectureTitle(id),
      ...INTRUSIVENESS_DIMENSIONS.map((d) => SYMBOL[p.changes[d].level].text),
      LEGACY[p.legacyPeer.works],
    ]
  })
  return [
    `| ${head.join(' | ')} |`,
    `| :-- | ${head
      .slice(1)
      .map(() => ':-:')
      .join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    (['yes', 'partial', 'no'] as const).map((l) => `${SYMBOL[l].text} ${SYMBOL[l].meaning}`).join(' · '),
    '',
  ].join('\n')
}

/** The report's matrix: symbols with the profile's notes as footnote text, and each rationale. */
export function intrusivenessHtml(architectures: readonly string[] = Object.keys(PROFILES)): string {
  const ids = profiled(architectures)
  const head = INTRUSIVENESS_DIMENSIONS.map((d) => `<th>${escapeXml(DIMENSION_TITLES[d])}</th>`).join('')
  const rows = ids.map((id) => {
    const p = PROFILES[id]
    const cells = INTRUSIVENESS_DIMENSIONS.map((d) => {
      const c = p.changes[d]
      const note = c.note ? `<div class="note">${escapeXml(c.note)}</div>` : ''
      return `<td class="level-${c.level}" title="${escapeXml(SYMBOL[c.level].meaning)}">${SYMBOL[c.level].text}${note}</td>`
    }).join('')
    const legacyNote = p.legacyPeer.note ? `<div class="note">${escapeXml(p.legacyPeer.note)}</div>` : ''
    return `<tr><th scope="row">${escapeXml(architectureTitle(id))}</th>${cells}<td>${LEGACY[p.legacyPeer.works]}${legacyNote}</td></tr>`
  })
  const rationales = ids
    .map((id) => `<dt>${escapeXml(architectureTitle(id))}</dt><dd>${escapeXml(PROFILES[id].rationale)}</dd>`)
    .join('\n')
  const legend = (['yes', 'partial', 'no'] as const)
    .map((l) => `${SYMBOL[l].text} ${escapeXml(SYMBOL[l].meaning)}`)
    .join(' · ')
  return [
    `<table class="matrix"><thead><tr><th>Architecture</th>${head}<th>Legacy peer works</th></tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table>`,
    `<p class="legend">${legend}</p>`,
    `<dl class="rationales">${rationales}</dl>`,
  ].join('\n')
}

/** Rows of the matrix as plain data (the PDF report draws them with PDFKit's table). */
export function intrusivenessRows(architectures: readonly string[] = Object.keys(PROFILES)): {
  head: string[]
  rows: string[][]
  legend: string
  rationales: [string, string][]
} {
  const ids = profiled(architectures)
  return {
    head: ['Architecture', ...INTRUSIVENESS_DIMENSIONS.map((d) => DIMENSION_TITLES[d]), 'Legacy peer works'],
    rows: ids.map((id) => {
      const p = PROFILES[id]
      return [
        architectureTitle(id),
        ...INTRUSIVENESS_DIMENSIONS.map((d) => p.changes[d].level),
        LEGACY[p.legacyPeer.works],
      ]
    }),
    legend: 'yes: must change; partial: changes in some configurations or only for an optimisation; no: unchanged.',
    rationales: ids.map((id) => [architectureTitle(id), PROFILES[id].rationale]),
  }
}

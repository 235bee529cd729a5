// Renderings of the results table. LaTeX: booktabs rules, the mean and its ± half-width in two
// columns each (r@{ $\pm$ }l) so numbers align on their decimal point without siunitx, units
// in the headers, the best mean per column and sweep point in bold, provenance as comments.
// Markdown: the same cells as "12.3 ± 0.4". CSV: one column each for mean, CI low, CI high and n
// with units in the header, numbers unrounded, provenance as leading "#" comment lines.

import { escapeLatex, latexProvenance, plainNumber } from './latex'
import { provenanceLines } from './provenance'
import { cellText, fixed, hasInterval, type ResultsTable, resultsLegend, rowLabels } from './results-table'

export function resultsLatex(table: ResultsTable): string {
  const lead = table.swept ? ['Point', 'Architecture', 'Mechanism'] : ['Architecture', 'Mechanism']
  const spec = `${'l'.repeat(lead.length)}${table.columns.map(() => 'r@{\\,$\\pm$\\,}l').join('')}`
  const header = [...lead, ...table.columns.map((c) => `\\multicolumn{2}{c}{${escapeLatex(c.header)}}`)].join(' & ')
  const body: string[] = []
  let lastPoint = -1
  for (const row of table.rows) {
    if (table.swept && lastPoint !== -1 && row.pointIndex !== lastPoint) body.push('\\midrule')
    const labels = rowLabels(row)
    const leadCells = [
      ...(table.swept ? [row.pointIndex === lastPoint ? '' : escapeLatex(row.point)] : []),
      escapeLatex(labels.architecture),
      escapeLatex(labels.mechanism),
    ]
    lastPoint = row.pointIndex
    const cells = row.cells.map((cell, i) => {
      if (cell === null) return '\\multicolumn{2}{c}{--}'
      const d = table.columns[i].decimals
      const bold = (s: string) => (cell.best ? `\\textbf{${s}}` : s)
      // A single replication: the mean alone, with the ± of the column spec blanked out.
      if (!hasInterval(cell)) return `\\multicolumn{1}{r@{\\,\\phantom{$\\pm$}\\,}}{${bold(fixed(cell.mean, d))}} & `
      return `${bold(fixed(cell.mean, d))} & ${bold(fixed(cell.halfWidth, d))}`
    })
    body.push(`${[...leadCells, ...cells].join(' & ')} \\\\`)
  }
  return [
    `% MigLab results table: ${table.title}`,
    latexProvenance(table.provenance),
    '% Needs \\usepackage{booktabs}. Cells: mean \\pm half-width of the 95 % confidence interval (Student t);',
    '% bold: best mean of the column at each sweep point.',
    `\\begin{tabular}{${spec}}`,
    '\\toprule',
    `${header} \\\\`,
    '\\midrule',
    ...body,
    '\\bottomrule',
    `\\multicolumn{${lead.length + 2 * table.columns.length}}{l}{\\footnotesize ${escapeLatex(resultsLegend(table))}}`,
    '\\end{tabular}',
    '',
  ].join('\n')
}

function markdownEscape(text: string): string {
  return text.replace(/\|/g, '\\|')
}

export function resultsMarkdown(table: ResultsTable): string {
  const lead = table.swept ? ['Point', 'Architecture', 'Mechanism'] : ['Architecture', 'Mechanism']
  const header = [...lead, ...table.columns.map((c) => c.header)].map(markdownEscape)
  const align = [...lead.map(() => ':--'), ...table.columns.map(() => '--:')]
  const rows = table.rows.map((row) => {
    const labels = rowLabels(row)
    const cells = row.cells.map((cell, i) => {
      if (cell === null) return '–'
      const d = table.columns[i].decimals
      const text = cellText(cell, d)
      return cell.best ? `**${text}**` : text
    })
    return [...(table.swept ? [row.point] : []), labels.architecture, labels.mechanism, ...cells].map(markdownEscape)
  })
  return [
    ...provenanceLines(table.provenance).map((l) => `<!-- ${l.replace(/--/g, '—')} -->`),
    `| ${header.join(' | ')} |`,
    `| ${align.join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    resultsLegend(table),
    '',
  ].join('\n')
}

function csvField(text: string): string {
  return /[",\n#]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function resultsCsv(table: ResultsTable): string {
  const header = [
    ...(table.swept ? ['point_index', 'point'] : []),
    'architecture',
    'mechanism',
    ...table.columns.flatMap((c) => {
      const u = c.unit.symbol ? ` (${c.unit.symbol})` : ''
      return [
        `${c.metric.name} mean${u}`,
        `${c.metric.name} ci_low${u}`,
        `${c.metric.name} ci_high${u}`,
        `${c.metric.name} n`,
      ]
    }),
  ]
  const rows = table.rows.map((row) => [
    ...(table.swept ? [String(row.pointIndex), row.point] : []),
    row.architecture,
    row.mechanism,
    ...row.cells.flatMap((cell) =>
      cell === null
        ? ['', '', '', '']
        : [
            plainNumber(cell.mean),
            plainNumber(cell.mean - cell.halfWidth),
            plainNumber(cell.mean + cell.halfWidth),
            String(cell.n),
          ],
    ),
  ])
  return [
    ...provenanceLines(table.provenance).map((l) => `# ${l}`),
    header.map(csvField).join(','),
    ...rows.map((r) => r.map(csvField).join(',')),
    '',
  ].join('\n')
}

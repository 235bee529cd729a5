// The study report as one self-contained HTML document: scenario summary, topology picture,
// figures (inline SVG), the results table, the intrusiveness matrix with rationales, and the
// scenario's source. No scripts, no external resources: it opens anywhere and can be mailed.

import type { FigureModel } from './figure-model'
import { intrusivenessHtml } from './intrusiveness'
import { type Provenance, provenanceLines } from './provenance'
import type { ResultsTable } from './results-table'
import { cellText, resultsLegend, rowLabels } from './results-table'
import type { ScenarioSummary } from './scenario-summary'
import { escapeXml } from './xml'

export interface ReportContent {
  title: string
  summary: ScenarioSummary
  topology: string | null
  figures: { model: FigureModel; svg: string }[]
  results: ResultsTable
  architectures: string[]
  specJson: string | null
  source: string | null
  provenance: Provenance
}

const CSS = `
body { font-family: 'Source Sans 3', 'Helvetica Neue', Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 1px solid #ccc; }
figure { margin: 1.5rem 0; } figure svg { width: 100%; height: auto; max-width: 42rem; display: block; }
figcaption { font-size: 0.9rem; color: #444; margin-top: 0.4rem; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 1rem 0; } th, td { padding: 0.25rem 0.6rem; vertical-align: top; }
thead th { border-bottom: 1.5px solid #222; text-align: left; } tbody tr:last-child td, tbody tr:last-child th { border-bottom: 1.5px solid #222; }
table.results td { text-align: right; font-variant-numeric: tabular-nums; } table.results td.label { text-align: left; }
table.matrix td { text-align: center; font-size: 1rem; } table.matrix .note { font-size: 0.75rem; color: #555; max-width: 10rem; }
.best { font-weight: bold; } .legend, .provenance { font-size: 0.85rem; color: #444; }
dl.summary dt { font-weight: bold; float: left; clear: left; width: 11rem; } dl.summary dd { margin-left: 12rem; }
dl.rationales dt { font-weight: bold; margin-top: 0.6rem; }
pre { background: #f6f6f6; padding: 0.8rem; overflow-x: auto; font-size: 0.8rem; }
`

function resultsHtml(table: ResultsTable): string {
  const head = [...(table.swept ? ['Point'] : []), 'Architecture', 'Mechanism', ...table.columns.map((c) => c.header)]
  const rows = table.rows.map((row) => {
    const labels = rowLabels(row)
    const lead = [...(table.swept ? [row.point] : []), labels.architecture, labels.mechanism]
      .map((t) => `<td class="label">${escapeXml(t)}</td>`)
      .join('')
    const cells = row.cells
      .map((cell, i) => {
        if (cell === null) return '<td>–</td>'
        const d = table.columns[i].decimals
        return `<td${cell.best ? ' class="best"' : ''}>${cellText(cell, d)}</td>`
      })
      .join('')
    return `<tr>${lead}${cells}</tr>`
  })
  return [
    `<table class="results"><thead><tr>${head.map((h) => `<th>${escapeXml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody></table>`,
    `<p class="legend">${escapeXml(resultsLegend(table))}</p>`,
  ].join('\n')
}

export function reportHtml(c: ReportContent): string {
  const summary = c.summary.items.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('\n')
  const figures = c.figures
    .map(
      (f, i) =>
        `<figure id="${escapeXml(f.model.id)}">${f.svg.replace(/^<\?xml[^>]*>\s*/, '')}<figcaption><b>Figure ${i + 1}.</b> ${escapeXml(f.model.caption)}</figcaption></figure>`,
    )
    .join('\n')
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeXml(c.title)}</title>`,
    `<meta name="generator" content="MigLab ${escapeXml(c.provenance.engineVersion)}">`,
    `<meta name="description" content="${escapeXml(provenanceLines(c.provenance).join(' | '))}">`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeXml(c.title)}</h1>`,
    `<p>${escapeXml(c.summary.description)}</p>`,
    `<div class="provenance"><b>Provenance.</b> ${provenanceLines(c.provenance).map(escapeXml).join('<br>')}</div>`,
    '<h2>Scenario</h2>',
    `<dl class="summary">${summary}</dl>`,
    c.topology ? `<figure>${c.topology}<figcaption>Topology of the study.</figcaption></figure>` : '',
    '<h2>Efficiency: figures</h2>',
    figures || '<p>No figure could be drawn from these results.</p>',
    '<h2>Efficiency: results</h2>',
    resultsHtml(c.results),
    '<h2>Intrusiveness</h2>',
    '<p>What must change for each architecture to keep a migrating process reachable, and whether an unmodified remote peer still works.</p>',
    intrusivenessHtml(c.architectures),
    c.specJson || c.source ? '<h2>Scenario source</h2>' : '',
    c.source ? `<h3>scenario.ts</h3><pre>${escapeXml(c.source)}</pre>` : '',
    c.specJson ? `<h3>Compiled scenario spec (JSON)</h3><pre>${escapeXml(c.specJson)}</pre>` : '',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

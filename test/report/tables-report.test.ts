import { describe, expect, test } from 'vitest'
import { exportTable, writeReport } from '../../src/engine/report/export'
import { resultsTable } from '../../src/engine/report/results-table'
import { study, studyRuns, studySpec, studyTable } from './fixtures'
import { inkPerPage, tempDir, wellFormed } from './render-check'

const s = study()

describe('tables', () => {
  test('results: best mean per column and point is marked, units in headers, CI half-widths', () => {
    const t = resultsTable(s, { metrics: ['migration.freeze.mean', 'connection.outage.mean'] })
    expect(t.columns.map((c) => c.header)).toEqual(['Freeze, mean (ms)', 'Communication outage, mean (s)'])
    for (const point of [0, 1]) {
      const rows = t.rows.filter((r) => r.pointIndex === point)
      const best = rows.filter((r) => r.cells[1]?.best)
      expect(best.map((r) => [r.architecture, r.mechanism])).toEqual([['tcp-migrate', 'pre-copy']])
      expect(rows.filter((r) => r.cells[0]?.best).every((r) => r.mechanism === 'pre-copy')).toBe(true)
    }
    expect(t.rows).toHaveLength(12)
  })

  test('CSV starts with # provenance lines, then a header with units, then unrounded numbers', () => {
    const csv = exportTable(s, 'results', 'csv').data as string
    const lines = csv.trim().split('\n')
    const comments = lines.filter((l) => l.startsWith('#'))
    expect(lines.slice(0, comments.length).every((l) => l.startsWith('# '))).toBe(true)
    expect(comments.join('\n')).toContain(s.table.specHash)
    expect(comments.join('\n')).toContain('run-none-eager-all-p0-r0')
    const header = lines[comments.length].split(',')
    expect(header).toContain('migration.freeze.mean mean (ms)')
    expect(lines.length - comments.length - 1).toBe(12)
  })

  test('LaTeX and Markdown agree on the printed digits', () => {
    const tex = exportTable(s, 'results', 'latex', { metrics: ['migration.freeze.mean'] }).data as string
    const md = exportTable(s, 'results', 'markdown', { metrics: ['migration.freeze.mean'] }).data as string
    const texCells = [...tex.matchAll(/(?:\\textbf\{)?([\d.]+)\}? & (?:\\textbf\{)?([\d.]+)\}? \\\\/g)].map(
      (m) => `${m[1]} ± ${m[2]}`,
    )
    const mdCells = [...md.matchAll(/\| \**([\d.]+ ± [\d.]+)\** \|/g)].map((m) => m[1])
    expect(texCells).toHaveLength(12)
    expect(texCells).toEqual(mdCells)
    expect(tex).toMatch(/^% MigLab results table/)
    expect(tex).toContain('% scenario hash:')
  })

  test('one replication: means without a made-up ± 0, and the legend says why', () => {
    const runs = studyRuns().filter((r) => r.job.replication === 0)
    const single = { spec: studySpec(), runs, table: studyTable(runs) }
    const t = resultsTable(single, { metrics: ['migration.freeze.mean'] })
    expect(t.rows.every((r) => r.cells[0]?.n === 1)).toBe(true)
    const md = exportTable(single, 'results', 'markdown', { metrics: ['migration.freeze.mean'] }).data as string
    expect(md).not.toContain('±  ')
    expect([...md.matchAll(/\| \**[\d.]+\** \|$/gm)]).toHaveLength(12)
    expect(md).toContain('A value without ± comes from a single replication.')
    const tex = exportTable(single, 'results', 'latex', { metrics: ['migration.freeze.mean'] }).data as string
    expect([...tex.matchAll(/\\multicolumn\{1\}\{r@\{\\,\\phantom\{\$\\pm\$\}\\,\}\}/g)]).toHaveLength(12)
    // With two replications every cell has its interval, and the legend no note.
    const both = exportTable(s, 'results', 'markdown', { metrics: ['migration.freeze.mean'] }).data as string
    expect(both).not.toContain('single replication')
  })

  test('intrusiveness matrix: LaTeX with legend, Markdown and HTML for the study’s architectures', () => {
    const tex = exportTable(s, 'intrusiveness', 'latex').data as string
    expect(tex).toContain('TCP Migrate')
    expect(tex).toContain('$\\bullet$ must change')
    expect(tex).not.toContain('Sprite')
    const html = exportTable(s, 'intrusiveness', 'html').data as string
    expect(wellFormed(`<div>${html}</div>`)).toBeNull()
    expect(html).toContain('home agent')
    expect(exportTable(s, 'intrusiveness', 'markdown').data).toContain('| Mobile IPv4 |')
  })
})

describe('study report', () => {
  test('HTML is self-contained and PDF pages all render with ink; both carry provenance', async () => {
    const { html, pdf } = await writeReport({ ...s, source: 'export default study({ name: "sprite-eviction" })' })
    const page = html.data as string
    expect(page).toMatch(/^<!DOCTYPE html>/)
    expect(page).not.toMatch(/<script|src="http|href="http/)
    expect(page.match(/<svg /g)?.length).toBe(6) // topology + five figures
    // Figure ids are per figure, so inline SVGs do not share clip-path ids.
    const ids = [...page.matchAll(/ id="([^"]+)"/g)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
    expect(page).toContain(s.table.specHash)
    expect(page).toContain('sprite-eviction')
    const bytes = pdf.data as Uint8Array
    const ink = await inkPerPage(bytes, tempDir('report'))
    expect(ink.length).toBeGreaterThanOrEqual(4)
    for (const [i, v] of ink.entries()) expect(v, `page ${i + 1}`).toBeGreaterThan(0.005)
    expect(Buffer.from(bytes).toString('latin1')).toContain('SourceCodePro')
  })
})

// The .tex artefacts compile with a real LaTeX installation: every figure standalone (in both
// paper styles), the same figures \input into a two-column paper, and the tables in a minimal
// document. pdflatex runs two at a time (the machine has two cores).

import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { exportFigure, exportTable } from '../../src/engine/report/export'
import type { FigureRequest } from '../../src/engine/report/figure-requests'
import { study, studyRuns, studySpec, studyTable } from './fixtures'
import { inkPerPage, pageSize, pdflatex, tempDir } from './render-check'

const s = study()
const REQUESTS: FigureRequest[] = [
  { kind: 'outage-freeze' },
  { kind: 'overhead-stacked' },
  { kind: 'metric-vs-parameter', metric: 'connection.outage.mean' },
  { kind: 'cdf', metric: 'interactive.echo' },
  { kind: 'timeline' },
  { kind: 'metric-bars', metrics: ['migration.total.mean', 'migration.bytes.total'] },
  { kind: 'paired-difference', metric: 'connection.outage.mean' },
]

async function twoAtATime<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(jobs.length)
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++
      results[i] = await jobs[i]()
    }
  }
  await Promise.all([worker(), worker()])
  return results
}

describe('LaTeX', () => {
  test('every figure compiles standalone to a page of its own size, with ink on it', async () => {
    const dir = tempDir('tex-figures')
    const jobs = (['single-column', 'double-column'] as const).flatMap((style) =>
      REQUESTS.map((r) => async () => {
        const tex = (await exportFigure(s, r, 'pgfplots', style)).data as string
        expect(tex).toContain(`% scenario hash: ${s.table.specHash}`)
        expect(tex).toMatch(/\\addplot\[[^\]]*\] (table|coordinates)/)
        const pdf = await pdflatex(dir, `${r.kind}-${style}`, tex)
        const scratch = tempDir('page')
        return {
          kind: r.kind,
          style,
          width: (await pageSize(pdf, scratch)).width,
          ink: (await inkPerPage(pdf, scratch))[0],
        }
      }),
    )
    const pages = await twoAtATime(jobs)
    for (const p of pages) {
      // The page is the figure: its width is the paper style's (legends may stick out a little).
      expect(p.width, `${p.kind} ${p.style}`).toBeGreaterThan(p.style === 'single-column' ? 245 : 505)
      expect(p.width, `${p.kind} ${p.style}`).toBeLessThan(p.style === 'single-column' ? 275 : 540)
      expect(p.ink, `${p.kind} ${p.style}`).toBeGreaterThan(0.01)
    }
  })

  test('figures \\input into a two-column paper and tables in it compile', async () => {
    const dir = tempDir('tex-paper')
    for (const r of [REQUESTS[0], REQUESTS[3]]) {
      const a = await exportFigure(s, r, 'pgfplots')
      writeFileSync(join(dir, a.filename), a.data)
    }
    const results = exportTable(s, 'results', 'latex')
    const matrix = exportTable(s, 'intrusiveness', 'latex')
    writeFileSync(join(dir, 'results.tex'), results.data)
    writeFileSync(join(dir, 'intrusiveness.tex'), matrix.data)
    const paper = String.raw`\documentclass[twocolumn,10pt]{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{booktabs}
\usepackage{pgfplots}
\pgfplotsset{compat=1.16}
\begin{document}
Body text of the paper.
\begin{figure}\centering\input{outage-freeze-p0.tex}\caption{Outage and freeze.}\end{figure}
\begin{figure}\centering\input{cdf-interactive-echo-p0.tex}\caption{Echo latency.}\end{figure}
\begin{table*}\centering\small\input{results.tex}\caption{Results.}\end{table*}
\begin{table}\centering\footnotesize\input{intrusiveness.tex}\caption{Intrusiveness.}\end{table}
More text after the floats.
\end{document}
`
    const pdf = await pdflatex(dir, 'paper', paper)
    const ink = await inkPerPage(pdf, dir)
    expect(ink.length).toBeGreaterThanOrEqual(1)
    expect(Math.max(...ink)).toBeGreaterThan(0.02)
    expect(results.data).toContain('\\toprule')
    expect(results.data).toContain('\\textbf{')
  })

  test('a table of single replications (means without ±) compiles in a paper', async () => {
    const dir = tempDir('tex-single')
    const runs = studyRuns().filter((r) => r.job.replication === 0)
    const table = exportTable({ spec: studySpec(), runs, table: studyTable(runs) }, 'results', 'latex')
    writeFileSync(join(dir, 'results.tex'), table.data)
    const paper = String.raw`\documentclass{article}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\usepackage{booktabs}
\begin{document}
\begin{table}\centering\scriptsize\input{results.tex}\caption{Single replications.}\end{table}
\end{document}
`
    const pdf = await pdflatex(dir, 'single', paper)
    expect(Math.max(...(await inkPerPage(pdf, dir)))).toBeGreaterThan(0.01)
  })
})

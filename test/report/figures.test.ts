import { describe, expect, test } from 'vitest'
import { exportFigure } from '../../src/engine/report/export'
import type { FigureRequest } from '../../src/engine/report/figure-requests'
import { standardFigureRequests } from '../../src/engine/report/figure-requests'
import { decomposeOutage } from '../../src/engine/report/outage-decomposition'
import { study } from './fixtures'
import { inkPerPage, tempDir, wellFormed } from './render-check'

const s = study()
const REQUESTS: FigureRequest[] = [
  { kind: 'outage-freeze', point: 1 },
  { kind: 'overhead-stacked' },
  { kind: 'metric-vs-parameter', metric: 'connection.outage.mean' },
  { kind: 'cdf', metric: 'interactive.echo' },
  { kind: 'timeline', run: 'run-mobile-ipv4-pre-copy-p1-r0' },
  { kind: 'metric-bars', metrics: ['migration.total.mean', 'migration.bytes.total'], point: 1 },
  { kind: 'paired-difference', metric: 'connection.outage.mean' },
]

describe('figures', () => {
  test('the standard set of the study covers every figure kind', () => {
    expect(standardFigureRequests(s).map((r) => r.kind)).toEqual([
      'outage-freeze',
      'overhead-stacked',
      'metric-vs-parameter',
      'cdf',
      'timeline',
    ])
    const withoutSpecList = { ...s, spec: { ...s.spec, figures: [] } }
    expect(standardFigureRequests(withoutSpecList).filter((r) => r.kind === 'outage-freeze')).toHaveLength(2)
  })

  test.each(REQUESTS)(
    '$kind: SVG is well-formed, deterministic, sized in points and carries provenance',
    async (request) => {
      const a = await exportFigure(s, request, 'svg')
      const b = await exportFigure(s, request, 'svg', 'single-column')
      const svg = a.data as string
      expect(svg).toBe(b.data)
      expect(wellFormed(svg)).toBeNull()
      expect(svg).toMatch(/^<svg width="252pt" height="\d+(\.\d+)?pt"/)
      expect(svg).toContain('<metadata><miglab:provenance xmlns:miglab="urn:miglab:provenance:1">')
      expect(svg).toContain(s.table.specHash)
      expect(svg).toContain('engine 0.1.0')
      // zrender's per-instance ids and hover classes are gone; ids derive from the figure id.
      expect(svg).not.toMatch(/zr\d+-|class="|ecmeta_/)
      expect(svg).toContain('<text')
    },
  )

  test.each(REQUESTS)(
    '$kind: PDF has the figure size, embeds the font, carries provenance and is not blank',
    async (request) => {
      const dir = tempDir('figure-pdf')
      const pdf = (await exportFigure(s, request, 'pdf', 'double-column')).data as Uint8Array
      const again = (await exportFigure(s, request, 'pdf', 'double-column')).data as Uint8Array
      expect(Buffer.from(pdf).equals(Buffer.from(again))).toBe(true)
      const text = Buffer.from(pdf).toString('latin1')
      expect(text.startsWith('%PDF-')).toBe(true)
      expect(text).toMatch(/\/MediaBox \[0 0 516 /)
      expect(text).toContain('SourceSans3')
      expect(text).toContain('/Keywords')
      const ink = await inkPerPage(pdf, dir)
      expect(ink).toHaveLength(1)
      // Axes, bars and text cover a few percent of the page; an empty or failed render covers ~0.
      expect(ink[0]).toBeGreaterThan(0.01)
      expect(ink[0]).toBeLessThan(0.6)
    },
  )

  test('a figure of results without the metric says which metrics exist', async () => {
    await expect(exportFigure(s, { kind: 'outage-freeze', metric: 'connection.nonsense' }, 'svg')).rejects.toThrow(
      /no metric "connection.nonsense"; it has: .*migration.freeze.mean/,
    )
  })
})

describe('outage decomposition', () => {
  test('freeze + naming update + transport recovery = the connection outage', () => {
    for (const run of s.runs.filter((r) => r.job.architecture !== 'none')) {
      const m = run.migrations[0]
      const d = decomposeOutage(run, m, m.connections[0])!
      expect(d.freeze + d.namingUpdate + d.transportRecovery).toBe(d.total)
      expect(d.total).toBe(Math.max(m.connections[0].outageIn!, m.connections[0].outageOut!))
      expect(d.freeze).toBe(m.freeze)
    }
  })

  test('naming update ends at the last signal of this move, not at another process’s signalling', () => {
    const run = s.runs.find((r) => r.key === 'run-mobile-ipv4-eager-all-p0-r0')!
    const m = run.migrations[0]
    const d = decomposeOutage(run, m, m.connections[0])!
    // The home-agent registration's last message is 0.6 ms after resume; the fixture's "editor"
    // lane signals 5 ms after resume and must be ignored.
    expect(d.namingUpdate).toBe(600_000)
    expect(d.transportRecovery).toBeGreaterThan(800_000_000)
  })

  test('a broken connection has no decomposition', () => {
    const run = s.runs.find((r) => r.job.architecture === 'none')!
    expect(decomposeOutage(run, run.migrations[0], run.migrations[0].connections[0])).toBeNull()
  })
})

// The app's Export and the command line give the same bytes: a study swept by the built CLI (into a
// store that also holds a run of an earlier version of the study), then `miglab report --out` and
// the lab service's export (what the Export buttons call) of the same figures and tables, compared
// byte for byte. And what a result view draws (LabApi.figure) is the
// model those exports render.

import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SINGLE_COLUMN } from '../../src/engine/report'
import { figureSvg } from '../../src/engine/report/svg'
import type { ExportRequest } from '../../src/service/api'
import { interactiveSpec } from '../sim/fixtures'
import { type BuiltCli, builtCli } from './built-cli'
import { type LabFixture, labFixture, rejection } from './lab-fixture'

let built: BuiltCli
let fx: LabFixture
let project: string
let cliOut: string
let base: string

const miglab = (...args: string[]) => spawnSync('node', [built.cli, ...args], { encoding: 'utf8' })

beforeAll(async () => {
  built = await builtCli()
  base = mkdtempSync(join(tmpdir(), 'miglab-parity-'))
  project = join(base, 'study')
  mkdirSync(project)
  const spec = interactiveSpec({
    duration: '14s',
    migrations: [{ process: 'shell', to: 'ws2', at: '5s' }],
    compare: {
      architectures: ['none', 'mobile-ipv4'],
      mechanisms: ['eager-all', 'pre-copy'],
      baseline: { architecture: 'none', mechanism: 'eager-all' },
    },
    replications: { count: 2 },
  })
  // An earlier version of the study leaves a run in the store: neither side may mix it in.
  const earlier = interactiveSpec({ duration: '14s', migrations: [{ process: 'shell', to: 'ws3', at: '5s' }] })
  writeFileSync(join(base, 'earlier.json'), JSON.stringify(earlier))
  const first = miglab('sweep', join(base, 'earlier.json'), '--out', join(project, 'results'), '--quiet')
  expect(first.status, first.stderr).toBe(0)
  writeFileSync(join(base, 'study.json'), JSON.stringify(spec))
  const sweep = miglab(
    'sweep',
    join(base, 'study.json'),
    '--out',
    join(project, 'results'),
    '--workers',
    '2',
    '--quiet',
  )
  expect(sweep.status, sweep.stderr).toBe(0)
  cliOut = join(base, 'report')
  const report = miglab('report', join(project, 'results'), '--out', cliOut, '--format', 'svg,pdf,tex,md,csv')
  expect(report.status, report.stderr).toBe(0)
  fx = labFixture({ workers: { scenario: built.scenarioWorker, run: built.runWorker } })
}, 240_000)

afterAll(async () => {
  await fx?.cleanup()
  if (base) rmSync(base, { recursive: true, force: true })
})

/** The file the CLI wrote, and the service's export, as bytes. */
async function both(what: ExportRequest['what'], format: ExportRequest['format']) {
  const a = await fx.service.export({ project, what, format })
  const app = a.base64 !== undefined ? Buffer.from(a.base64, 'base64') : Buffer.from(a.text ?? '', 'utf8')
  return { filename: a.filename, app, cli: readFileSync(join(cliOut, a.filename)) }
}

describe('the app’s Export and `miglab report` write the same bytes', () => {
  const figures: ExportRequest['what'][] = [
    { kind: 'figure', figure: 'outage-freeze', point: 0 },
    { kind: 'figure', figure: 'overhead-stacked' },
    { kind: 'figure', figure: 'metric-bars', metrics: ['migration.control.messages', 'migration.control.bytes'] },
    {
      kind: 'figure',
      figure: 'metric-bars',
      metrics: ['residual.dependencies', 'residual.permanent', 'residual.duration.mean'],
    },
    { kind: 'figure', figure: 'paired-difference', metrics: ['connection.outage.mean'], point: 0 },
  ]
  for (const what of figures) {
    const label = what.kind === 'figure' ? `${what.figure} ${what.metrics?.join(',') ?? ''}` : ''
    it(`${label}: SVG, PDF and PGFPlots`, async () => {
      for (const format of ['svg', 'pdf', 'tex'] as const) {
        const { filename, app, cli } = await both(what, format)
        expect(app.length, filename).toBeGreaterThan(500)
        expect(app.equals(cli), `${filename} differs between the app and the CLI`).toBe(true)
      }
    })
  }

  it('tables: results as LaTeX, Markdown and CSV; the intrusiveness matrix as LaTeX and Markdown', async () => {
    for (const format of ['tex', 'md', 'csv'] as const) {
      const { filename, app, cli } = await both({ kind: 'table', table: 'metrics' }, format)
      expect(app.equals(cli), `${filename} differs`).toBe(true)
    }
    for (const format of ['tex', 'md'] as const) {
      const { filename, app, cli } = await both({ kind: 'table', table: 'intrusiveness' }, format)
      expect(filename).toMatch(/^intrusiveness\./)
      expect(app.equals(cli), `${filename} differs`).toBe(true)
    }
  })
})

describe('what a result view draws', () => {
  it('is the figure model the export renders, with the runs behind every bar', async () => {
    const query = { figure: 'metric-bars' as const, metrics: ['connection.outage.mean'], point: 0 }
    const model = await fx.service.figure(project, query)
    expect(model.kind).toBe('metric-bars')
    const svg = await fx.service.export({ project, what: { kind: 'figure', ...query }, format: 'svg' })
    expect(svg.filename).toBe(`${model.id}.svg`)
    expect(figureSvg(model, SINGLE_COLUMN)).toBe(svg.text)
    const panel = model.panels[0]
    if (panel.type !== 'bars') throw new Error('expected bars')
    expect(panel.categories).toEqual(['None', 'MIPv4'])
    expect(panel.select?.categories[1]).toEqual({ architecture: 'mobile-ipv4', pointIndex: 0 })
    expect(panel.select?.series[1]).toEqual({ mechanism: 'pre-copy' })
    expect(panel.series[1].values[1]?.n).toBe(2)
  })

  it('a paired difference against a baseline the user chose', async () => {
    const model = await fx.service.figure(project, {
      figure: 'paired-difference',
      metric: 'connection.outage.mean',
      baseline: { architecture: 'mobile-ipv4', mechanism: 'pre-copy' },
    })
    expect(model.title).toBe('Difference from MIPv4, Pre-copy')
  })

  it('says what the results lack, and that a project without results must be run first', async () => {
    const wrong = await rejection(fx.service.figure(project, { figure: 'metric-bars', metric: 'bsp.slowdown' }))
    expect(wrong.name).toBe('BadRequest')
    expect(wrong.message).toMatch(/cannot draw this metric-bars figure: .*no metric "bsp.slowdown"; it has: /)
    const empty = join(base, 'empty')
    mkdirSync(empty)
    const none = await rejection(fx.service.figure(empty, { figure: 'outage-freeze' }))
    expect(none.name).toBe('NotFound')
    expect(none.message).toContain('has no results yet: run the comparison first')
    expect(await fx.service.resultsTable(empty)).toBeNull()
  })

  it('the results table: a row per configuration with means, intervals and replications', async () => {
    const table = await fx.service.resultsTable(project)
    expect(table?.rows.map((r) => `${r.architecture}/${r.mechanism}`)).toEqual([
      'none/eager-all',
      'none/pre-copy',
      'mobile-ipv4/eager-all',
      'mobile-ipv4/pre-copy',
    ])
    expect(table?.rows[0].cells.find((c) => c !== null)?.n).toBe(2)
  })
})

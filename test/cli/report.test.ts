// `miglab report`, `bundle` and `reproduce` on a real sweep: the report's files, a bundle that
// reproduces every number, and a tampered bundle whose differences are named.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CLI, ensureBuilt } from '../run/helpers'
import { interactiveSpec } from '../sim/fixtures'

const miglab = (...args: string[]) => spawnSync('node', [CLI, ...args], { encoding: 'utf8' })

let dir: string
let results: string

beforeAll(() => {
  ensureBuilt()
  dir = mkdtempSync(join(tmpdir(), 'miglab-report-'))
  const spec = interactiveSpec({
    duration: '12s',
    migrations: [{ process: 'shell', to: 'ws2', at: '4s' }],
    compare: { architectures: ['none'], mechanisms: ['eager-all', 'copy-on-reference'] },
    replications: { count: 2 },
  })
  writeFileSync(join(dir, 'study.json'), JSON.stringify(spec))
  results = join(dir, 'results')
  const r = miglab('sweep', join(dir, 'study.json'), '--out', results, '--workers', '2', '--quiet')
  expect(r.status, r.stderr).toBe(0)
}, 120_000)

describe('miglab report', () => {
  it('prints a Markdown table of metrics per architecture and mechanism, with provenance', () => {
    const r = miglab('report', results)
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/<!-- scenario hash: [0-9a-f]{64} -->/)
    expect(r.stdout).toMatch(/\| None \| Eager \(all\) \|/)
    expect(r.stdout).toMatch(/\| None \| Copy-on-reference \|/)
    expect(r.stdout).toMatch(/Freeze, mean/)
  })

  it('writes figures (SVG, PDF, PGFPlots), tables (LaTeX, Markdown, CSV) and the study report', () => {
    const out = join(dir, 'report')
    const r = miglab('report', results, '--out', out)
    expect(r.status, r.stderr).toBe(0)
    const files = readdirSync(out)
    for (const f of [
      'report.html',
      'report.pdf',
      'results.tex',
      'results.md',
      'results.csv',
      'intrusiveness.tex',
      'intrusiveness.md',
    ]) {
      expect(files).toContain(f)
    }
    for (const kind of ['outage-freeze', 'overhead-stacked', 'timeline']) {
      for (const ext of ['svg', 'pdf', 'tex'])
        expect(files.some((f) => f.startsWith(kind) && f.endsWith(`.${ext}`))).toBe(true)
    }
    expect(readFileSync(join(out, 'results.csv'), 'utf8')).toMatch(/^# /)
  })

  it('--format narrows what is written, and a bad format is refused', () => {
    const out = join(dir, 'svg-only')
    expect(miglab('report', results, '--out', out, '--format', 'svg', '--figures', 'outage-freeze').status).toBe(0)
    expect(readdirSync(out).every((f) => f.endsWith('.svg'))).toBe(true)
    const bad = miglab('report', results, '--out', out, '--format', 'docx')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/unknown format\(s\) docx/)
  })

  it('says clearly when a folder holds no results', () => {
    const r = miglab('report', tmpdir())
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/no results here/)
  })
})

describe('miglab bundle and reproduce', () => {
  it('a fresh bundle reproduces with every number identical; a tampered one names what differs', () => {
    const bundle = join(dir, 'bundle')
    expect(miglab('bundle', results, '--out', bundle).status).toBe(0)
    const ok = miglab('reproduce', bundle, '--workers', '2')
    expect(ok.status, ok.stdout + ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/all 4 runs reproduce: every number is identical/)
    // Tamper with one number of one bundled result.
    const runs = readdirSync(join(bundle, 'runs'))
    const f = join(bundle, 'runs', runs[0])
    const r = JSON.parse(readFileSync(f, 'utf8'))
    r.summary['migration.freeze.mean'] += 1
    writeFileSync(f, JSON.stringify(r))
    const bad = miglab('reproduce', bundle, '--workers', '2')
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/DIFFERS .* the bundled file was changed after bundling/)
    expect(bad.stdout).toMatch(/summary\.migration\.freeze\.mean: /)
    expect(bad.stdout).toMatch(/1 of 4 runs differ/)
  })
})

// Sweeps on the worker pool: results identical whatever the number of workers (byte for byte),
// resumable after a hard kill, shards that merge into the same store as one sweep, sequential
// replications that stop when the interval is narrow enough.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../../src/engine/metrics/stats'
import { expandJobs, replicationSeed } from '../../src/engine/run/jobs'
import { SimulationPool } from '../../src/service/pool'
import { ResultsStore } from '../../src/service/store'
import { runSweep } from '../../src/service/sweep'
import { interactiveSpec } from '../sim/fixtures'
import { CLI, ensureBuilt, RUN_WORKER } from './helpers'

const spec = interactiveSpec({
  duration: '15s',
  migrations: [{ process: 'shell', to: 'ws2', at: '5s' }],
  compare: { architectures: ['none'], mechanisms: ['eager-all', 'copy-on-reference', 'pre-copy'] },
  sweep: { parameters: [{ path: 'topology.links.wan.latency', values: ['10ms', '40ms'] }] },
  replications: { count: 2 },
})

const tmp = () => mkdtempSync(join(tmpdir(), 'miglab-sweep-'))
const runFiles = (dir: string) =>
  readdirSync(join(dir, 'runs'))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.meta.json'))
    .sort()
    .map((f) => [f, readFileSync(join(dir, 'runs', f), 'utf8')] as const)

async function sweepInto(dir: string, workers: number, shard?: { index: number; count: number }) {
  const pool = new SimulationPool({ workerFile: RUN_WORKER, workers })
  try {
    return await runSweep({ spec, store: ResultsStore.open(dir), pool, shard })
  } finally {
    await pool.close()
  }
}

beforeAll(() => ensureBuilt(), 120_000)

describe('jobs', () => {
  it('expands architecture × mechanism × point × replication with common random numbers', () => {
    const jobs = expandJobs(spec)
    expect(jobs).toHaveLength(1 * 3 * 2 * 2)
    // Same replication -> same seed across mechanisms and sweep points; different replications differ.
    const seeds = new Set(jobs.filter((j) => j.replication === 0).map((j) => j.seed))
    expect([...seeds]).toEqual([replicationSeed(spec.seed, 0)])
    expect(replicationSeed(spec.seed, 0)).not.toBe(replicationSeed(spec.seed, 1))
  })
})

describe('sweep determinism and resumption', () => {
  it('1 worker and 2 workers give byte-identical results', async () => {
    const a = tmp()
    const b = tmp()
    await sweepInto(a, 1)
    await sweepInto(b, 2)
    const fa = runFiles(a)
    expect(fa).toHaveLength(12)
    expect(runFiles(b)).toEqual(fa)
    expect(readFileSync(join(a, 'summary.csv'), 'utf8')).toEqual(readFileSync(join(b, 'summary.csv'), 'utf8'))
  })

  it('shards merged give the same store as one sweep', async () => {
    const whole = tmp()
    const s1 = tmp()
    const s2 = tmp()
    await sweepInto(whole, 2)
    await sweepInto(s1, 1, { index: 1, count: 2 })
    await sweepInto(s2, 1, { index: 2, count: 2 })
    expect(runFiles(s1).length + runFiles(s2).length).toBe(12)
    const merged = tmp()
    const r = spawnSync('node', [CLI, 'merge', s1, s2, '--out', merged], { encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(runFiles(merged)).toEqual(runFiles(whole))
  })

  it('a sweep killed halfway resumes: the rerun only runs what is missing, and the store is complete and consistent', async () => {
    const dir = tmp()
    const specFile = join(dir, 'study.json')
    writeFileSync(specFile, JSON.stringify({ ...spec }))
    const out = join(dir, 'results')
    // Start the CLI, and kill it (SIGKILL: no chance to clean up) once a few runs are stored.
    const child = spawn('node', [CLI, 'sweep', specFile, '--workers', '1', '--out', out, '--quiet'])
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        let n = 0
        try {
          n = runFiles(out).length
        } catch {}
        if (n >= 3) {
          clearInterval(poll)
          child.kill('SIGKILL')
          done()
        }
      }, 20)
    })
    await new Promise((r) => child.once('exit', r))
    const before = runFiles(out).length
    expect(before).toBeGreaterThanOrEqual(3)
    expect(before).toBeLessThan(12)
    const rerun = spawnSync('node', [CLI, 'sweep', specFile, '--workers', '2', '--out', out], { encoding: 'utf8' })
    expect(rerun.status).toBe(0)
    expect(rerun.stdout).toMatch(new RegExp(`${12 - before} run, ${before} already there, 0 failed`))
    // Complete and consistent: the same bytes as a sweep that was never interrupted.
    const clean = tmp()
    await sweepInto(clean, 2)
    expect(runFiles(out)).toEqual(runFiles(clean))
    const rows = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n')
    expect(rows).toHaveLength(13)
  })
})

describe('sequential replications', () => {
  it('adds replications until the interval of the metric is narrow enough, up to the cap', async () => {
    const seqSpec = interactiveSpec({
      duration: '12s',
      migrations: [{ process: 'shell', to: 'ws2', at: '4s' }],
      compare: { architectures: ['none'], mechanisms: ['eager-all'] },
      replications: { until: { metric: 'interactive.echo.mean', halfWidth: 0.0001, relative: true, min: 2, max: 4 } },
    })
    const dir = tmp()
    const pool = new SimulationPool({ workerFile: RUN_WORKER, workers: 2 })
    try {
      await runSweep({ spec: seqSpec, store: ResultsStore.open(dir), pool })
    } finally {
      await pool.close()
    }
    // A 0.01 % interval is out of reach, so the cap decides: 4 replications.
    const runs = ResultsStore.open(dir).query()
    expect(runs.map((r) => r.job.replication)).toEqual([0, 1, 2, 3])
    const loose = interactiveSpec({
      duration: '12s',
      migrations: [{ process: 'shell', to: 'ws2', at: '4s' }],
      compare: { architectures: ['none'], mechanisms: ['eager-all'] },
      replications: { until: { metric: 'migration.count', halfWidth: 0.5, relative: true, min: 2, max: 6 } },
    })
    const dir2 = tmp()
    const pool2 = new SimulationPool({ workerFile: RUN_WORKER, workers: 2 })
    try {
      await runSweep({ spec: loose, store: ResultsStore.open(dir2), pool: pool2 })
    } finally {
      await pool2.close()
    }
    // migration.count is always 1: zero variance, so the minimum suffices.
    expect(ResultsStore.open(dir2).query()).toHaveLength(2)
  })
})

describe('statistics', () => {
  it('paired differences against a baseline use the same replications', async () => {
    const dir = tmp()
    await sweepInto(dir, 2)
    const table = analyze(ResultsStore.open(dir).query(), {
      study: spec.name,
      specHash: 'x',
      engineVersion: 'x',
      baseline: { architecture: 'none', mechanism: 'eager-all' },
    })
    const freeze = table.rows.filter((r) => r.metric === 'migration.freeze.mean' && r.pointIndex === 0)
    expect(freeze.map((r) => r.mechanism).sort()).toEqual(['copy-on-reference', 'eager-all', 'pre-copy'])
    const d = table.paired.find(
      (p) => p.metric === 'migration.freeze.mean' && p.mechanism === 'copy-on-reference' && p.pointIndex === 0,
    )!
    const eager = freeze.find((r) => r.mechanism === 'eager-all')!.stats.mean
    const cor = freeze.find((r) => r.mechanism === 'copy-on-reference')!.stats.mean
    expect(d.n).toBe(2)
    expect(d.mean).toBeCloseTo(cor - eager, 6)
    expect(d.mean).toBeLessThan(0) // copy-on-reference freezes for less time than eager copying
  })
})

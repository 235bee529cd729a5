// The lab service's compile and run side, on the real worker entries: drafts compiled in the
// scenario worker with errors located; runs of a study streaming progress, resumable, cancellable;
// the results listed, analysed and exported from the project's store.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import type { LabEvent, RunStatus } from '../../src/service/api'
import { LabService } from '../../src/service/lab'
import { type BuiltCli, builtCli, ROOT } from './built-cli'
import { draft, type LabFixture, labFixture, rejection } from './lab-fixture'

let built: BuiltCli
beforeAll(async () => {
  built = await builtCli()
}, 150_000)

let fx: LabFixture
afterEach(async () => fx?.cleanup())
const withWorkers = () => labFixture({ workers: { scenario: built.scenarioWorker, run: built.runWorker } })

/** A small study: a remote user typing into a shell that moves once. */
function study(over: Partial<ScenarioSpecInput> = {}): ScenarioSpecInput {
  return {
    specVersion: 1,
    name: 'Interactive job',
    duration: '15s',
    topology: {
      networks: [{ name: 'cluster', kind: 'lan', prefix: '10.1.0.0/24', bandwidth: '100Mbps', latency: '100us' }],
      nodes: [
        { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
        { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'remote', kind: 'host', role: 'remote' },
      ],
      links: [{ name: 'wan', a: 'gw', b: 'remote', bandwidth: '10Mbps', latency: '20ms' }],
    },
    processes: [{ name: 'shell', host: 'ws1', memory: { size: '8MB', dirtyRate: '1MB/s' } }],
    workloads: [
      {
        kind: 'interactive',
        name: 'typing',
        process: 'shell',
        client: 'remote',
        thinkTime: { dist: 'exponential', mean: '100ms' },
      },
    ],
    migrations: [{ process: 'shell', to: 'ws2', at: '5s' }],
    compare: { architectures: ['none'], mechanisms: ['eager-all', 'pre-copy'] },
    ...over,
  }
}

/** Collects run events until the run with `id` is over. */
function runEvents(fx: LabFixture): { events: RunStatus[]; end: (id: string) => Promise<RunStatus> } {
  const events: RunStatus[] = []
  const waiting = new Map<string, (s: RunStatus) => void>()
  fx.service.subscribe((e: LabEvent) => {
    if (e.kind !== 'run') return
    events.push(e.status)
    if (e.status.state !== 'running') waiting.get(e.status.id)?.(e.status)
  })
  return {
    events,
    end: (id) => {
      const over = events.find((s) => s.id === id && s.state !== 'running')
      return over ? Promise.resolve(over) : new Promise((resolve) => waiting.set(id, resolve))
    },
  }
}

describe('compile', () => {
  it('compiles the drawn part and scenario.ts together and counts the runs', async () => {
    fx = withWorkers()
    const opened = await fx.service.copyExample('cluster', join(fx.home, 'cluster'))
    const out = await fx.service.compile(opened.draft)
    expect(out.ok).toBe(true)
    if (!out.ok) return
    // 3 architectures × 2 mechanisms × 3 sweep points × 3 replications.
    expect(out.runs).toBe(54)
    expect(out.spec.compare.architectures).toEqual(['none', 'mobile-ipv4', 'tcp-migrate'])
    expect(out.overrides).toContainEqual({
      path: 'topology.nodes.ws3',
      note: expect.stringMatching(/^scenario\.ts:8: the script changes node "ws3" drawn on the canvas/),
    })
  })

  it('locates a script error on its line and column', async () => {
    fx = withWorkers()
    const script =
      "import { scenario } from 'miglab'\nconst s = scenario({ name: 'x' })\ns.migrate('shell', { to: 'ws9', at: '5s' })\n"
    const out = await fx.service.compile(draft({ spec: study(), script }))
    expect(out.ok).toBe(false)
    if (out.ok) return
    expect(out.errors[0]).toMatchObject({ file: 'scenario.ts', line: 3, column: expect.any(Number) })
    expect(out.errors[0].message).toContain('ws9')
  })

  it('locates an error in the drawn part by its path, and in the project settings', async () => {
    fx = withWorkers()
    const bad = study()
    bad.topology.links = [{ name: 'wan', a: 'gw', b: 'remote', bandwidth: '10Mbps', latency: 'fast' }]
    const out = await fx.service.compile(draft({ spec: bad }))
    expect(out.ok ? [] : out.errors.map((e) => e.path)).toEqual(['topology.links[0].latency'])
    const settings = await fx.service.compile(
      draft({ spec: study(), settings: { scriptTimeLimit: 'soon', scriptMemoryLimit: '64MiB' } }),
    )
    expect(settings.ok ? [] : settings.errors.map((e) => e.path)).toEqual(['settings.scriptTimeLimit'])
  })

  it('stops a runaway script at its time limit and says so', async () => {
    fx = withWorkers()
    const t0 = performance.now()
    const out = await fx.service.compile(
      draft({ script: 'while (true) {}\n', settings: { scriptTimeLimit: '300ms', scriptMemoryLimit: '64MiB' } }),
    )
    expect(out.ok).toBe(false)
    if (out.ok) return
    expect(out.errors[0].message).toMatch(/interrupted|time/i)
    expect(performance.now() - t0).toBeLessThan(15_000)
  })

  it('gives the editor the API typings and the project names', async () => {
    fx = withWorkers()
    const t = await fx.service.typings(draft({ spec: study() }))
    expect(t.api).toContain("declare module 'miglab'")
    expect(t.names).toContain('process: "shell"')
    expect(t.names).toContain('"ws1"')
  })
})

describe('the bundled examples', () => {
  it('are listed, open as copies, and compile', async () => {
    const home = mkdtempSync(join(tmpdir(), 'miglab-examples-'))
    const service = new LabService({
      transport: 'desktop',
      version: '0.1.0-test',
      workers: { scenario: built.scenarioWorker, run: built.runWorker },
      resourcesDir: join(ROOT, 'resources'),
      recentFile: join(home, 'recent.json'),
      roots: null,
    })
    try {
      const examples = await service.examples()
      expect(examples.map((e) => e.id)).toContain('founding-study')
      for (const e of examples) {
        expect(e.title, e.id).not.toBe('')
        const opened = await service.copyExample(e.id, join(home, e.id))
        const compiled = await service.compile(opened.draft)
        expect(compiled.ok ? [] : compiled.errors, e.id).toEqual([])
      }
    } finally {
      await service.close()
      rmSync(home, { recursive: true, force: true })
    }
  })
})

describe('runs', () => {
  it('runs a study with progress, stores it, and a second run finds every job done', async () => {
    fx = withWorkers()
    const project = join(fx.home, 'study')
    await fx.service.createProject(project, 'Interactive job')
    const { events, end } = runEvents(fx)
    const first = await fx.service.startRun({ project, draft: draft({ spec: study() }), workers: 1 })
    expect(first).toMatchObject({ state: 'running', total: 2, done: 0, skipped: 0, study: 'Interactive job' })
    expect(first.jobs.map((j) => [j.job.mechanism, j.state])).toEqual([
      ['eager-all', 'queued'],
      ['pre-copy', 'queued'],
    ])
    const last = await end(first.id)
    expect(last).toMatchObject({ state: 'done', total: 2, done: 2, failed: 0, etaMs: null })
    expect(last.jobs.every((j) => j.state === 'done' && j.progress === 1 && (j.wallMs ?? 0) > 0)).toBe(true)
    // Progress in between: the run was seen with one job finished and one to go.
    expect(events.some((s) => s.id === first.id && s.state === 'running' && s.done === 1)).toBe(true)
    expect((await fx.service.runs()).map((r) => [r.id, r.state])).toEqual([[first.id, 'done']])

    const results = await fx.service.listResults(project)
    expect(results.map((r) => [r.job.mechanism, r.status])).toEqual([
      ['eager-all', 'ok'],
      ['pre-copy', 'ok'],
    ])
    expect(results[0].migrations).toBe(1)
    expect(Object.keys(results[0].summary).length).toBeGreaterThan(3)
    expect(await fx.service.listResults(project, { mechanism: 'pre-copy' })).toHaveLength(1)
    const one = await fx.service.getResult(project, results[0].key)
    expect(one?.key).toBe(results[0].key)
    expect(one?.migrations).toHaveLength(1)
    expect(await fx.service.getResult(project, '0'.repeat(64))).toBeNull()

    expect(results.every((r) => r.current && (r.wallMs ?? 0) > 0)).toBe(true)

    // The timeline view: the whole run exactly, then a narrow window merged to a few records.
    const whole = await fx.service.timeline(project, results[0].key)
    expect(whole).toMatchObject({ from: 0, to: 15e9, duration: 15e9, exact: true })
    expect(whole.total).toBe(whole.timeline.segments.lane.length + whole.timeline.points.lane.length)
    expect(whole.timeline.segments.kind).toContain('frozen')
    const coarse = await fx.service.timeline(project, results[0].key, { from: 0, to: 15e9, maxRecords: 3 })
    expect(coarse.exact).toBe(false)
    expect(coarse.timeline.segments.lane.length + coarse.timeline.points.lane.length).toBeLessThanOrEqual(whole.total)
    await expect(fx.service.timeline(project, '0'.repeat(64))).rejects.toThrow(/no run/)

    // The packets behind the migration at 5 s, rebuilt by rerunning the stored job with tracing.
    const trace = await fx.service.tracePackets(project, results[0].key, 4.9e9, 5.5e9)
    expect(trace.records.length).toBeGreaterThan(0)
    expect(trace.records.every((r) => r.t >= 4.9e9 && r.t <= 5.5e9)).toBe(true)
    expect(trace.records.some((r) => r.what === 'TCP' && r.hop.length > 0)).toBe(true)
    await expect(fx.service.tracePackets(project, '0'.repeat(64), 0, 1e9)).rejects.toThrow(/not among/)
    await expect(fx.service.tracePackets(project, results[0].key, 2e9, 1e9)).rejects.toThrow(/before it starts/)

    const table = await fx.service.analysis(project)
    expect(table?.study).toBe('Interactive job')
    expect(new Set(table?.rows.map((r) => r.mechanism))).toEqual(new Set(['eager-all', 'pre-copy']))

    const again = await fx.service.startRun({ project, draft: draft({ spec: study() }), workers: 1 })
    expect(again).toMatchObject({ total: 2, skipped: 2 })
    expect(await end(again.id)).toMatchObject({ state: 'done', done: 0, skipped: 2 })

    // A changed study: the run browser's store scope still lists the earlier runs, not current.
    const changed = await fx.service.startRun({
      project,
      draft: draft({ spec: study({ duration: '12s' }) }),
      workers: 1,
    })
    await end(changed.id)
    expect(await fx.service.listResults(project)).toHaveLength(2)
    const all = await fx.service.listResults(project, { scope: 'store' })
    expect(all.map((r) => r.current).sort()).toEqual([false, false, true, true])
  })

  it('applies the run form: mechanisms and replications replace the script’s, and wrong ids are located', async () => {
    fx = withWorkers()
    const project = join(fx.home, 'study')
    await fx.service.createProject(project, 'Interactive job')
    const { end } = runEvents(fx)
    const s = await fx.service.startRun({
      project,
      draft: draft({ spec: study() }),
      mechanisms: ['eager-all'],
      replications: 2,
      workers: 1,
    })
    expect(s.jobs.map((j) => [j.job.mechanism, j.job.replication])).toEqual([
      ['eager-all', 0],
      ['eager-all', 1],
    ])
    await end(s.id)
    const e = await rejection(
      fx.service.startRun({ project, draft: draft({ spec: study() }), architectures: ['warp-drive'] }),
    )
    expect(e).toMatchObject({ name: 'SpecErrors' })
    expect(e.errors?.[0]).toMatchObject({ path: 'compare.architectures[0]' })
  })

  it('a scenario with errors is not run, and the errors say where', async () => {
    fx = withWorkers()
    const project = join(fx.home, 'study')
    await fx.service.createProject(project, 'x')
    const e = await rejection(fx.service.startRun({ project, draft: draft({ spec: { ...study(), duration: '-1s' } }) }))
    expect(e).toMatchObject({ name: 'SpecErrors' })
    expect(e.errors?.[0]).toMatchObject({ path: 'duration' })
    expect(await fx.service.runs()).toEqual([])
  })

  it('cancels a run: finished jobs are kept, the rest are marked cancelled, one run per project at a time', async () => {
    fx = withWorkers()
    const project = join(fx.home, 'study')
    await fx.service.createProject(project, 'Interactive job')
    const { events, end } = runEvents(fx)
    const spec = study({ replications: { count: 12 } })
    const s = await fx.service.startRun({ project, draft: draft({ spec }), workers: 1 })
    expect(s.total).toBe(24)
    const busy = await rejection(fx.service.startRun({ project, draft: draft({ spec }) }))
    expect(busy).toMatchObject({ name: 'Busy' })

    await expect.poll(() => events.some((e) => e.id === s.id && e.done >= 1), { timeout: 30_000 }).toBe(true)
    await fx.service.cancelRun(s.id)
    const last = await end(s.id)
    expect(last.state).toBe('cancelled')
    expect(last.done).toBeGreaterThanOrEqual(1)
    expect(last.done).toBeLessThan(24)
    expect(last.jobs.filter((j) => j.state === 'cancelled').length).toBe(24 - last.done - last.failed)
    const stored = readdirSync(join(project, 'results/runs')).filter((f) => !f.endsWith('.meta.json'))
    expect(stored).toHaveLength(last.done + last.failed)
    // Cancelling a finished run is harmless; an unknown one is not there.
    await fx.service.cancelRun(s.id)
    expect(await rejection(fx.service.cancelRun('no-such-run'))).toMatchObject({ name: 'NotFound' })
  })

  it('counts a refused job as failed, and has nothing to tabulate while every run failed', async () => {
    fx = withWorkers()
    const project = join(fx.home, 'study')
    await fx.service.createProject(project, 'Interactive job')
    const { end } = runEvents(fx)
    // HIP needs a HIP stack at both ends: with a legacy remote host every job is refused at its start.
    const base = study()
    const nodes = base.topology.nodes!.map((n) => (n.name === 'remote' ? { ...n, legacy: true } : n))
    const spec = {
      ...base,
      topology: { ...base.topology, nodes },
      compare: { architectures: ['hip'], mechanisms: ['eager-all'] },
    }
    const s = await fx.service.startRun({ project, draft: draft({ spec }), workers: 1 })
    const last = await end(s.id)
    expect(last).toMatchObject({ state: 'done', total: 1, done: 0, failed: 1, skipped: 0 })
    expect(last.jobs[0].error).toContain('legacy host without a HIP stack')
    expect(await fx.service.listResults(project)).toHaveLength(1)
    expect(await fx.service.resultsTable(project)).toBeNull()
    expect(await fx.service.analysis(project)).toBeNull()
    const e = await rejection(fx.service.export({ project, what: { kind: 'table', table: 'metrics' }, format: 'csv' }))
    expect(e).toMatchObject({ name: 'NotFound' })
    expect(e.message).toContain('no results yet: its one run failed')
  })

  it('exports figures and tables of the results, and says when there is nothing to export', async () => {
    fx = withWorkers()
    const project = join(fx.home, 'study')
    await fx.service.createProject(project, 'Interactive job')
    const nothing = await rejection(
      fx.service.export({ project, what: { kind: 'table', table: 'metrics' }, format: 'csv' }),
    )
    expect(nothing.message).toContain('no results yet')
    const { end } = runEvents(fx)
    await end((await fx.service.startRun({ project, draft: draft({ spec: study() }), workers: 1 })).id)

    const csv = await fx.service.export({ project, what: { kind: 'table', table: 'metrics' }, format: 'csv' })
    expect(csv).toMatchObject({ filename: 'results.csv', mime: 'text/csv' })
    expect(csv.text?.split('\n').length).toBeGreaterThan(2)
    const svg = await fx.service.export({
      project,
      what: { kind: 'figure', figure: 'outage-freeze' },
      format: 'svg',
    })
    expect(svg.mime).toBe('image/svg+xml')
    expect(svg.text).toMatch(/^<svg|<\?xml/)
    const pdf = await fx.service.export({ project, what: { kind: 'figure', figure: 'outage-freeze' }, format: 'pdf' })
    expect(
      Buffer.from(pdf.base64 ?? '', 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')
    const wrong = await rejection(
      fx.service.export({ project, what: { kind: 'figure', figure: 'outage-freeze' }, format: 'csv' }),
    )
    expect(wrong.message).toContain('figures export as svg, pdf or tex')
  })
})

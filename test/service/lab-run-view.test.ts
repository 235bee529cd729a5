// The service side of the run view: a stored run's record without its timeline (and whether it
// can be rerun), the traffic per hop and kind before and after a move (the topology overlay),
// a packet trace with a record limit, and the timeline export of a chosen migration.

import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { PacketRecord } from '../../src/engine/metrics/packet-trace'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import type { LabEvent, RunStatus } from '../../src/service/api'
import { countTraffic, hopEnds } from '../../src/service/run-traffic'
import { type BuiltCli, builtCli } from './built-cli'
import { draft, type LabFixture, labFixture } from './lab-fixture'

let built: BuiltCli
beforeAll(async () => {
  built = await builtCli()
}, 150_000)

let fx: LabFixture
afterEach(async () => fx?.cleanup())

/** A remote user typing into a shell that moves twice, under Mobile IPv4 (home agent on gw). */
function study(over: Partial<ScenarioSpecInput> = {}): ScenarioSpecInput {
  return {
    specVersion: 1,
    name: 'Interactive job',
    duration: '12s',
    topology: {
      networks: [{ name: 'cluster', kind: 'lan', prefix: '10.1.0.0/24', bandwidth: '100Mbps', latency: '100us' }],
      nodes: [
        { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
        { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws3', kind: 'host', attach: [{ network: 'cluster' }] },
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
        thinkTime: { dist: 'exponential', mean: '50ms' },
      },
    ],
    migrations: [
      { process: 'shell', to: 'ws2', at: '4s' },
      { process: 'shell', to: 'ws3', at: '8s' },
    ],
    compare: { architectures: ['mobile-ipv4'], mechanisms: ['eager-all'] },
    ...over,
  }
}

async function runStudy(spec: ScenarioSpecInput, create = true): Promise<string> {
  const project = join(fx.home, 'study')
  if (create) await fx.service.createProject(project, 'Interactive job')
  const done = new Promise<RunStatus>((resolve) =>
    fx.service.subscribe((e: LabEvent) => {
      if (e.kind === 'run' && e.status.state !== 'running') resolve(e.status)
    }),
  )
  await fx.service.startRun({ project, draft: draft({ spec }), workers: 1 })
  expect(await done).toMatchObject({ state: 'done', failed: 0 })
  return project
}

describe('the run view through the service', () => {
  it('gives a run without its timeline, its topology, and the traffic before and after a move', async () => {
    fx = labFixture({ workers: { scenario: built.scenarioWorker, run: built.runWorker } })
    const project = await runStudy(study())
    const [row] = await fx.service.listResults(project)
    const info = await fx.service.runInfo(project, row.key)
    expect(info).toMatchObject({ key: row.key, status: 'ok', current: true, simulated: 12e9 })
    expect(info).not.toHaveProperty('timeline')
    expect(info.migrations.map((m) => [m.from, m.to])).toEqual([
      ['ws1', 'ws2'],
      ['ws2', 'ws3'],
    ])
    expect(info.topology?.nodes.map((n) => n.name)).toEqual(['gw', 'ws1', 'ws2', 'ws3', 'remote'])
    const whole = await fx.service.timeline(project, row.key)
    expect(info.records).toBe(whole.total)

    // After the second move the home agent on gw tunnels the user's keystrokes to ws3, not ws2.
    const m = info.migrations[1]
    const [before, after] = await fx.service.runTraffic(project, row.key, [
      { from: m.freezeAt - 1e9, to: m.freezeAt },
      { from: m.resumeAt, to: m.resumeAt + 1e9 },
    ])
    const tunnelledTo = (w: typeof before, host: string) =>
      w.hops.find((h) => h.hop === `cluster->${host}` && h.kind === 'tunnelled')?.packets ?? 0
    expect(tunnelledTo(before, 'ws2')).toBeGreaterThan(5)
    expect(tunnelledTo(before, 'ws3')).toBe(0)
    expect(tunnelledTo(after, 'ws3')).toBeGreaterThan(5)
    expect(tunnelledTo(after, 'ws2')).toBe(0)
    expect(after.hops.find((h) => h.hop === 'gw->cluster' && h.kind === 'tunnelled')).toMatchObject({
      from: 'gw',
      to: 'cluster',
    })
    expect(before.truncated || after.truncated).toBe(false)
    expect(before.packets).toBe(before.hops.reduce((n, h) => n + h.packets + h.dropped, 0))

    // A trace cut at its limit says so.
    const cut = await fx.service.tracePackets(project, row.key, m.resumeAt, m.resumeAt + 1e9, 10)
    expect(cut.records).toHaveLength(10)
    expect(cut.truncated).toBe(true)

    // The timeline export of the second migration, the same figure the CLI draws.
    const svg = await fx.service.export({
      project,
      what: { kind: 'figure', figure: 'timeline', runKey: row.key, migration: 1 },
      format: 'svg',
    })
    expect(svg.text).toContain('<svg')
    await expect(
      fx.service.export({
        project,
        what: { kind: 'figure', figure: 'timeline', runKey: row.key, migration: 7 },
        format: 'svg',
      }),
    ).rejects.toThrow(/no migration #7/)

    // Once the study changes, the run is no longer current: its record is still there, the
    // topology and the reruns are not.
    await runStudy(study({ duration: '10s' }), false)
    const old = await fx.service.runInfo(project, row.key)
    expect(old).toMatchObject({ current: false, topology: null })
    await expect(fx.service.runTraffic(project, row.key, [{ from: 0, to: 1e9 }])).rejects.toThrow(
      /earlier spec or engine version/,
    )
    await expect(fx.service.runInfo(project, '0'.repeat(64))).rejects.toThrow(/no run/)
  }, 120_000)
})

describe('countTraffic', () => {
  const rec = (t: number, hop: string, kind: PacketRecord['kind'], size: number, dropped?: string): PacketRecord => ({
    t,
    packet: t,
    hop,
    kind,
    what: 'TCP',
    size,
    src: 'a',
    dst: 'b',
    detail: '',
    ...(dropped ? { dropped } : {}),
  })

  it('counts packets, bytes and drops per hop and kind in each window', () => {
    const records = [
      rec(1, 'gw->cluster', 'tunnelled', 100),
      rec(2, 'gw->cluster', 'tunnelled', 60),
      rec(3, 'gw->cluster', 'data', 40),
      rec(4, 'cluster->ws2', 'tunnelled', 100, 'frozen'),
      rec(10, 'gw->remote', 'signalling', 80),
    ]
    const [a, b] = countTraffic(
      records,
      [
        { from: 0, to: 5 },
        { from: 5, to: 20 },
      ],
      false,
    )
    expect(a.hops).toEqual([
      { hop: 'cluster->ws2', from: 'cluster', to: 'ws2', kind: 'tunnelled', packets: 0, bytes: 0, dropped: 1 },
      { hop: 'gw->cluster', from: 'gw', to: 'cluster', kind: 'data', packets: 1, bytes: 40, dropped: 0 },
      { hop: 'gw->cluster', from: 'gw', to: 'cluster', kind: 'tunnelled', packets: 2, bytes: 160, dropped: 0 },
    ])
    expect(a.packets).toBe(4)
    expect(b.hops.map((h) => h.hop)).toEqual(['gw->remote'])
    // A trace cut at t = 10 leaves a window reaching past it partial, not one that ends before.
    const [early, late] = countTraffic(
      records,
      [
        { from: 0, to: 5 },
        { from: 5, to: 20 },
      ],
      true,
    )
    expect([early.truncated, late.truncated]).toEqual([false, true])
    expect(hopEnds('ws1->cluster')).toEqual({ from: 'ws1', to: 'cluster' })
  })
})

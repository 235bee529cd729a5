// DEMOS/MP forwarding addresses with lazy link update (MODELS.md §2c, V11): the first message of a
// sender after a move is forwarded by the old machine, which tells the sender, whose later messages
// go direct; after two moves the first message walks the chain and the second goes straight to the
// third machine; forwarding addresses are residual dependencies until collected; legacy peers keep
// using the forwarder, and lose their connection when its machine fails.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import { parseDuration } from '../../src/engine/core'
import type { LinkTable } from '../../src/engine/naming/demos/link-table'
import type { DemosLinks } from '../../src/engine/naming/demos-links'
import { buildWorld, simulate } from '../../src/engine/run/simulate'
import { ScenarioSpec, type ScenarioSpecInput } from '../../src/engine/scenario/spec'
import type { World } from '../../src/engine/sim/world'
import { interactiveSpec, job } from '../sim/fixtures'

const S = 1e9

/** Builds the world and runs it to `until`, stopping at `pauses` to call `at` (inspection). */
function drive(spec: ScenarioSpec, until: string, at: Record<string, (w: World) => void> = {}): World {
  const { world, workloads } = buildWorld(spec, job('demos-links', 'eager-all'))
  for (const w of workloads) world.sched.call(0, () => w.start())
  for (const m of spec.migrations) {
    world.sched.call(parseDuration(m.at), () =>
      world.migrator.request(world.process(m.process), world.node(m.to), 'scheduled'),
    )
  }
  for (const f of spec.failures)
    world.sched.call(parseDuration(f.at), () => world.net.setNodeUp(world.node(f.target), false))
  for (const [t, fn] of Object.entries(at)) world.sched.call(parseDuration(t), () => fn(world))
  world.sched.run({ until: parseDuration(until) })
  return world
}

function arch(w: World): DemosLinks {
  return w.arch as DemosLinks
}

function forwarded(w: World, host: string): number {
  return arch(w).kernel(w.node(host)).entryOf(w.process('shell'))?.forwarded ?? 0
}

/** The fixture with a user typing once every `every`. */
function typingEvery(every: string, over: Partial<ScenarioSpecInput> = {}): ScenarioSpec {
  return interactiveSpec({
    workloads: [
      {
        kind: 'interactive',
        name: 'typing',
        process: 'shell',
        client: 'remote',
        thinkTime: { dist: 'constant', value: every },
      },
    ],
    ...over,
  })
}

describe('demos-links: a single move of an interactive job', () => {
  it('forwards the first message, updates the sender’s link, then goes direct', () => {
    // Keystrokes at 1 s, 2 s, …; the move (10.2 s → resume ≈ 10.9 s) falls between two of them.
    const spec = typingEvery('1s', { migrations: [{ process: 'shell', to: 'ws2', at: '10.2s' }], duration: '20s' })
    let atTwelve = 0
    const w = drive(spec, '20s', { '12s': (x) => (atTwelve = forwarded(x, 'ws1')) })
    expect(atTwelve).toBe(1)
    expect(forwarded(w, 'ws1')).toBe(1) // nothing more after the update
    const links = w.node('remote').agents.get('demos-links') as LinkTable
    expect(links.updates).toBe(1)
    expect(links.link(w.node('ws1').address, 5000)).toBe(w.node('ws2').address)
    expect(links.direct).toBeGreaterThanOrEqual(16) // keystrokes 12..19 and the ACKs of their echoes
    expect(w.recorder.control.map((c) => c.what)).toEqual(['link-update'])
  })

  it('queues what arrives during the freeze and forwards it: no loss, no back-off, outage ≈ freeze', () => {
    const r = simulate(interactiveSpec(), job('demos-links', 'eager-all'))
    expect(r.status, r.error).toBe('ok')
    const m = r.migrations[0]
    const c = m.connections[0]
    expect(c.lost).toBe(0)
    expect(r.summary['connection.retransmissions'] + r.summary['connection.resets']).toBe(0)
    expect(c.outageIn!).toBeGreaterThan(m.freeze)
    expect(c.outageIn!).toBeLessThan(m.freeze + 2e6)
    expect(m.controlMessages).toBe(1)
    expect(m.controlBytes).toBe(20 + 8 + 22)
    // After the update the path is direct, with the 28-byte link header.
    expect(c.stretchAfter!).toBeGreaterThan(1)
    expect(c.stretchAfter!).toBeLessThan(1.01)
    expect(m.residualDependencies).toEqual([{ node: 'ws1', what: 'forwarding address', from: m.resumeAt, until: null }])
  })
})

describe('demos-links: V11 forwarding chain', () => {
  // Keystrokes every 4 s (4, 8, 12 s); the process moves ws1 → ws2 at 4.5 s and ws2 → ws3 at 6 s,
  // so the user's link still names ws1 when it types at 8 s.
  const spec = typingEvery('4s', {
    duration: '14s',
    migrations: [
      { process: 'shell', to: 'ws2', at: '4.5s' },
      { process: 'shell', to: 'ws3', at: '6s' },
    ],
  })
  const seen: Record<string, number> = {}
  const w = drive(spec, '14s', {
    '10s': (x) => {
      seen.a = forwarded(x, 'ws1')
      seen.b = forwarded(x, 'ws2')
    },
  })
  const links = w.node('remote').agents.get('demos-links') as LinkTable

  it('forwards the first message twice (ws1 → ws2 → ws3) and updates the link to ws3', () => {
    expect(seen).toEqual({ a: 1, b: 1 })
    expect(links.updates).toBe(2) // one from each forwarder; the one with more moves names ws3
    expect(links.link(w.node('ws1').address, 5000)).toBe(w.node('ws3').address)
    expect(w.recorder.control.map((c) => `${c.what} ${c.from}`)).toEqual(['link-update ws1', 'link-update ws2'])
  })

  it('delivers the second message directly to ws3', () => {
    expect(forwarded(w, 'ws1')).toBe(1)
    expect(forwarded(w, 'ws2')).toBe(1)
    const echoes = w.recorder.samples.get('typing.echo')!
    expect(echoes.t.filter((t) => t > 12 * S)).toHaveLength(1)
  })

  it('leaves forwarding addresses on ws1 and ws2, until collected', () => {
    const deps = w.recorder.residuals.map((d) => [d.node, d.migration, d.until])
    expect(deps).toEqual([
      ['ws1', 0, null],
      ['ws2', 1, null],
    ])
  })
})

describe('demos-links: legacy peers, collection, failures', () => {
  it('a legacy peer keeps using the forwarder; updates to it back off', () => {
    const spec = interactiveSpec({ duration: '30s' })
    spec.topology.nodes.find((n) => n.name === 'remote')!.legacy = true
    const w = drive(spec, '30s')
    expect(forwarded(w, 'ws1')).toBeGreaterThan(150) // every segment since the move
    const updates = w.recorder.control.filter((c) => c.what === 'link-update').map((c) => c.t / S)
    // At ≈ 10.7 s, then at the first forwarded message 1, 2, 4, 8 s later (keystrokes come
    // every 100 ms on average).
    expect(updates).toHaveLength(5)
    for (let i = 1; i < 5; i++) {
      expect(updates[i] - updates[i - 1]).toBeGreaterThanOrEqual(2 ** (i - 1))
      expect(updates[i] - updates[i - 1]).toBeLessThan(2 ** (i - 1) + 0.5)
    }
    const r = simulate(spec, job('demos-links', 'eager-all'))
    expect(r.summary['connection.resets'] + r.summary['connection.timeouts']).toBe(0)
    expect(r.migrations[0].residualDependencies[0].until).toBeNull()
  })

  it('collects a forwarding address unused for collectAfter', () => {
    const spec = interactiveSpec({ duration: '20s', architectureOptions: { 'demos-links': { collectAfter: '5s' } } })
    const r = simulate(spec, job('demos-links', 'eager-all'))
    const m = r.migrations[0]
    const dep = m.residualDependencies[0]
    // Last used by the last message before the sender's link changed (≈ 50 ms after the resume).
    expect(dep.until! - m.resumeAt).toBeGreaterThan(5 * S)
    expect(dep.until! - m.resumeAt).toBeLessThan(5.1 * S)
    expect(r.summary['connection.resets'] + r.summary['connection.timeouts']).toBe(0)
  })

  it('killing the forwarding host breaks exactly the connection of the legacy peer that still uses it', () => {
    const spec = ScenarioSpec.parse({
      specVersion: 1,
      name: 'two-users',
      duration: '40s',
      topology: {
        networks: [{ name: 'cluster', kind: 'lan', bandwidth: '100Mbps', latency: '100us' }],
        nodes: [
          { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
          { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
          { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
          { name: 'ws3', kind: 'host', attach: [{ network: 'cluster' }] },
          { name: 'r1', kind: 'host', role: 'remote', legacy: true },
          { name: 'r2', kind: 'host', role: 'remote' },
        ],
        links: [
          { a: 'gw', b: 'r1', bandwidth: '10Mbps', latency: '20ms' },
          { a: 'gw', b: 'r2', bandwidth: '10Mbps', latency: '20ms' },
        ],
      },
      processes: [
        { name: 'p1', host: 'ws1', memory: { size: '1MB' } },
        { name: 'p2', host: 'ws1', memory: { size: '1MB' } },
      ],
      workloads: [
        { kind: 'interactive', name: 'u1', process: 'p1', client: 'r1', port: 5001 },
        { kind: 'interactive', name: 'u2', process: 'p2', client: 'r2', port: 5002 },
      ],
      migrations: [
        { process: 'p1', to: 'ws2', at: '5s' },
        { process: 'p2', to: 'ws3', at: '5s' },
      ],
      failures: [{ kind: 'node', target: 'ws1', at: '10s' }],
      transport: { preset: 'rfc', retries: 3, onMoveWithoutSupport: 'reset' },
      compare: { architectures: ['demos-links'], mechanisms: ['eager-all'] },
    } satisfies ScenarioSpecInput)
    const r = simulate(spec, job('demos-links', 'eager-all'))
    expect(r.status, r.error).toBe('ok')
    const u1 = r.connections.find((c) => c.id === 'u1')!
    const u2 = r.connections.find((c) => c.id === 'u2')!
    expect(u1.timeouts).toBeGreaterThanOrEqual(1)
    expect(r.samples['u1.echo'].t.some((t) => t > 10.1 * S)).toBe(false)
    expect(u2.timeouts + u2.resets).toBe(0)
    expect(r.samples['u2.echo'].t.some((t) => t > 35 * S)).toBe(true)
  })
})

describe('demos-links: moves, mechanisms and options', () => {
  it('a process back on its first machine drops the forwarder there; the other forwards to it', () => {
    const spec = typingEvery('1s', {
      duration: '20s',
      migrations: [
        { process: 'shell', to: 'ws2', at: '5.2s' },
        { process: 'shell', to: 'ws1', at: '10.2s' },
      ],
    })
    const w = drive(spec, '20s')
    expect(arch(w).kernel(w.node('ws1')).entryOf(w.process('shell'))).toBeUndefined()
    expect(arch(w).kernel(w.node('ws2')).entryOf(w.process('shell'))?.next?.name).toBe('ws1')
    const links = w.node('remote').agents.get('demos-links') as LinkTable
    expect(links.link(w.node('ws1').address, 5000)).toBe(w.node('ws1').address)
  })

  it('an abandoned move (the destination fails) hands the queued messages back: nothing is lost', () => {
    const r = simulate(
      interactiveSpec({ failures: [{ kind: 'node', target: 'ws2', at: '10.3s' }], duration: '20s' }),
      job('demos-links', 'eager-all'),
    )
    expect(r.summary['migration.abandoned']).toBe(1)
    expect(r.drops.frozen).toBeUndefined()
    expect(r.summary['connection.resets'] + r.summary['connection.timeouts']).toBe(0)
    expect(r.migrations[0].residualDependencies).toEqual([])
  })

  it('works with every migration mechanism', () => {
    for (const mech of MECHANISMS.map((x) => x.id)) {
      const r = simulate(
        interactiveSpec({ duration: '15s', migrations: [{ process: 'shell', to: 'ws2', at: '5s' }] }),
        job('demos-links', mech),
      )
      expect(r.status, `${mech}: ${r.error}`).toBe('ok')
      expect(r.summary['connection.resets'] + r.summary['connection.timeouts'], mech).toBe(0)
      expect(r.migrations[0].connections[0].lost, mech).toBe(0)
    }
  })

  it('refuses a bad collectAfter, naming it; accepts "never"', () => {
    const bad = simulate(
      interactiveSpec({ architectureOptions: { 'demos-links': { collectAfter: 'soon' } } }),
      job('demos-links', 'eager-all'),
    )
    expect(bad.status).toBe('failed')
    expect(bad.error).toContain('architectureOptions.demos-links.collectAfter')
    const never = simulate(
      interactiveSpec({ duration: '15s', architectureOptions: { 'demos-links': { collectAfter: 'never' } } }),
      job('demos-links', 'eager-all'),
    )
    expect(never.status, never.error).toBe('ok')
  })
})

// Mobile IPv6 (MODELS.md §2 d2, RFC 6275): home registration, then return routability and a
// binding update to the correspondent, after which the path is direct; V9's triangle for the
// bidirectional tunnel and stretch ≈ 1 with route optimisation; legacy correspondents answering
// with a Parameter Problem and staying on the tunnel; the home agent's failure breaking exactly the
// tunnelled connections; refreshes at the RFC lifetimes; every mechanism; option errors.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import { parseDuration } from '../../src/engine/core'
import type { Correspondent } from '../../src/engine/naming/mip/correspondent'
import type { MobileIpv6 } from '../../src/engine/naming/mobile-ipv6'
import { buildWorld, simulate } from '../../src/engine/run/simulate'
import { ScenarioSpec, type ScenarioSpecInput } from '../../src/engine/scenario/spec'
import type { World } from '../../src/engine/sim/world'
import { v9Triangle } from '../../src/engine/validation/naming'
import { interactiveSpec, job } from '../sim/fixtures'

const S = 1e9

function drive(spec: ScenarioSpec, until = spec.duration, mechanism = 'eager-all'): World {
  const { world, workloads } = buildWorld(spec, job('mobile-ipv6', mechanism))
  for (const w of workloads) world.sched.call(0, () => w.start())
  for (const m of spec.migrations) {
    world.sched.call(parseDuration(m.at), () =>
      world.migrator.request(world.process(m.process), world.node(m.to), 'scheduled'),
    )
  }
  world.sched.run({ until: parseDuration(until) })
  return world
}

function arch(w: World): MobileIpv6 {
  return w.arch as MobileIpv6
}

function correspondent(w: World, node: string): Correspondent {
  return w.node(node).agents.get('mip6-correspondent') as Correspondent
}

/** V9's first case (src/engine/validation/naming.ts): the triangle of the home network, the foreign one and the user. */
function triangleSpec(routeOptimization: boolean): ScenarioSpec {
  return ScenarioSpec.parse(v9Triangle('mobile-ipv6', { 'mobile-ipv6': { routeOptimization } }))
}

/** Two processes (homes ws1, ws3) both moved to ws2, typed into from r1 (legacy) and r2; home agent on host `ha`. */
function twoUsersSpec(over: Partial<ScenarioSpecInput> = {}): ScenarioSpec {
  return ScenarioSpec.parse({
    specVersion: 1,
    name: 'two-users',
    duration: '40s',
    topology: {
      networks: [{ name: 'cluster', kind: 'lan', bandwidth: '100Mbps', latency: '100us' }],
      nodes: [
        { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
        { name: 'ha', kind: 'host', role: 'infrastructure', attach: [{ network: 'cluster' }] },
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
      { name: 'p2', host: 'ws3', memory: { size: '1MB' } },
    ],
    workloads: [
      {
        kind: 'interactive',
        name: 'u1',
        process: 'p1',
        client: 'r1',
        thinkTime: { dist: 'constant', value: '100ms' },
      },
      {
        kind: 'interactive',
        name: 'u2',
        process: 'p2',
        client: 'r2',
        thinkTime: { dist: 'constant', value: '100ms' },
      },
    ],
    migrations: [
      { process: 'p1', to: 'ws2', at: '5s' },
      { process: 'p2', to: 'ws2', at: '5s' },
    ],
    agents: { homeAgent: 'ha' },
    transport: { preset: 'rfc', retries: 3, onMoveWithoutSupport: 'reset' },
    compare: { architectures: ['mobile-ipv6'], mechanisms: ['eager-all'] },
    ...over,
  } satisfies ScenarioSpecInput)
}

describe('mobile-ipv6: a single move of an interactive job', () => {
  it('registers home, runs return routability, binds at the correspondent: nine messages', () => {
    const r = simulate(interactiveSpec(), job('mobile-ipv6', 'eager-all'))
    expect(r.status, r.error).toBe('ok')
    const m = r.migrations[0]
    expect(m.controlMessages).toBe(9)
    // Home BU/BA 104 B each (HAO or RH2, ESP), NA 28, HoTI/CoTI 56, HoT/CoT 64, BU/BA 96.
    expect(m.controlBytes).toBe(104 + 28 + 104 + 2 * 56 + 2 * 64 + 96 + 96)
    const c = m.connections[0]
    expect(c.broken).toBe(false)
    expect(r.summary['connection.resets'] + r.summary['connection.timeouts']).toBe(0)
    // Network-layer rerouting: the segment lost in the freeze waits for its RTO (§1.3).
    expect(c.outageIn!).toBeGreaterThanOrEqual(1 * S)
    expect(c.stretchAfter!).toBeLessThan(1.01)
    expect(m.residualDependencies).toEqual([{ node: 'gw', what: 'home agent', from: m.resumeAt, until: null }])
  })

  it('sends directly after the binding update: the home agent stops carrying the user’s packets', () => {
    const w = drive(interactiveSpec(), '20s')
    const order = w.recorder.control.map((x) => x.what)
    expect(order).toEqual([
      'binding-update (home)',
      'unsolicited-neighbor-advertisement',
      'binding-ack (home)',
      'HoTI',
      'CoTI',
      'HoT',
      'CoT',
      'binding-update',
      'binding-ack',
    ])
    const p = w.process('shell')
    const ha = arch(w).homeAgent(p)
    const mn = arch(w).mobileNode(p)
    const cn = correspondent(w, 'remote')
    // Only what was sent before the correspondent had the binding went through the agent (a few
    // packets in the ≈ 60 ms between the resume and the binding acknowledgement).
    expect(ha.tunnelled).toBeLessThan(10)
    expect(cn.routeOptimized).toBeGreaterThan(50)
    expect(mn.routeOptimized).toBeGreaterThan(50)
    expect(cn.cache.get(arch(w).homeAddress(p))?.coa).toBe(w.node('ws2').address)
    // The move's naming update completes when the correspondent's acknowledgement arrives (one
    // 20 ms WAN crossing after it left).
    const ack = w.recorder.control.find((x) => x.what === 'binding-ack')!
    const m = w.recorder.migrations[0]
    expect(m.namingUpdatedAt! - ack.t).toBeGreaterThan(20e6)
    expect(m.namingUpdatedAt! - ack.t).toBeLessThan(21e6)
  })
})

describe('mobile-ipv6: V9 topology', () => {
  it('through the bidirectional tunnel the stretch is 8', () => {
    const r = simulate(triangleSpec(false), job('mobile-ipv6', 'eager-all'))
    expect(r.status, r.error).toBe('ok')
    const c = r.migrations[0].connections[0]
    expect(c.stretchAfter!).toBeGreaterThan(7.9)
    expect(c.stretchAfter!).toBeLessThan(8.1)
    expect(r.migrations[0].controlMessages).toBe(3) // home BU, NA, BA only
  })

  it('with route optimisation the path is direct: stretch ≈ 1', () => {
    const r = simulate(triangleSpec(true), job('mobile-ipv6', 'eager-all'))
    const c = r.migrations[0].connections[0]
    // The 24-byte type 2 routing header costs a few µs of serialisation on 10 ms.
    expect(c.stretchAfter!).toBeGreaterThan(1)
    expect(c.stretchAfter!).toBeLessThan(1.01)
  })
})

describe('mobile-ipv6: legacy correspondents and refreshes', () => {
  it('a legacy peer answers return routability with a Parameter Problem and keeps the tunnel', () => {
    const spec = interactiveSpec()
    spec.topology.nodes.find((n) => n.name === 'remote')!.legacy = true
    const w = drive(spec, '20s')
    const p = w.process('shell')
    const whats = w.recorder.control.map((x) => x.what)
    expect(whats.filter((x) => x === 'HoTI' || x === 'CoTI')).toHaveLength(2) // no retransmission
    expect(whats).not.toContain('binding-update')
    expect(arch(w).mobileNode(p).correspondence(w.node('remote').address)?.state).toBe('unsupported')
    expect(arch(w).homeAgent(p).tunnelled).toBeGreaterThan(50)
    // The update completed when the correspondent refused (its Parameter Problem came back).
    const m = w.recorder.migrations[0]
    expect(m.namingUpdatedAt! - m.resumeAt).toBeGreaterThan(40e6)
    expect(m.namingUpdatedAt! - m.resumeAt).toBeLessThan(45e6)
    const r = simulate(spec, job('mobile-ipv6', 'eager-all'))
    expect(r.summary['connection.resets'] + r.summary['connection.timeouts']).toBe(0)
  })

  it('refreshes the correspondent binding at the 420 s cap with a new return routability, and the home binding at 90 % of its lifetime', () => {
    const spec = interactiveSpec({
      duration: '900s',
      workloads: [
        {
          kind: 'interactive',
          name: 'typing',
          process: 'shell',
          client: 'remote',
          thinkTime: { dist: 'constant', value: '2s' },
        },
      ],
    })
    const w = drive(spec)
    const at = (what: string) => w.recorder.control.filter((x) => x.what === what).map((x) => x.t / S)
    const bu = at('binding-update')
    // Resume ≈ 10.7 s, then every 0.9 · 420 s = 378 s (plus the return routability round trip).
    expect(bu).toHaveLength(3)
    expect(bu[1] - bu[0]).toBeGreaterThan(378)
    expect(bu[1] - bu[0]).toBeLessThan(378.2)
    // Tokens live 210 s, so each refresh repeats both tests.
    expect(at('HoTI')).toHaveLength(3)
    expect(at('CoTI')).toHaveLength(3)
    const home = at('binding-update (home)')
    expect(home).toHaveLength(4) // at the move, then every 270 s
    expect(home[1] - home[0]).toBeCloseTo(270, 1)
  })

  it('reuses a fresh home keygen token after a second move: only the care-of test is repeated', () => {
    const spec = interactiveSpec({
      migrations: [
        { process: 'shell', to: 'ws2', at: '5s' },
        { process: 'shell', to: 'ws3', at: '10s' },
      ],
    })
    const w = drive(spec, '20s')
    const whats = w.recorder.control.map((x) => x.what)
    expect(whats.filter((x) => x === 'HoTI')).toHaveLength(1)
    expect(whats.filter((x) => x === 'CoTI')).toHaveLength(2)
    expect(correspondent(w, 'remote').cache.get(arch(w).homeAddress(w.process('shell')))?.coa).toBe(
      w.node('ws3').address,
    )
  })
})

describe('mobile-ipv6: the home agent fails', () => {
  it('breaks the tunnelled (legacy) connection and spares the route-optimised one', () => {
    const r = simulate(
      twoUsersSpec({ failures: [{ kind: 'node', target: 'ha', at: '10s' }] }),
      job('mobile-ipv6', 'eager-all'),
    )
    expect(r.status, r.error).toBe('ok')
    const u1 = r.connections.find((c) => c.id === 'u1')!
    const u2 = r.connections.find((c) => c.id === 'u2')!
    expect(u1.timeouts).toBeGreaterThanOrEqual(1)
    expect(r.samples['u1.echo'].t.some((t) => t > 11 * S)).toBe(false)
    expect(u2.timeouts + u2.resets).toBe(0)
    expect(u2.outages.filter((o) => o.to > 10 * S)).toEqual([]) // only the move's own outage
    expect(r.samples['u2.echo'].t.some((t) => t > 35 * S)).toBe(true)
  })
})

describe('mobile-ipv6: mechanisms and options', () => {
  it('works with every migration mechanism', () => {
    for (const mech of MECHANISMS.map((x) => x.id)) {
      const r = simulate(
        interactiveSpec({ duration: '15s', migrations: [{ process: 'shell', to: 'ws2', at: '5s' }] }),
        job('mobile-ipv6', mech),
      )
      expect(r.status, `${mech}: ${r.error}`).toBe('ok')
      expect(r.summary['connection.resets'] + r.summary['connection.timeouts'], mech).toBe(0)
      expect(r.migrations[0].controlMessages, mech).toBe(9)
    }
  })

  it('serves a process on the home agent’s own host locally, tunnel or not', () => {
    for (const routeOptimization of [false, true]) {
      const spec = interactiveSpec({
        agents: { homeAgent: 'ws3' },
        migrations: [{ process: 'shell', to: 'ws3', at: '5s' }],
        duration: '15s',
        architectureOptions: { 'mobile-ipv6': { routeOptimization } },
      })
      const r = simulate(spec, job('mobile-ipv6', 'eager-all'))
      expect(r.summary['connection.resets'] + r.summary['connection.timeouts']).toBe(0)
      expect(r.samples['typing.echo'].t.some((t) => t > 14 * S)).toBe(true)
    }
  })

  it('refuses bad options, naming them', () => {
    const bad = simulate(
      interactiveSpec({ architectureOptions: { 'mobile-ipv6': { routeOptimization: 'yes' } } }),
      job('mobile-ipv6', 'eager-all'),
    )
    expect(bad.status).toBe('failed')
    expect(bad.error).toContain('architectureOptions.mobile-ipv6.routeOptimization: must be true or false')
    const long = simulate(
      interactiveSpec({ architectureOptions: { 'mobile-ipv6': { homeLifetime: '300000s' } } }),
      job('mobile-ipv6', 'eager-all'),
    )
    expect(long.error).toContain('architectureOptions.mobile-ipv6.homeLifetime')
  })
})

// Mobile IPv4 (MODELS.md §2 d1): the triangle after a single move of an interactive job, V9's
// stretch (8 with a distant home agent, ≈ 1 with the home agent at the cluster gateway), the
// registration exchange, return home, reverse tunnelling, the home agent's failure breaking exactly
// the connections that depend on it, every migration mechanism, and option errors.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import { parseDuration } from '../../src/engine/core'
import type { MobileIpv4 } from '../../src/engine/naming/mobile-ipv4'
import { buildWorld, simulate } from '../../src/engine/run/simulate'
import { ScenarioSpec, type ScenarioSpecInput } from '../../src/engine/scenario/spec'
import type { World } from '../../src/engine/sim/world'
import { v9Triangle } from '../../src/engine/validation/naming'
import { interactiveSpec, job } from '../sim/fixtures'

const S = 1e9
const MS = 1e6

/** Runs a spec by hand up to `until` so the agents can be inspected. */
function drive(spec: ScenarioSpec, mechanism = 'eager-all', until = spec.duration): World {
  const { world, workloads } = buildWorld(spec, job('mobile-ipv4', mechanism))
  for (const w of workloads) world.sched.call(0, () => w.start())
  for (const m of spec.migrations) {
    world.sched.call(parseDuration(m.at), () =>
      world.migrator.request(world.process(m.process), world.node(m.to), 'scheduled'),
    )
  }
  for (const f of spec.failures)
    world.sched.call(parseDuration(f.at), () => world.net.setNodeUp(world.node(f.target), false))
  world.sched.run({ until: parseDuration(until) })
  return world
}

function arch(w: World): MobileIpv4 {
  return w.arch as MobileIpv4
}

/** V9's first case (src/engine/validation/naming.ts): the triangle of the home network, the foreign one and the user. */
function triangleSpec(): ScenarioSpec {
  return ScenarioSpec.parse(v9Triangle('mobile-ipv4'))
}

/** Two processes with homes ws1 and ws3 on one LAN, each typed into from its own remote node; `ha` is the home agent. */
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
        { name: 'r1', kind: 'host', role: 'remote' },
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
      { kind: 'interactive', name: 'u1', process: 'p1', client: 'r1', thinkTime: { dist: 'constant', value: '100ms' } },
      { kind: 'interactive', name: 'u2', process: 'p2', client: 'r2', thinkTime: { dist: 'constant', value: '100ms' } },
    ],
    migrations: [{ process: 'p1', to: 'ws2', at: '5s' }],
    agents: { homeAgent: 'ha' },
    transport: { preset: 'rfc', retries: 3, onMoveWithoutSupport: 'reset' },
    compare: { architectures: ['mobile-ipv4'], mechanisms: ['eager-all'] },
    ...over,
  } satisfies ScenarioSpecInput)
}

describe('mobile-ipv4: a single move of an interactive job', () => {
  const r = simulate(interactiveSpec(), job('mobile-ipv4', 'eager-all'))
  const m = r.migrations[0]
  const c = m.connections[0]

  it('keeps the connection: no reset, no timeout, no reconnection', () => {
    expect(r.status, r.error).toBe('ok')
    expect(c.broken).toBe(false)
    expect(r.summary['connection.resets']).toBe(0)
    expect(r.summary['connection.timeouts']).toBe(0)
    expect(r.summary['connection.reconnects']).toBe(0)
  })

  it('pays TCP back-off: packets tunnelled to the old host are lost and the peer waits for its RTO', () => {
    // The path is usable again one registration RTT (< 1 ms on the LAN) after the resume, but the
    // user's segment lost during the freeze is only retransmitted after its 1 s RTO (§1.3).
    expect(c.lost).toBeGreaterThan(0)
    expect(r.drops.frozen).toBeGreaterThan(0)
    expect(m.freeze).toBeLessThan(1 * S)
    expect(c.outageIn!).toBeGreaterThanOrEqual(1 * S)
    expect(c.outageIn!).toBeLessThan(m.freeze + 1 * S)
  })

  it('signals one registration and a gratuitous ARP, and leaves the gateway as home agent for good', () => {
    expect(m.controlMessages).toBe(3)
    // Request 74 B, reply 70 B (RFC 5944 §3.3–3.5 with the authentication extension), ARP 28 B.
    expect(m.controlBytes).toBe(74 + 70 + 28)
    expect(m.residualDependencies).toEqual([{ node: 'gw', what: 'home agent', from: m.resumeAt, until: null }])
  })

  it('routes in a triangle: the user → home agent → tunnel → process; the process → user directly', () => {
    const w = drive(interactiveSpec(), 'eager-all', '20s')
    const p = w.process('shell')
    const ha = arch(w).homeAgent(p)
    expect(ha.node.name).toBe('gw')
    expect(ha.tunnelled).toBeGreaterThan(50) // ≈ one keystroke per 100 ms for 9 s
    expect(ha.reverseTunnelled).toBe(0)
    expect(ha.bindings.get(arch(w).homeAddress(p))?.coa).toBe(w.node('ws2').address)
    // With the home agent at the gateway the triangle costs only the 20-byte tunnel header.
    expect(c.stretchAfter!).toBeGreaterThan(1)
    expect(c.stretchAfter!).toBeLessThan(1.01)
  })
})

describe('mobile-ipv4: V9 triangle stretch', () => {
  it('R–HA 40 ms, HA–B 40 ms, R–B 10 ms give R→P 80 ms, a stretch of 8', () => {
    const r = simulate(triangleSpec(), job('mobile-ipv4', 'eager-all'))
    expect(r.status, r.error).toBe('ok')
    const c = r.migrations[0].connections[0]
    // LAN hops add a few µs and serialisation a few more to both paths.
    expect(c.stretchAfter!).toBeGreaterThan(7.9)
    expect(c.stretchAfter!).toBeLessThan(8.1)
  })

  it('with the home agent at the cluster gateway (R–G 40 ms, G–B 0.2 ms) the stretch is ≈ 1.0 and registration costs one LAN RTT', () => {
    const spec = interactiveSpec({
      topology: {
        networks: [{ name: 'cluster', kind: 'lan', bandwidth: '1Gbps', latency: '100us' }],
        nodes: [
          { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
          { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
          { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
          { name: 'remote', kind: 'host', role: 'remote' },
        ],
        links: [{ name: 'wan', a: 'gw', b: 'remote', bandwidth: '100Mbps', latency: '40ms' }],
      },
    })
    const r = simulate(spec, job('mobile-ipv4', 'eager-all'))
    expect(r.status, r.error).toBe('ok')
    const m = r.migrations[0]
    expect(m.connections[0].stretchAfter!).toBeCloseTo(1.0, 2)
    // The home agent answers one LAN crossing (0.2 ms: two 100 µs attachments) after a request
    // reaches it, so a registration costs one LAN round trip (0.4 ms) — plus, the first time, the
    // new host's ARP exchange for the agent's address (another round trip).
    const w = drive({ ...spec, architectureOptions: { 'mobile-ipv4': { lifetime: '2s' } } }, 'eager-all', '13s')
    const rq = w.recorder.control.filter((x) => x.what === 'registration-request')
    const rp = w.recorder.control.filter((x) => x.what === 'registration-reply')
    expect(rq).toHaveLength(2)
    expect(rp[0].t - rq[0].t).toBeGreaterThan(0.6 * MS)
    expect(rp[0].t - rq[0].t).toBeLessThan(0.61 * MS)
    expect(rp[1].t - rq[1].t).toBeGreaterThan(0.2 * MS)
    expect(rp[1].t - rq[1].t).toBeLessThan(0.21 * MS)
  })
})

describe('mobile-ipv4: moves and options', () => {
  it('deregisters on return home: the binding and the dependency end, traffic stops going through the agent', () => {
    const spec = interactiveSpec({
      migrations: [
        { process: 'shell', to: 'ws2', at: '5s' },
        { process: 'shell', to: 'ws1', at: '10s' },
      ],
      duration: '20s',
    })
    const w = drive(spec, 'eager-all', '20s')
    const p = w.process('shell')
    const ha = arch(w).homeAgent(p)
    expect(ha.bindings.size).toBe(0)
    expect(ha.iface.proxyArp.size).toBe(0)
    const whats = w.recorder.control.map((x) => x.what)
    expect(whats.filter((x) => x === 'registration-request')).toHaveLength(2) // register, deregister
    expect(whats.filter((x) => x === 'gratuitous-arp')).toHaveLength(2) // agent captures, node returns
    const dep = w.recorder.residuals.filter((d) => d.process === 'shell')
    expect(dep).toHaveLength(1)
    expect(dep[0].until).not.toBeNull()
    const r = simulate(spec, job('mobile-ipv4', 'eager-all'))
    expect(r.summary['connection.resets'] + r.summary['connection.timeouts']).toBe(0)
    expect(r.migrations[1].connections[0].stretchAfter!).toBeLessThan(1.01)
  })

  it('reverse tunnelling sends the process’s packets through the home agent too', () => {
    const w = drive(
      interactiveSpec({ architectureOptions: { 'mobile-ipv4': { reverseTunnel: true } } }),
      'eager-all',
      '20s',
    )
    const ha = arch(w).homeAgent(w.process('shell'))
    expect(ha.reverseTunnelled).toBeGreaterThan(50)
  })

  it('a process on the home agent’s own host is served locally, reverse tunnel or not', () => {
    for (const reverseTunnel of [false, true]) {
      const spec = interactiveSpec({
        agents: { homeAgent: 'ws3' },
        migrations: [{ process: 'shell', to: 'ws3', at: '5s' }],
        duration: '15s',
        architectureOptions: { 'mobile-ipv4': { reverseTunnel } },
      })
      const r = simulate(spec, job('mobile-ipv4', 'eager-all'))
      expect(r.summary['connection.resets'] + r.summary['connection.timeouts']).toBe(0)
      expect(r.samples['typing.echo'].t.some((t) => t > 14 * S)).toBe(true)
    }
  })

  it('registers again before the lifetime runs out', () => {
    const w = drive(interactiveSpec({ architectureOptions: { 'mobile-ipv4': { lifetime: '4s' } } }), 'eager-all', '20s')
    const rq = w.recorder.control.filter((x) => x.what === 'registration-request')
    // Resume at ≈ 10.7 s, then every 3.6 s (90 % of 4 s) until 20 s.
    expect(rq).toHaveLength(3)
    expect((rq[1].t - rq[0].t) / S).toBeCloseTo(3.6, 2)
    expect(rq[1].migration).toBe(-1) // refreshes belong to no move
  })

  it('works with every migration mechanism', () => {
    for (const mech of MECHANISMS.map((x) => x.id)) {
      const r = simulate(
        interactiveSpec({ duration: '15s', migrations: [{ process: 'shell', to: 'ws2', at: '5s' }] }),
        job('mobile-ipv4', mech),
      )
      expect(r.status, `${mech}: ${r.error}`).toBe('ok')
      expect(r.summary['connection.resets'] + r.summary['connection.timeouts'], mech).toBe(0)
      expect(r.migrations[0].connections[0].outageIn, mech).not.toBeNull()
    }
  })

  it('refuses bad options and a home agent off the home link, naming them', () => {
    const bad = simulate(
      interactiveSpec({ architectureOptions: { 'mobile-ipv4': { lifetime: '70000s' } } }),
      job('mobile-ipv4', 'eager-all'),
    )
    expect(bad.status).toBe('failed')
    expect(bad.error).toContain('architectureOptions.mobile-ipv4.lifetime')
    const typo = simulate(
      interactiveSpec({ architectureOptions: { 'mobile-ipv4': { reverse: true } } }),
      job('mobile-ipv4', 'eager-all'),
    )
    expect(typo.error).toContain('architectureOptions.mobile-ipv4.reverse: unknown option')
    const off = simulate(interactiveSpec({ agents: { homeAgent: 'remote' } }), job('mobile-ipv4', 'eager-all'))
    expect(off.status).toBe('failed')
    expect(off.error).toContain('agents.homeAgent "remote" is not attached to "cluster"')
  })
})

describe('mobile-ipv4: the home agent fails', () => {
  it('breaks exactly the connections that depend on it', () => {
    const r = simulate(
      twoUsersSpec({ failures: [{ kind: 'node', target: 'ha', at: '10s' }] }),
      job('mobile-ipv4', 'eager-all'),
    )
    expect(r.status, r.error).toBe('ok')
    const u1 = r.connections.find((c) => c.id === 'u1')!
    const u2 = r.connections.find((c) => c.id === 'u2')!
    // p1 moved and depends on the agent: its user's segments are no longer captured, and TCP
    // gives up after 3 retransmissions (1 + 2 + 4 + 8 s). p2 never left home: untouched.
    expect(u1.timeouts).toBeGreaterThanOrEqual(1)
    expect(u2.timeouts + u2.resets).toBe(0)
    expect(u2.outages).toEqual([])
    // Until the failure, p1's connection worked through the agent.
    const echoes = r.samples['u1.echo']
    expect(echoes.t.some((t) => t > 6 * S && t < 10 * S)).toBe(true)
    expect(echoes.t.some((t) => t > 11 * S)).toBe(false)
  })

  it('a recovered agent has lost its bindings: traffic resumes only with the next registration', () => {
    const spec = twoUsersSpec({
      failures: [{ kind: 'node', target: 'ha', at: '10s', recover: '12s' }],
      architectureOptions: { 'mobile-ipv4': { lifetime: '10s' } },
    })
    const w = drive(spec, 'eager-all', '40s')
    const refresh = w.recorder.control.find((c) => c.what === 'registration-request' && c.t > 12 * S)!
    const r = simulate(spec, job('mobile-ipv4', 'eager-all'))
    const u1 = r.connections.find((c) => c.id === 'u1')!
    const outage = u1.outages.find((o) => o.direction === 'in' && o.from < 10 * S && o.to > 10 * S)!
    expect(outage.to).toBeGreaterThan(refresh.t)
    expect(outage.to).toBeLessThan(refresh.t + 0.5 * S)
    expect(u1.timeouts + u1.resets).toBe(0)
  })

  it('a process that starts away from home registers before its first move', () => {
    const spec = interactiveSpec({ processes: [{ name: 'shell', host: 'ws3', home: 'ws1', memory: { size: '1MB' } }] })
    const w = drive(spec, 'eager-all', '2s')
    const first = w.recorder.control[0]
    expect([first.what, first.t, first.migration]).toEqual(['registration-request', 0, -1])
    expect(w.recorder.residuals.map((d) => [d.node, d.migration])).toEqual([['gw', -1]])
    const r = simulate(spec, job('mobile-ipv4', 'eager-all'))
    expect(r.summary['connection.resets'] + r.summary['connection.timeouts']).toBe(0)
  })

  it('without the failure both connections live', () => {
    const r = simulate(twoUsersSpec(), job('mobile-ipv4', 'eager-all'))
    expect(r.summary['connection.timeouts'] + r.summary['connection.resets']).toBe(0)
  })
})

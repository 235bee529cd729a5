// Sprite home-node forwarding (MODELS.md §2b): the peer's connection never changes and never
// backs off (the IP server keeps acknowledging while the process is frozen), every exchange pays
// the extra LAN crossings of the pseudo-device RPCs once the process is away from the server's
// host, the home machine and the IP server host are permanent dependencies, and their failures
// break exactly the connections that depend on them.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import { parseDuration } from '../../src/engine/core'
import type { SpriteHome } from '../../src/engine/naming/sprite-home'
import { buildWorld, simulate } from '../../src/engine/run/simulate'
import { ScenarioSpec, type ScenarioSpecInput } from '../../src/engine/scenario/spec'
import type { World } from '../../src/engine/sim/world'
import { TcpConnection } from '../../src/engine/transport/tcp'
import { interactiveSpec, job } from '../sim/fixtures'

const S = 1e9
const MS = 1e6

function drive(spec: ScenarioSpec, until = spec.duration): World {
  const { world, workloads } = buildWorld(spec, job('sprite-home', 'eager-all'))
  for (const w of workloads) world.sched.call(0, () => w.start())
  for (const m of spec.migrations) {
    world.sched.call(parseDuration(m.at), () =>
      world.migrator.request(world.process(m.process), world.node(m.to), 'scheduled'),
    )
  }
  world.sched.run({ until: parseDuration(until) })
  return world
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

/** Two processes (homes ws1 and ws3), one user each; the IP server runs on `ips`. p1 moves to ws2. */
function twoUsersSpec(over: Partial<ScenarioSpecInput> = {}): ScenarioSpec {
  return ScenarioSpec.parse({
    specVersion: 1,
    name: 'two-users',
    duration: '40s',
    topology: {
      networks: [{ name: 'cluster', kind: 'lan', bandwidth: '100Mbps', latency: '100us' }],
      nodes: [
        { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
        { name: 'ips', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws3', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'r1', kind: 'host', role: 'remote', legacy: true },
        { name: 'r2', kind: 'host', role: 'remote', legacy: true },
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
        port: 5001,
        thinkTime: { dist: 'constant', value: '100ms' },
      },
      {
        kind: 'interactive',
        name: 'u2',
        process: 'p2',
        client: 'r2',
        port: 5002,
        thinkTime: { dist: 'constant', value: '100ms' },
      },
    ],
    migrations: [{ process: 'p1', to: 'ws2', at: '5s' }],
    agents: { ipServer: 'ips' },
    transport: { preset: 'rfc', retries: 3, onMoveWithoutSupport: 'reset' },
    compare: { architectures: ['sprite-home'], mechanisms: ['eager-all'] },
    ...over,
  } satisfies ScenarioSpecInput)
}

describe('sprite-home: a single move of an interactive job', () => {
  const r = simulate(interactiveSpec(), job('sprite-home', 'eager-all'))
  const m = r.migrations[0]
  const c = m.connections[0]

  it('changes nothing the peer sees: no loss, no retransmission, no reset, no reconnection', () => {
    expect(r.status, r.error).toBe('ok')
    expect(c.broken).toBe(false)
    expect(c.lost).toBe(0)
    expect(r.summary['connection.retransmissions']).toBe(0)
    expect(r.summary['connection.resets'] + r.summary['connection.timeouts'] + r.summary['connection.reconnects']).toBe(
      0,
    )
    expect(r.drops).toEqual({})
  })

  it('has an outage of the freeze plus the stream migration, without TCP back-off', () => {
    expect(c.outageIn!).toBeGreaterThan(m.freeze)
    expect(c.outageIn!).toBeLessThan(m.freeze + 5 * MS)
  })

  it('tells the home machine and migrates the two streams (listener and connection): six RPC messages', () => {
    expect(m.controlMessages).toBe(6)
    expect(m.controlBytes).toBe(72 + 64 + 2 * (104 + 64))
    expect(m.namingUpdatedAt! - m.resumeAt).toBeLessThan(1 * MS)
    expect(m.residualDependencies).toEqual([
      { node: 'ws1', what: 'home machine', from: m.resumeAt, until: null },
      { node: 'ws1', what: 'IP server', from: m.resumeAt, until: null },
    ])
  })

  it('pays the extra LAN crossings on every exchange once away from the IP server', () => {
    // One-way user → process: WAN to the server, then wake-up, read request, read reply on the LAN.
    expect(c.stretchAfter!).toBeGreaterThan(1.01)
    expect(c.stretchAfter!).toBeLessThan(1.05)
    // The echo adds the write RPC: four LAN crossings of ≈ 0.2 ms (two 100 µs attachments) each.
    const echo = r.samples['typing.echo']
    const before = median(echo.v.filter((_, i) => echo.t[i] < 10 * S))
    const after = median(echo.v.filter((_, i) => echo.t[i] > 12 * S))
    expect(after - before).toBeGreaterThan(0.8 * MS)
    expect(after - before).toBeLessThan(1.2 * MS)
  })

  it('keeps the TCP endpoint at the IP server: the peer talks to the same address and port throughout', () => {
    const w = drive(interactiveSpec(), '20s')
    const remote = w
      .stack(w.node('remote'))
      .connections()
      .filter((x) => x.remotePort === 5000)
    expect(remote).toHaveLength(1)
    expect(remote[0].remoteAddr).toBe(w.node('ws1').address)
    const server = (w.arch as SpriteHome).ipServer(w.process('shell'))
    expect(server.node.name).toBe('ws1')
    const [socket] = [...server.sockets]
    expect(socket.carrier).toBeInstanceOf(TcpConnection)
    expect(socket.carrier.stack.node.name).toBe('ws1')
    expect(w.process('shell').connections.size).toBe(0) // nothing transport-level moved
  })
})

describe('sprite-home: long freezes and mechanisms', () => {
  it('the IP server keeps acknowledging through a freeze longer than the RTO', () => {
    const spec = interactiveSpec({ processes: [{ name: 'shell', host: 'ws1', memory: { size: '32MB' } }] })
    const r = simulate(spec, job('sprite-home', 'eager-all'))
    const m = r.migrations[0]
    expect(m.freeze).toBeGreaterThan(2 * S)
    expect(r.summary['connection.retransmissions']).toBe(0)
    expect(m.connections[0].outageIn!).toBeLessThan(m.freeze + 5 * MS)
    // The same move under Mobile IPv4 loses segments and backs off: a gap of F ≈ 2.7 s costs
    // RTO · (2² − 1) = 3 s (MODELS.md V2).
    const mip = simulate(spec, job('mobile-ipv4', 'eager-all'))
    expect(mip.summary['connection.retransmissions']).toBeGreaterThan(0)
    expect(mip.migrations[0].connections[0].outageIn!).toBeGreaterThan(3 * S)
  })

  it('works with every migration mechanism', () => {
    for (const mech of MECHANISMS.map((x) => x.id)) {
      const r = simulate(
        interactiveSpec({ duration: '15s', migrations: [{ process: 'shell', to: 'ws2', at: '5s' }] }),
        job('sprite-home', mech),
      )
      expect(r.status, `${mech}: ${r.error}`).toBe('ok')
      expect(r.summary['connection.retransmissions'] + r.summary['connection.resets'], mech).toBe(0)
      expect(r.migrations[0].connections[0].outageIn, mech).not.toBeNull()
    }
  })

  it('a process that moves home again sheds its home dependency but keeps the IP server', () => {
    const spec = twoUsersSpec({
      migrations: [
        { process: 'p1', to: 'ws2', at: '5s' },
        { process: 'p1', to: 'ws1', at: '10s' },
      ],
      duration: '15s',
    })
    const r = simulate(spec, job('sprite-home', 'eager-all'))
    const [m1, m2] = r.migrations
    expect(m1.residualDependencies.map((d) => [d.node, d.what, d.until])).toEqual([
      ['ws1', 'home machine', m2.resumeAt],
      ['ips', 'IP server', m2.resumeAt],
    ])
    expect(m2.residualDependencies.map((d) => [d.node, d.what, d.until])).toEqual([['ips', 'IP server', null]])
    expect(m2.controlMessages).toBe(4) // no location update: home is local; two stream migrations
  })
})

describe('sprite-home: connections the process opens', () => {
  it('are opened by the IP server and survive the rank’s move (parallel job with a data source and a coordinator)', () => {
    const spec = interactiveSpec({
      processes: [
        { name: 'r0', host: 'ws1', memory: { size: '1MB' } },
        { name: 'r1', host: 'ws2', memory: { size: '1MB' } },
      ],
      workloads: [
        {
          kind: 'bsp',
          name: 'job',
          ranks: ['r0', 'r1'],
          iterations: 40,
          compute: { dist: 'constant', value: '100ms' },
          messageSize: '16KiB',
          external: [
            { rank: 'r0', peer: 'remote', role: 'data-source', bytes: '4KiB' },
            { rank: 'r0', peer: 'remote', role: 'coordinator', bytes: '1KiB' },
          ],
        },
      ],
      migrations: [{ process: 'r0', to: 'ws3', at: '2s' }],
      duration: '20s',
    })
    const r = simulate(spec, job('sprite-home', 'eager-all'))
    expect(r.status, r.error).toBe('ok')
    expect(r.summary['bsp.iterations']).toBe(40)
    expect(
      r.summary['connection.resets'] + r.summary['connection.timeouts'] + r.summary['connection.retransmissions'],
    ).toBe(0)
    // Two stream migrations (one per connection) and the location update, each with its reply.
    expect(r.migrations[0].controlMessages).toBe(6)
    const w = drive(spec, '3s')
    const peers = w
      .stack(w.node('remote'))
      .connections()
      .filter((c) => c.localPort === 6000)
    expect(peers.map((c) => c.remoteAddr)).toEqual([w.node('ws1').address, w.node('ws1').address])
  })
})

describe('sprite-home: failures', () => {
  it('killing the home machine kills the process and closes exactly its connection', () => {
    const r = simulate(
      twoUsersSpec({ failures: [{ kind: 'node', target: 'ws1', at: '10s' }] }),
      job('sprite-home', 'eager-all'),
    )
    expect(r.status, r.error).toBe('ok')
    expect(r.summary['process.died']).toBe(1)
    const u1 = r.connections.find((c) => c.id === 'u1')!
    const u2 = r.connections.find((c) => c.id === 'u2')!
    // p1's kernel on ws2 closes its streams: the peer gets a FIN, and its reconnections are refused.
    expect(u1.resets).toBeGreaterThanOrEqual(1)
    expect(r.samples['u1.echo'].t.some((t) => t > 10.1 * S)).toBe(false)
    expect(u2.timeouts + u2.resets + u2.reconnects).toBe(0)
    expect(r.samples['u2.echo'].t.some((t) => t > 35 * S)).toBe(true)
  })

  it('killing the IP server host breaks every connection it holds', () => {
    const r = simulate(
      twoUsersSpec({ failures: [{ kind: 'node', target: 'ips', at: '10s' }] }),
      job('sprite-home', 'eager-all'),
    )
    for (const id of ['u1', 'u2']) {
      const u = r.connections.find((c) => c.id === id)!
      expect(u.timeouts, id).toBeGreaterThanOrEqual(1)
      expect(
        r.samples[`${id}.echo`].t.some((t) => t > 10.1 * S),
        id,
      ).toBe(false)
    }
    expect(r.summary['process.died']).toBe(0)
  })
})

describe('sprite-home: configuration', () => {
  it('refuses options, an IP server that is not a cluster host, and two services on one port', () => {
    const opt = simulate(
      interactiveSpec({ architectureOptions: { 'sprite-home': { rpc: 'fast' } } }),
      job('sprite-home', 'eager-all'),
    )
    expect(opt.error).toContain('architectureOptions.sprite-home.rpc: unknown option; this architecture has no options')
    const gw = simulate(interactiveSpec({ agents: { ipServer: 'gw' } }), job('sprite-home', 'eager-all'))
    expect(gw.error).toContain('agents.ipServer "gw" is not a cluster host')
    const clash = simulate(
      twoUsersSpec({
        workloads: twoUsersSpec().workloads.map((w) => ({ ...w, port: 5000 })),
      }),
      job('sprite-home', 'eager-all'),
    )
    expect(clash.status).toBe('failed')
    expect(clash.error).toContain('both listen on port 5000 at the IP server on "ips"')
  })
})

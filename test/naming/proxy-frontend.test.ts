// The cluster front-end as a permanent, stateful dependency: its crash breaks the connections
// through it (the clients reconnect once it is back); where it can run; what each variant does with
// connections the process opens itself; and the option's errors.

import { describe, expect, it } from 'vitest'
import { SECOND } from '../../src/engine/core'
import { scheduleMigrations } from '../../src/engine/proc/triggers'
import { buildWorld, simulate } from '../../src/engine/run/simulate'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import type { Stream } from '../../src/engine/transport/stream'
import { interactiveSpec, job } from '../sim/fixtures'
import { echoes } from './backoff'

type Variant = 'nat' | 'handoff' | 'splice'

/** The fixture with a second router on the cluster LAN, "fe", as the front-end (one-armed). */
function withFrontEnd(variant: Variant, over: Partial<ScenarioSpecInput> = {}) {
  const base = interactiveSpec()
  return interactiveSpec({
    topology: {
      ...base.topology,
      nodes: [...base.topology.nodes, { name: 'fe', kind: 'router', attach: [{ network: 'cluster' }] }],
    },
    agents: { director: 'fe' },
    architectureOptions: { proxy: { variant } },
    ...over,
  })
}

describe('proxy: the front-end is a permanent dependency', () => {
  for (const variant of ['nat', 'handoff', 'splice'] as const) {
    it(`${variant}: a crash of the front-end breaks the connection; the client reconnects once it is back`, () => {
      const r = simulate(
        withFrontEnd(variant, { failures: [{ kind: 'node', target: 'fe', at: '15s', recover: '17s' }] }),
        job('proxy', 'eager-all'),
      )
      expect(r.status).toBe('ok')
      const m = r.migrations[0]
      expect(m.residualDependencies).toEqual([
        { node: 'fe', what: `front-end (${variant})`, from: m.resumeAt, until: null },
      ])
      // The move at 10 s went through the front-end without breaking anything...
      expect(m.connections[0].broken).toBe(false)
      // ...its crash did: nothing while it is down, then a reset (it forgot the connection) and a reconnect.
      const e = echoes(r)
      expect(e.filter((x) => x.t > 15.05 * SECOND && x.t < 17 * SECOND)).toEqual([])
      expect(r.summary['connection.resets']).toBe(1)
      expect(r.summary['connection.reconnects']).toBe(1)
      expect(e.filter((x) => x.t > 17 * SECOND && x.t < 19 * SECOND).length).toBeGreaterThan(0)
      expect(e.filter((x) => x.t > 25 * SECOND).length).toBeGreaterThan(10)
    })
  }

  it('a front-end that stays down leaves the process unreachable', () => {
    const r = simulate(
      withFrontEnd('nat', { failures: [{ kind: 'node', target: 'fe', at: '15s' }] }),
      job('proxy', 'eager-all'),
    )
    expect(echoes(r).filter((x) => x.t > 15.05 * SECOND)).toEqual([])
  })

  it('nat refuses a process the director cannot be the gateway of', () => {
    const base = interactiveSpec()
    const spec = interactiveSpec({
      topology: {
        networks: [...base.topology.networks, { name: 'annex', kind: 'lan', prefix: '10.2.0.0/24' }],
        nodes: [
          ...base.topology.nodes,
          { name: 'gw2', kind: 'router', attach: [{ network: 'annex' }] },
          { name: 'ws9', kind: 'host', attach: [{ network: 'annex' }] },
        ],
        links: [...base.topology.links, { name: 'gw-gw2', a: 'gw', b: 'gw2', bandwidth: '100Mbps', latency: '1ms' }],
      },
      migrations: [{ process: 'shell', to: 'ws9', at: '10s' }],
    })
    const nat = simulate(spec, job('proxy', 'eager-all'))
    expect(nat.status).toBe('failed')
    expect(nat.error).toMatch(
      /proxy \(nat\) cannot serve process "shell" on ws9: the director "gw" is not on a LAN with it/,
    )
    // Handoff tunnels to the back-end and the splicing proxy connects to it: both reach another LAN.
    for (const variant of ['handoff', 'splice']) {
      const r = simulate(
        interactiveSpec({ ...spec, architectureOptions: { proxy: { variant } } }),
        job('proxy', 'eager-all'),
      )
      expect(r.status, variant).toBe('ok')
      expect(r.migrations[0].connections[0].broken, variant).toBe(false)
      expect(r.migrations[0].connections[0].outageIn, variant).not.toBeNull()
    }
  })

  it('names the option and the variants on a bad variant', () => {
    const r = simulate(
      interactiveSpec({ architectureOptions: { proxy: { variant: 'dsr' } } }),
      job('proxy', 'eager-all'),
    )
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/architectureOptions\.proxy\.variant: must be one of "nat", "handoff", "splice", got "dsr"/)
    const typo = simulate(
      interactiveSpec({ architectureOptions: { proxy: { varient: 'nat' } } }),
      job('proxy', 'eager-all'),
    )
    expect(typo.error).toMatch(/architectureOptions\.proxy\.varient: unknown option/)
  })
})

/**
 * The process opens a connection to a remote echo service and writes a message every 100 ms
 * across its move at 10 s; returns what the remote saw and how many echoes came back.
 */
function outbound(variant: Variant) {
  const { world } = buildWorld(
    interactiveSpec({ workloads: [], architectureOptions: { proxy: { variant } } }),
    job('proxy', 'eager-all'),
  )
  const p = world.process('shell')
  const remote = world.node('remote')
  const seenFrom = new Set<number>()
  world.stack(remote).listen(9000, (c) => {
    seenFrom.add(c.remoteAddr)
    c.app = { onMessage: (s, tag, bytes) => s.send(bytes, tag) }
  })
  const echoedAt: number[] = []
  let stream: Stream | null = null
  world.arch.connectFromProcess(p, remote, 9000, {
    onConnected: (s) => {
      stream = s
    },
    onMessage: () => echoedAt.push(world.now),
  })
  const tick = () => {
    stream?.send(100)
    if (world.now < 20 * SECOND) world.sched.call(world.now + 100e6, tick)
  }
  world.sched.call(100e6, tick)
  scheduleMigrations(world)
  world.sched.run({ until: 22 * SECOND })
  return { world, seenFrom, echoedAt }
}

describe('proxy: connections the process opens', () => {
  for (const variant of ['nat', 'handoff', 'splice'] as const) {
    it(`${variant}: the peer sees the virtual IP, and the connection survives the move`, () => {
      const { world, seenFrom, echoedAt } = outbound(variant)
      const vip = world.net.ownerOf([...seenFrom][0])
      expect(vip?.name).toBe('gw') // the front-end's virtual IP, not a host's address
      expect(seenFrom.size).toBe(1)
      expect(echoedAt.filter((t) => t > 12 * SECOND).length).toBeGreaterThan(70)
      expect(world.process('shell').host.name).toBe('ws2')
    })

    it(`${variant}: a refused connection reaches the process's application as a reset`, () => {
      const { world } = buildWorld(
        interactiveSpec({ workloads: [], architectureOptions: { proxy: { variant } } }),
        job('proxy', 'eager-all'),
      )
      const seen: string[] = []
      world.arch.connectFromProcess(world.process('shell'), world.node('remote'), 9999, {
        onConnected: () => seen.push('connected'),
        onReset: () => seen.push('reset'),
      })
      world.sched.run({ until: 1 * SECOND })
      expect(seen).toEqual(['reset'])
    })
  }
})

// FARA (MODELS.md §2f, semantics inferred): associations open with their first packet after a
// directory lookup; a move sends an authenticated forwarding-directive update inside each
// association and re-registers with the directory, then traffic goes direct; the transport pays
// its back-off; with an M-agent only the agent learns of the move, peers never see an inner
// locator, and the agent is a detour and a dependency for all traffic.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import { MS } from '../../src/engine/core'
import { FARA_PROTO } from '../../src/engine/naming/fara/wire'
import { simulate } from '../../src/engine/run/simulate'
import { interactiveSpec, job } from '../sim/fixtures'
import { agentSpec, driveWorld, lateUser, sparseTyping, typing, withLegacy } from './agent-fixture'
import { controlBetween, echoes, firstEchoAfter, oneWayBefore, resumesAt, SECOND } from './backoff'

const fara = (mechanism = 'eager-all') => job('fara', mechanism)

describe('fara on the single-migration interactive scenario', () => {
  const r = simulate(interactiveSpec(), fara())
  const m = r.migrations[0]

  it('opens the association with its first packet, after a directory lookup: no signalling', () => {
    expect(r.status).toBe('ok')
    expect(controlBetween(r, 0, m.freezeAt)).toEqual([])
    // Lookup (one round trip to the directory on the gateway) and the TCP handshake.
    expect(r.connections[0].openedAt).toBeGreaterThan(80 * MS)
    expect(r.connections[0].openedAt).toBeLessThan(82 * MS)
  })

  it('sends a directive update inside the association and re-registers, then goes direct', () => {
    const after = controlBetween(r, m.resumeAt, m.resumeAt + SECOND).map((c) => [c.what, c.from, c.to])
    expect(after).toEqual([
      ['fara-fds-register', 'ws2', 'gw'],
      ['fara-fd-update', 'ws2', 'remote'],
      ['fara-fds-registered', 'gw', 'ws2'],
      ['fara-fd-ack', 'remote', 'ws2'],
    ])
    expect(m.controlMessages).toBe(4)
    // The update is complete when the peer's acknowledgement is back (and authenticated).
    const ack = controlBetween(r, m.resumeAt, r.simulated).find((c) => c.what === 'fara-fd-ack')!
    expect(m.namingUpdatedAt! - ack.t).toBeGreaterThan(20 * MS)
    expect(m.namingUpdatedAt! - ack.t).toBeLessThan(21 * MS)
    const c = m.connections[0]
    expect(c.broken).toBe(false)
    expect(c.stretchAfter).toBeGreaterThan(0.99)
    expect(c.stretchAfter).toBeLessThan(1.02)
    expect(r.summary['connection.resets']).toBe(0)
    expect(m.residualDependencies).toEqual([
      { node: 'gw', what: 'FARA directory (new contacts)', from: m.resumeAt, until: null },
    ])
  })

  it('leaves the transport to its back-off: traffic resumes at the first retransmission after the update', () => {
    const s = simulate(interactiveSpec({ workloads: [sparseTyping()] }), fara())
    const sm = s.migrations[0]
    const lost = firstEchoAfter(s, sm)
    expect(lost.typed).toBe(sm.freezeAt)
    const update = controlBetween(s, sm.resumeAt, s.simulated).find((c) => c.what === 'fara-fd-update')!
    const expected = resumesAt(lost.typed, SECOND, update.t) + oneWayBefore(s, sm) - sm.freezeAt
    expect(Math.abs(sm.connections[0].outageIn! - expected)).toBeLessThan(1 * MS)
  })
})

describe('fara with an M-agent (M-FARA)', () => {
  const spec = (over: Parameters<typeof agentSpec>[1] = {}) =>
    agentSpec('ma', { architectureOptions: { fara: { mAgent: true } }, agents: { mAgent: 'ma' }, ...over })

  it('updates only the M-agent; peers never see an inner locator, at the price of a detour', () => {
    const sources = new Set<string>()
    const w = driveWorld(spec(), fara(), (world) =>
      world.node('remote').interceptors.push({
        intercept(pkt) {
          if (pkt.proto === FARA_PROTO) sources.add(world.net.ownerOf(pkt.src)!.name)
          return false
        },
      }),
    )
    expect([...sources]).toEqual(['ma'])
    const m = w.recorder.migrations[0]
    const after = w.recorder.control.filter((c) => c.migration === m.id).map((c) => [c.what, c.from, c.to])
    expect(after).toEqual([
      ['fara-magent-update', 'ws2', 'ma'],
      ['fara-magent-ack', 'ma', 'ws2'],
    ])
    const r = simulate(spec(), fara())
    const c = r.migrations[0].connections[0]
    expect(c.broken).toBe(false)
    // remote -> gw -> ma -> gw -> ws2 instead of remote -> gw -> ws2: 10 ms more on 20 ms.
    expect(c.stretchAfter).toBeGreaterThan(1.45)
    expect(c.stretchAfter).toBeLessThan(1.55)
    expect(r.migrations[0].residualDependencies).toEqual([
      { node: 'ma', what: 'M-agent (all traffic)', from: r.migrations[0].resumeAt, until: null },
    ])
  })

  it('the M-agent failing cuts every hidden entity off', () => {
    const r = simulate(spec({ failures: [{ kind: 'node', target: 'ma', at: '15s' }] }), fara())
    expect(r.status).toBe('ok')
    expect(echoes(r).filter((e) => e.t > 12 * SECOND && e.t < 15 * SECOND).length).toBeGreaterThan(10)
    expect(echoes(r).filter((e) => e.t > 15.1 * SECOND)).toEqual([])
  })
})

describe('fara agents, peers and options', () => {
  it('the directory failing breaks new contacts, not existing associations', () => {
    const spec = (failures: { kind: 'node'; target: string; at: string }[]) =>
      agentSpec('fds', { workloads: [typing, lateUser('15s')], agents: { faraDirectory: 'fds' }, failures })
    const healthy = simulate(spec([]), fara())
    const failed = simulate(spec([{ kind: 'node', target: 'fds', at: '5s' }]), fara())
    for (const r of [healthy, failed]) {
      expect(r.status).toBe('ok')
      expect(echoes(r).filter((e) => e.t > 12 * SECOND).length).toBeGreaterThan(100)
      expect(r.migrations[0].connections.find((c) => c.connection === 'typing')!.broken).toBe(false)
    }
    expect(echoes(healthy, 'late').length).toBeGreaterThan(100)
    expect(failed.samples['late.echo']).toBeUndefined()
    // The re-registration is retransmitted with back-off and never acknowledged.
    const m = failed.migrations[0]
    const registers = controlBetween(failed, m.resumeAt, failed.simulated).filter((c) => c.to === 'fds')
    expect(registers.map((c) => c.t - m.resumeAt)).toEqual([0, 1, 3, 7, 15].map((k) => k * SECOND))
  })

  it('works with every migration mechanism', () => {
    for (const mech of MECHANISMS.map((x) => x.id)) {
      const r = simulate(interactiveSpec(), fara(mech))
      expect(r.status, `${mech}: ${r.error}`).toBe('ok')
      const c = r.migrations[0].connections[0]
      expect(c.broken, mech).toBe(false)
      expect(r.summary['connection.resets'], mech).toBe(0)
    }
  })

  it('refuses a legacy peer, and options it does not take', () => {
    const legacy = simulate(withLegacy(interactiveSpec(), 'remote'), fara())
    expect(legacy.status).toBe('failed')
    expect(legacy.error).toMatch(
      /fara cannot serve workload "typing": remote is a legacy host; FARA is a new architecture/,
    )
    const bad = simulate(interactiveSpec({ architectureOptions: { fara: { mAgent: 'yes' } } }), fara())
    expect(bad.error).toMatch(/architectureOptions\.fara\.mAgent/)
  })
})

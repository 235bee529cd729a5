// Cluster front-ends (MODELS.md §2 k1–k3) on the single-migration interactive scenario: what each
// variant signals after a move, its outage (NAT and handoff pay the peer's retransmission back-off;
// the splicing proxy only the freeze and a LAN reconnection), its stretch and its permanent
// dependency on the front-end.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import { simulate } from '../../src/engine/run/simulate'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { interactiveSpec, job } from '../sim/fixtures'
import { controlBetween, firstEchoAfter, oneWayBefore, resumesAt, SECOND } from './backoff'

type Variant = 'nat' | 'handoff' | 'splice'

function spec(variant: Variant, over: Partial<ScenarioSpecInput> = {}) {
  return interactiveSpec({ architectureOptions: { proxy: { variant } }, ...over })
}

/** One command every 5 s: a lost segment is recovered only by the peer's RTO. */
function sparse(variant: Variant) {
  return spec(variant, {
    workloads: [
      {
        kind: 'interactive',
        name: 'typing',
        process: 'shell',
        client: 'remote',
        thinkTime: { dist: 'constant', value: '5s' },
      },
    ],
  })
}

describe('proxy: the signature of one move', () => {
  it('nat: one sync message repoints the director; the peer resumes at its first retransmission after resume', () => {
    const r = simulate(spec('nat'), job('proxy', 'eager-all'))
    expect(r.status).toBe('ok')
    const m = r.migrations[0]
    expect(controlBetween(r, m.freezeAt, r.simulated).map((c) => [c.what, c.from, c.to])).toEqual([
      ['nat-repoint', 'ws2', 'gw'],
    ])
    expect(m.controlBytes).toBe(8 + 36) // ip_vs sync header + one connection record
    expect(m.residualDependencies).toEqual([{ node: 'gw', what: 'front-end (nat)', from: m.resumeAt, until: null }])
    const c = m.connections[0]
    expect(c.broken).toBe(false)
    expect(c.stretchAfter).toBeCloseTo(1, 2)
    expect(c.outageIn).toBeGreaterThan(m.freeze)
    expect(r.drops.frozen).toBeGreaterThan(0)
    // Every segment dropped at the frozen process is charged to the connection, though the
    // director had rewritten its destination from the virtual address to the back-end's.
    expect(c.lost).toBe(r.drops.frozen)
    expect(r.summary['connection.resets']).toBe(0)
  })

  it('handoff: the new host tells the front-end (multiple handoff); tunnelled forwarding costs a header', () => {
    const r = simulate(spec('handoff'), job('proxy', 'eager-all'))
    expect(r.status).toBe('ok')
    const m = r.migrations[0]
    expect(controlBetween(r, m.freezeAt, r.simulated).map((c) => [c.what, c.from, c.to])).toEqual([
      ['tcp-handoff-move', 'ws2', 'gw'],
    ])
    expect(m.residualDependencies).toEqual([{ node: 'gw', what: 'front-end (handoff)', from: m.resumeAt, until: null }])
    // The connection was handed off once, at set-up: the TCB, then the back-end's acknowledgement.
    expect(controlBetween(r, 0, m.freezeAt).map((c) => [c.what, c.from, c.to])).toEqual([
      ['tcp-handoff', 'gw', 'ws1'],
      ['tcp-handoff-ack', 'ws1', 'gw'],
    ])
    const c = m.connections[0]
    expect(c.broken).toBe(false)
    expect(c.stretchAfter).toBeGreaterThan(1)
    expect(c.stretchAfter).toBeLessThan(1.01)
    expect(c.lost).toBeGreaterThan(0)
    expect(r.summary['connection.resets']).toBe(0)
  })

  for (const variant of ['nat', 'handoff'] as const) {
    it(`${variant}: outage quantised by the peer's back-off (MODELS.md §1.3)`, () => {
      const r = simulate(sparse(variant), job('proxy', 'eager-all'))
      const m = r.migrations[0]
      const lost = firstEchoAfter(r, m)
      expect(lost.typed).toBe(m.freezeAt)
      const expected = resumesAt(lost.typed, SECOND, m.resumeAt) + oneWayBefore(r, m) - m.freezeAt
      expect(Math.abs(m.connections[0].outageIn! - expected)).toBeLessThan(0.5e6)
    })
  }

  it('splice: the proxy buffers, reconnects over the LAN and resumes; outage ≈ F + LAN reconnect, no back-off', () => {
    const r = simulate(spec('splice'), job('proxy', 'eager-all'))
    expect(r.status).toBe('ok')
    const m = r.migrations[0]
    const signalled = controlBetween(r, m.freezeAt, r.simulated)
    expect(signalled.map((c) => [c.what, c.from, c.to])).toEqual([
      ['splice-relocate', 'ws2', 'gw'],
      ['splice-resume', 'gw', 'ws2'],
      ['splice-resume', 'ws2', 'gw'],
    ])
    expect(m.controlMessages).toBe(3)
    expect(m.residualDependencies).toEqual([{ node: 'gw', what: 'front-end (splice)', from: m.resumeAt, until: null }])
    const c = m.connections[0]
    // Relocation notice, TCP handshake and resume exchange on a 100 Mbit/s LAN: about a millisecond.
    expect(c.outageIn! - m.freeze).toBeGreaterThan(0)
    expect(c.outageIn! - m.freeze).toBeLessThan(3e6)
    expect(signalled[2].t - m.resumeAt).toBeLessThan(2e6)
    // The client's connection never noticed: nothing lost, nothing retransmitted, no reset.
    expect(c.lost).toBe(0)
    expect(c.retransmissions).toBe(0)
    expect(r.summary['connection.resets']).toBe(0)
    expect(r.summary['interactive.resent']).toBe(0)
    expect(c.stretchAfter).toBeCloseTo(1, 2)
    // Freeze plus the relocation beats every back-off: the first keystroke after it is echoed at once.
    const first = firstEchoAfter(r, m)
    expect(first.t - m.resumeAt).toBeLessThan(50e6)
  })

  it('every variant works with every migration mechanism and a legacy peer', () => {
    const base = interactiveSpec()
    const topology = {
      ...base.topology,
      nodes: base.topology.nodes.map((n) => (n.name === 'remote' ? { ...n, legacy: true } : n)),
    }
    for (const variant of ['nat', 'handoff', 'splice'] as const) {
      for (const mech of MECHANISMS.map((x) => x.id)) {
        const r = simulate(spec(variant, { topology, duration: '15s' }), job('proxy', mech))
        const what = `${variant} × ${mech}`
        expect(r.status, `${what}: ${r.error}`).toBe('ok')
        const c = r.migrations[0].connections[0]
        expect(c.broken, what).toBe(false)
        expect(c.outageIn, what).not.toBeNull()
        expect(r.summary['connection.resets'], what).toBe(0)
        expect(r.summary['interactive.unechoed'], what).toBeLessThanOrEqual(1)
      }
    }
  })
})

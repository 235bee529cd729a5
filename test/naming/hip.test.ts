// HIP (MODELS.md §2e): the base exchange through the rendezvous server before the first segment,
// the UPDATE / echo exchange after a move and direct traffic afterwards, credit-based limits on an
// unverified locator, the transport's back-off (or its restart), the rendezvous server as a
// dependency of new contacts only, and the refusal of a legacy peer.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import { MS } from '../../src/engine/core'
import { CreditCounter } from '../../src/engine/naming/hip/credit'
import { simulate } from '../../src/engine/run/simulate'
import { interactiveSpec, job } from '../sim/fixtures'
import { agentSpec, lateUser, sparseTyping, typing, withLegacy } from './agent-fixture'
import { controlBetween, echoes, firstEchoAfter, oneWayBefore, resumesAt, SECOND } from './backoff'

const hip = (mechanism = 'eager-all') => job('hip', mechanism)

describe('hip on the single-migration interactive scenario', () => {
  const r = simulate(interactiveSpec(), hip())
  const m = r.migrations[0]

  it('completes a base exchange through the rendezvous server before the first segment', () => {
    expect(r.status).toBe('ok')
    const bex = controlBetween(r, 0, m.freezeAt).map((c) => [c.what, c.from, c.to])
    // The rendezvous server runs on the gateway by default; R1 and the rest go direct (RFC 8004 §3.3).
    expect(bex).toEqual([
      ['hip-i1', 'remote', 'gw'],
      ['hip-i1-relayed', 'gw', 'ws1'],
      ['hip-r1', 'ws1', 'remote'],
      ['hip-i2', 'remote', 'ws1'],
      ['hip-r2', 'ws1', 'remote'],
    ])
    const r2 = controlBetween(r, 0, m.freezeAt)[4]
    // The TCP handshake follows R2: the session opens one round trip after it at the earliest.
    expect(r.connections[0].openedAt).toBeGreaterThan(r2.t + 40 * MS)
  })

  it('moves with UPDATE, echo request and echo response, to the peer and the rendezvous server, then goes direct', () => {
    const after = controlBetween(r, m.resumeAt, m.resumeAt + SECOND)
    const withPeer = after.filter((c) => c.from === 'remote' || c.to === 'remote').map((c) => [c.what, c.from, c.to])
    expect(withPeer).toEqual([
      ['hip-update-locator', 'ws2', 'remote'],
      ['hip-update-echo-request', 'remote', 'ws2'],
      ['hip-update-echo-response', 'ws2', 'remote'],
    ])
    const withRvs = after.filter((c) => c.from === 'gw' || c.to === 'gw').map((c) => c.what)
    expect(withRvs).toEqual(['hip-update-locator', 'hip-update-echo-request', 'hip-update-echo-response'])
    expect(m.controlMessages).toBe(6)
    // Echo request to echo response: one round trip to the peer plus its verification and signature.
    const rtt = 2 * oneWayBefore(r, m)
    const span = after.filter((c) => c.from === 'remote' || c.to === 'remote')
    expect(span[2].t - span[0].t).toBeGreaterThan(rtt)
    expect(span[2].t - span[0].t).toBeLessThan(rtt + 10 * MS)
    // The update is complete when the peer has checked the echo: one way and a verification later.
    expect(m.namingUpdatedAt! - (span[2].t + rtt / 2 + 0.1 * MS)).toBeGreaterThanOrEqual(0)
    expect(m.namingUpdatedAt! - (span[2].t + rtt / 2 + 0.1 * MS)).toBeLessThan(1 * MS)
    const c = m.connections[0]
    expect(c.broken).toBe(false)
    expect(c.stretchAfter).toBeGreaterThan(0.99)
    expect(c.stretchAfter).toBeLessThan(1.02)
    expect(r.summary['connection.resets']).toBe(0)
    // Nothing is left on the old host; the rendezvous server stays the contact point for new peers.
    expect(m.residualDependencies).toEqual([
      { node: 'gw', what: 'rendezvous server (new contacts)', from: m.resumeAt, until: null },
    ])
  })
})

describe('hip and the transport', () => {
  const sparse = (restartTransport: boolean) =>
    simulate(
      interactiveSpec({ workloads: [sparseTyping()], architectureOptions: { hip: { restartTransport } } }),
      hip(),
    )

  it('by default the peer waits for its backed-off retransmission timer (MODELS.md §1.3)', () => {
    const r = sparse(false)
    const m = r.migrations[0]
    const lost = firstEchoAfter(r, m)
    expect(lost.typed).toBe(m.freezeAt)
    // The peer may use the new locator as soon as it checked the UPDATE (within credit).
    const update = controlBetween(r, m.resumeAt, r.simulated).find((c) => c.what === 'hip-update-locator')!
    const expected = resumesAt(lost.typed, SECOND, update.t) + oneWayBefore(r, m) - m.freezeAt
    expect(Math.abs(m.connections[0].outageIn! - expected)).toBeLessThan(1 * MS)
  })

  it('with restartTransport the peer retransmits once the echo verified the locator', () => {
    const r = sparse(true)
    const m = r.migrations[0]
    const owd = oneWayBefore(r, m)
    const response = controlBetween(r, m.resumeAt, r.simulated).find(
      (c) => c.what === 'hip-update-echo-response' && c.to === 'remote',
    )!
    // Echo response to the peer, its verification (100 µs), the retransmission back to the process.
    const expected = response.t + owd + 0.1 * MS + owd - m.freezeAt
    expect(Math.abs(m.connections[0].outageIn! - expected)).toBeLessThan(1 * MS)
    expect(m.connections[0].outageIn!).toBeLessThan(sparse(false).migrations[0].connections[0].outageIn! - 100 * MS)
  })
})

describe('hip credit-based authorisation (RFC 8046 §3.3.2)', () => {
  it('earns, spends and ages credit', () => {
    const c = new CreditCounter(0.5, 5 * SECOND, 0)
    c.earn(1000, 0)
    expect(c.spend(600, 1 * SECOND)).toBe(true)
    expect(c.spend(600, 2 * SECOND)).toBe(false)
    // 400 left; two aging steps by 10 s: 400 · 0.5² = 100.
    expect(c.spend(101, 10 * SECOND)).toBe(false)
    expect(c.spend(100, 10 * SECOND)).toBe(true)
    expect(c.spend(1, 10 * SECOND)).toBe(false)
  })

  it('limits what a peer sends to a locator it has not verified yet', () => {
    // A slow verification keeps the new locator UNVERIFIED for a while; credit that ages away at
    // once leaves the peer nothing to send there until the echo returns.
    const spec = (hipOptions: Record<string, unknown>) =>
      interactiveSpec({ architectureOptions: { hip: { verifyCost: '300ms', ...hipOptions } } })
    const limited = simulate(spec({ creditAgingFactor: 0, creditAgingInterval: '1ms' }), hip())
    const generous = simulate(spec({}), hip())
    expect(limited.drops.filtered).toBeGreaterThan(0)
    expect(generous.drops.filtered ?? 0).toBe(0)
    const m = limited.migrations[0]
    // Nothing reached the process before the echo response verified its locator.
    const response = controlBetween(limited, m.resumeAt, limited.simulated).find(
      (c) => c.what === 'hip-update-echo-response' && c.to === 'remote',
    )!
    expect(m.freezeAt + m.connections[0].outageIn!).toBeGreaterThan(response.t)
    expect(m.connections[0].outageIn!).toBeGreaterThan(generous.migrations[0].connections[0].outageIn!)
    expect(limited.summary['connection.resets']).toBe(0)
  })
})

describe('hip costs, agents and peers', () => {
  it('charges the puzzle and public-key work to the base exchange', () => {
    const opened = (o: Record<string, unknown>) =>
      simulate(interactiveSpec({ architectureOptions: { hip: o } }), hip()).connections[0].openedAt!
    // Initiator: verify, DH, sign; responder: DH, verify, sign; initiator: verify — two signatures
    // and two key agreements on the critical path.
    const base = opened({ signCost: '1ms', dhCost: '1ms' })
    const slow = opened({ signCost: '21ms', dhCost: '11ms' })
    expect(slow - base).toBeGreaterThanOrEqual(2 * 20 * MS + 2 * 10 * MS)
    expect(slow - base).toBeLessThan(2 * 20 * MS + 2 * 10 * MS + 1 * MS)
    // A hard puzzle: 2^16 hashes of 1 µs on average.
    const puzzle = opened({ signCost: '1ms', dhCost: '1ms', puzzleDifficulty: 16 })
    expect(puzzle - base).toBeGreaterThan(5 * MS)
  })

  it('the rendezvous server failing breaks new contacts, not existing associations', () => {
    const spec = (failures: { kind: 'node'; target: string; at: string }[]) =>
      agentSpec('rvs', {
        workloads: [typing, lateUser('15s')],
        agents: { rendezvousServer: 'rvs' },
        failures,
      })
    const healthy = simulate(spec([]), hip())
    const failed = simulate(spec([{ kind: 'node', target: 'rvs', at: '5s' }]), hip())
    for (const r of [healthy, failed]) {
      expect(r.status).toBe('ok')
      // The existing association moved with the process: typing goes on after the move.
      expect(echoes(r).filter((e) => e.t > 12 * SECOND).length).toBeGreaterThan(100)
      expect(r.migrations[0].connections.find((c) => c.connection === 'typing')!.broken).toBe(false)
    }
    expect(echoes(healthy, 'late').length).toBeGreaterThan(100)
    expect(failed.samples['late.echo']).toBeUndefined()
    // The late user's I1s go unanswered; the UPDATE to the dead server is retransmitted with back-off.
    const toRvs = controlBetween(failed, 10 * SECOND, failed.simulated).filter((c) => c.to === 'rvs')
    expect(toRvs.filter((c) => c.what === 'hip-i1').length).toBeGreaterThan(1)
    const updates = toRvs.filter((c) => c.what === 'hip-update-locator').map((c) => c.t - toRvs[0].t)
    expect(updates).toEqual([0, 1, 3, 7, 15].map((k) => k * SECOND))
  })

  it('works with every migration mechanism', () => {
    for (const mech of MECHANISMS.map((x) => x.id)) {
      const r = simulate(interactiveSpec(), hip(mech))
      expect(r.status, `${mech}: ${r.error}`).toBe('ok')
      const c = r.migrations[0].connections[0]
      expect(c.broken, mech).toBe(false)
      expect(c.outageIn, mech).not.toBeNull()
      expect(r.summary['connection.resets'], mech).toBe(0)
    }
  })

  it('refuses a legacy peer, and options it does not take', () => {
    const legacy = simulate(withLegacy(interactiveSpec(), 'remote'), hip())
    expect(legacy.status).toBe('failed')
    expect(legacy.error).toMatch(/hip cannot serve workload "typing": remote is a legacy host without a HIP stack/)
    const bad = simulate(interactiveSpec({ architectureOptions: { hip: { signCost: 'fast' } } }), hip())
    expect(bad.status).toBe('failed')
    expect(bad.error).toMatch(/architectureOptions\.hip\.signCost/)
  })
})

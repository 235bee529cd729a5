// DNS rebinding (MODELS.md §2j): a move breaks existing connections as without support; a
// dynamic update points the name at the new host, and a client finds it only once its resolver's
// cached answer expires — or never, within a run, behind a resolver that ignores TTLs. New
// contacts after the update go straight to the new host. The name server is their dependency.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import { MS } from '../../src/engine/core'
import { simulate } from '../../src/engine/run/simulate'
import { interactiveSpec, job } from '../sim/fixtures'
import { agentSpec, lateUser, typing, withLegacy } from './agent-fixture'
import { controlBetween, echoes, SECOND } from './backoff'

const dns = (mechanism = 'eager-all') => job('dns', mechanism)

/** A minute of typing; a second user starts after the move; the name's TTL is `ttl`. */
function spec(options: Record<string, unknown>, over: Parameters<typeof agentSpec>[1] = {}) {
  return agentSpec('ns', {
    duration: '60s',
    workloads: [typing, lateUser('12s')],
    agents: { dnsServer: 'ns' },
    architectureOptions: { dns: options },
    ...over,
  })
}

describe('dns on the single-migration interactive scenario', () => {
  const r = simulate(spec({ ttl: '20s' }), dns())
  const m = r.migrations[0]

  it('updates the name after the move; the existing connection breaks as without support', () => {
    expect(r.status).toBe('ok')
    expect(controlBetween(r, m.resumeAt, r.simulated).map((c) => [c.what, c.from, c.to])).toEqual([
      ['dns-update', 'ws2', 'ns'],
    ])
    expect(m.residualDependencies).toEqual([
      { node: 'ns', what: 'DNS (new connections)', from: m.resumeAt, until: null },
    ])
    // The update is complete when the name server acknowledges it: a round trip to ns, 5 ms behind the gateway.
    expect(m.namingUpdatedAt! - m.resumeAt).toBeGreaterThan(10 * MS)
    expect(m.namingUpdatedAt! - m.resumeAt).toBeLessThan(11 * MS)
    const typingSession = r.connections.find((c) => c.id === 'typing')!
    expect(typingSession.resets).toBeGreaterThanOrEqual(1)
  })

  it('the old client reaches the process only once its cached answer expired', () => {
    // The client resolved the name at about 40 ms; its cache holds the old address until then + 20 s.
    const back = echoes(r).find((e) => e.t > m.freezeAt)!
    expect(back.t).toBeGreaterThan(20 * SECOND)
    // Until then every reconnection (the client waits 1, 1, 2, 4, 8 s) went to the old host and was
    // reset; the one at 26.2 s resolves afresh.
    const typingSession = r.connections.find((c) => c.id === 'typing')!
    expect(typingSession.resets).toBe(5)
    expect(back.t).toBeLessThan(26.5 * SECOND)
  })

  it('moves new connections only: a user who first connects after the update goes straight to the new host', () => {
    const late = echoes(r, 'late')
    expect(late[0].t).toBeLessThan(12.2 * SECOND)
    expect(r.connections.find((c) => c.id === 'late')!.reconnects).toBe(0)
    // Meanwhile the old user is still cut off.
    expect(echoes(r).filter((e) => e.t > m.freezeAt && e.t < 20 * SECOND)).toEqual([])
  })

  it('a short TTL brings the old client back at its first reconnection', () => {
    const short = simulate(spec({ ttl: '0s' }), dns())
    const back = echoes(short).find((e) => e.t > short.migrations[0].freezeAt)!
    expect(back.t).toBeLessThan(12 * SECOND)
    expect(short.connections.find((c) => c.id === 'typing')!.resets).toBe(1)
  })
})

describe('dns resolvers, name server and options', () => {
  it('a resolver that ignores TTLs keeps its client on the old host', () => {
    const r = simulate(spec({ ttl: '0s', staleResolverShare: 1, staleFor: '10min' }), dns())
    expect(echoes(r).filter((e) => e.t > r.migrations[0].freezeAt)).toEqual([])
    // A resolver with nothing cached still gets the current answer.
    expect(echoes(r, 'late').length).toBeGreaterThan(100)
  })

  it('the name server failing after the move leaves the name stale and the old client cut off', () => {
    const r = simulate(spec({ ttl: '0s' }, { failures: [{ kind: 'node', target: 'ns', at: '10.5s' }] }), dns())
    expect(r.status).toBe('ok')
    const m = r.migrations[0]
    // The update is retransmitted (1, 2, 4 s) and given up.
    const updates = controlBetween(r, m.resumeAt, r.simulated).filter((c) => c.what === 'dns-update')
    expect(updates.map((c) => c.t - updates[0].t)).toEqual([0, 1, 3, 7].map((k) => k * SECOND))
    expect(echoes(r).filter((e) => e.t > m.freezeAt)).toEqual([])
    expect(r.samples['late.echo']).toBeUndefined()
  })

  it('works with every migration mechanism', () => {
    for (const mech of MECHANISMS.map((x) => x.id)) {
      const r = simulate(spec({ ttl: '0s' }), dns(mech))
      expect(r.status, `${mech}: ${r.error}`).toBe('ok')
      expect(
        echoes(r).some((e) => e.t > r.migrations[0].resumeAt),
        mech,
      ).toBe(true)
    }
  })

  it('serves a legacy peer: its stack needs nothing, its application reconnects', () => {
    const r = simulate(withLegacy(spec({ ttl: '0s' }), 'remote'), dns())
    expect(r.status).toBe('ok')
    expect(echoes(r).some((e) => e.t > r.migrations[0].resumeAt)).toBe(true)
  })

  it('names bad options', () => {
    const bad = (o: Record<string, unknown>) => simulate(interactiveSpec({ architectureOptions: { dns: o } }), dns())
    expect(bad({ ttl: 'soon' }).error).toMatch(/architectureOptions\.dns\.ttl/)
    expect(bad({ staleResolverShare: 2 }).error).toMatch(/architectureOptions\.dns\.staleResolverShare/)
    expect(bad({ ttls: '1s' }).error).toMatch(/architectureOptions\.dns\.ttls: unknown option/)
  })
})

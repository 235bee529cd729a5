// LAN address takeover (MODELS.md §2 k4): the signature of one move on the interactive scenario —
// one gratuitous ARP, no residual dependency, stretch 1, and an outage set by the peer's TCP
// back-off (§1.3) — plus the refusal of a move that leaves the broadcast domain.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import { simulate } from '../../src/engine/run/simulate'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { interactiveSpec, job } from '../sim/fixtures'
import { controlBetween, echoes, firstEchoAfter, oneWayBefore, resumesAt, SECOND } from './backoff'

/** A user who types a command every `think`: one segment in flight at a time, so only the RTO recovers it. */
function sparse(size: string, think = '5s', over: Partial<ScenarioSpecInput> = {}) {
  return interactiveSpec({
    processes: [{ name: 'shell', host: 'ws1', memory: { size, touchedAfterResume: '1MB', dirtyRate: '1MB/s' } }],
    workloads: [
      {
        kind: 'interactive',
        name: 'typing',
        process: 'shell',
        client: 'remote',
        thinkTime: { dist: 'constant', value: think },
      },
    ],
    ...over,
  })
}

describe('arp-takeover on the single-migration interactive scenario', () => {
  it('announces the address once, leaves nothing behind, keeps stretch 1 and the connection', () => {
    const r = simulate(interactiveSpec(), job('arp-takeover', 'eager-all'))
    expect(r.status).toBe('ok')
    const m = r.migrations[0]
    const signalled = controlBetween(r, m.freezeAt, r.simulated)
    expect(signalled.map((c) => [c.what, c.from, c.to])).toEqual([['gratuitous-arp', 'ws2', 'cluster (broadcast)']])
    expect(signalled[0].t).toBe(m.resumeAt)
    expect(m.controlMessages).toBe(1)
    expect(m.controlBytes).toBe(28) // RFC 826 payload for IPv4 over Ethernet
    expect(m.residualDependencies).toEqual([])
    const c = m.connections[0]
    expect(c.broken).toBe(false)
    expect(c.stretchAfter).toBeCloseTo(1, 2)
    // Nothing reaches a frozen process; what the peer sent meanwhile was lost and retransmitted.
    expect(c.outageIn).toBeGreaterThan(m.freeze)
    expect(c.lost).toBeGreaterThan(0)
    expect(c.retransmissions).toBeGreaterThan(0)
    expect(r.drops.frozen).toBeGreaterThan(0)
    expect(r.summary['connection.resets']).toBe(0)
  })

  it('pays the retransmission back-off: the first retransmission at or after resume (MODELS.md §1.3)', () => {
    const r = simulate(sparse('8MB'), job('arp-takeover', 'eager-all'))
    const m = r.migrations[0]
    const lost = firstEchoAfter(r, m)
    const owd = oneWayBefore(r, m)
    // RTO is RFC 6298's 1 s floor on a 40 ms path; the keystroke typed as the process froze is lost.
    expect(lost.typed).toBe(m.freezeAt)
    const expected = resumesAt(lost.typed, SECOND, m.resumeAt) + owd - m.freezeAt
    expect(Math.abs(m.connections[0].outageIn! - expected)).toBeLessThan(0.5e6)
  })

  it('a 3.2 s gap resumes at 7 s (V2: retransmissions at 1, 3, 7 s)', () => {
    const r = simulate(sparse('37.6MB'), job('arp-takeover', 'eager-all'))
    const m = r.migrations[0]
    expect(m.freeze / SECOND).toBeGreaterThan(3.1)
    expect(m.freeze / SECOND).toBeLessThan(3.3)
    const lost = firstEchoAfter(r, m)
    const owd = oneWayBefore(r, m)
    // Delivered to the process one one-way delay after the third retransmission, 7 s after the loss.
    expect(Math.abs(m.connections[0].outageIn! - (7 * SECOND + owd))).toBeLessThan(0.5e6)
    expect(lost.t - lost.typed).toBeGreaterThan(7 * SECOND)
    expect(m.connections[0].retransmissions).toBe(3)
  })

  it('works with every migration mechanism, and with a legacy peer', () => {
    const spec = interactiveSpec({
      topology: {
        ...interactiveSpec().topology,
        nodes: interactiveSpec().topology.nodes.map((n) => (n.name === 'remote' ? { ...n, legacy: true } : n)),
      },
    })
    for (const mech of MECHANISMS.map((x) => x.id)) {
      const r = simulate(spec, job('arp-takeover', mech))
      expect(r.status, `${mech}: ${r.error}`).toBe('ok')
      const c = r.migrations[0].connections[0]
      expect(c.broken, mech).toBe(false)
      expect(c.outageIn, mech).not.toBeNull()
      expect(r.summary['connection.resets'], mech).toBe(0)
    }
  })

  it('has no residual dependency: the old host may fail after the move', () => {
    const r = simulate(
      interactiveSpec({ failures: [{ kind: 'node', target: 'ws1', at: '15s' }] }),
      job('arp-takeover', 'eager-all'),
    )
    expect(r.status).toBe('ok')
    const after = echoes(r).filter((e) => e.t > 15 * SECOND)
    expect(after.length).toBeGreaterThan(100)
    expect(r.summary['residual.dependencies']).toBe(0)
  })

  it('refuses a move to a host on another network, naming the process, the LAN and the hosts', () => {
    const base = interactiveSpec()
    const spec = interactiveSpec({
      topology: {
        networks: [...base.topology.networks, { name: 'annex', kind: 'lan', prefix: '10.2.0.0/24' }],
        nodes: [
          ...base.topology.nodes.map((n) =>
            n.name === 'gw' ? { ...n, attach: [...n.attach, { network: 'annex' }] } : n,
          ),
          { name: 'ws9', kind: 'host', attach: [{ network: 'annex' }] },
        ],
        links: base.topology.links,
      },
      migrations: [{ process: 'shell', to: 'ws9', at: '10s' }],
    } as Partial<ScenarioSpecInput>)
    const r = simulate(spec, job('arp-takeover', 'eager-all'))
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/arp-takeover cannot move process "shell" from ws1 to ws9/)
    expect(r.error).toMatch(/LAN "cluster"/)
    expect(r.error).toMatch(/one broadcast domain/)
  })

  it('refuses options it does not take', () => {
    const r = simulate(
      interactiveSpec({ architectureOptions: { 'arp-takeover': { garp: 2 } } }),
      job('arp-takeover', 'eager-all'),
    )
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/architectureOptions\.arp-takeover\.garp: unknown option/)
  })
})

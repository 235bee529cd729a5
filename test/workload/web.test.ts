// The web server cluster: clients outside send requests to two server processes; one server moves.

import { describe, expect, it } from 'vitest'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { clusterSpec, run } from './specs'

const MS = 1e6

function spec(migrations: ScenarioSpecInput['migrations'], web: { persistent: boolean; timeout?: string }) {
  return clusterSpec({
    duration: '10s',
    processes: ['s0', 's1'].map((name, i) => ({ name, host: `ws${i + 1}`, memory: { size: '8MB' } })),
    workloads: [
      {
        kind: 'web',
        name: 'site',
        servers: ['s0', 's1'],
        clients: [
          { node: 'remote', count: 3 },
          { node: 'remote2', count: 2 },
        ],
        interArrival: { dist: 'exponential', mean: '100ms' },
        responseSize: '4KiB',
        ...web,
      },
    ],
    migrations,
  })
}

const move = [{ process: 's0', to: 'ws3', at: '3s' }]

describe('web cluster', () => {
  it('answers every request without migration, spreading clients over the servers in order', () => {
    const r = run(spec([], { persistent: true }))
    const s = r.summary
    expect(s['web.requests']).toBeGreaterThan(400)
    expect(s['web.failed']).toBe(0)
    // Only the requests of the last round trip are still in flight at the end.
    expect(s['web.requests'] - s['web.completed']).toBeLessThanOrEqual(5)
    // remote is 20 ms away, remote2 5 ms: response times between the two round trips, well under 100 ms.
    expect(s['web.response.p50']).toBeGreaterThan(10 * MS)
    expect(s['web.response.p99']).toBeLessThan(100 * MS)
    expect(r.samples['site.response'].v).toHaveLength(s['web.completed'])
    // Client k of all clients goes to server k mod 2.
    expect(r.connections.map((c) => [c.peer, c.process])).toEqual([
      ['remote', 's0'],
      ['remote', 's1'],
      ['remote', 's0'],
      ['remote2', 's1'],
      ['remote2', 's0'],
    ])
  })

  it('persistent connections: the moved server’s clients wait, reconnect and send again', () => {
    const still = run(spec([], { persistent: true }))
    const r = run(spec(move, { persistent: true }))
    const s = r.summary
    const m = r.migrations[0]
    expect(s['web.failed']).toBe(0)
    expect(s['web.response.max']).toBeGreaterThanOrEqual(m.freeze)
    expect(s['web.response.p99']).toBeGreaterThan(still.summary['web.response.p99'])
    // Three clients talk to s0: each reconnects once and sends its unanswered requests again.
    expect(s['connection.reconnects']).toBe(3)
    expect(s['web.resent']).toBeGreaterThan(0)
  })

  it('per-request connections: requests caught by the move fail with a reset', () => {
    const still = run(spec([], { persistent: false }))
    expect(still.summary['web.failed']).toBe(0)
    const r = run(spec(move, { persistent: false }))
    expect(r.summary['web.failed.reset']).toBeGreaterThan(0)
    expect(r.summary['web.failed.timeout']).toBe(0)
    expect(r.samples['site.failed'].t.every((t) => t >= 3e9 && t <= 3e9 + r.migrations[0].freeze)).toBe(true)
  })

  it('a timeout shorter than the outage turns waiting requests into failures', () => {
    const r = run(spec(move, { persistent: true, timeout: '300ms' }))
    expect(r.summary['web.failed.timeout']).toBeGreaterThan(0)
    expect(r.summary['web.failed.share']).toBeGreaterThan(0)
    expect(r.samples['site.failed'].v.every((age) => age === 300 * MS)).toBe(true)
  })
})

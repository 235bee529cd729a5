// What makes processes move: eviction when a workstation's owner returns (home, else the least
// loaded eligible host), load balancing (the busiest process from the most to the least loaded
// host), and requests for a process that is already moving (queued or refused, `onBusyMigration`).

import { describe, expect, it } from 'vitest'
import { simulate } from '../../src/engine/run/simulate'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { clusterSpec, job } from './specs'

const S = 1e9
const small = { size: '256KiB' }

function run(over: Partial<ScenarioSpecInput>, hosts = ['a', 'b', 'c']) {
  const spec = clusterSpec({ rate: '100Mbps', hosts }, { duration: '6s', ...over })
  const r = simulate(spec, job('eager-all'))
  expect(r.status, r.error).toBe('ok')
  return r
}

describe('eviction', () => {
  it('sends foreign processes home when the owner returns, and leaves the owner’s own processes', () => {
    const r = run({
      processes: [
        { name: 'guest', host: 'b', home: 'a', memory: small },
        { name: 'own', host: 'b', memory: small },
      ],
      policies: [{ kind: 'eviction', host: 'b', ownerReturns: ['2s'] }],
    })
    expect(r.migrations.map((m) => [m.process, m.from, m.to, m.trigger, m.decidedAt])).toEqual([
      ['guest', 'b', 'a', 'eviction', 2 * S],
    ])
  })

  it('sends them to the least loaded eligible host when home cannot take them', () => {
    const r = run(
      {
        processes: [
          { name: 'guest', host: 'b', home: 'a', memory: small },
          { name: 'busy', host: 'c', cpuDemand: 2, memory: small },
          { name: 'light', host: 'd', cpuDemand: 1, memory: small },
        ],
        policies: [{ kind: 'eviction', host: 'b', ownerReturns: ['2s'] }],
        failures: [{ kind: 'node', target: 'a', at: '1s' }],
      },
      ['a', 'b', 'c', 'd'],
    )
    expect(r.migrations.map((m) => [m.process, m.to])).toEqual([['guest', 'd']])
  })

  it('prefers the least loaded target over a home that is not among the targets', () => {
    const r = run({
      processes: [
        { name: 'guest', host: 'b', home: 'a', memory: small },
        { name: 'x', host: 'c', memory: small },
      ],
      policies: [{ kind: 'eviction', host: 'b', targets: ['c'], ownerReturns: ['2s'] }],
    })
    expect(r.migrations.map((m) => [m.process, m.to])).toEqual([['guest', 'c']])
  })

  it('records a refusal when no eligible host is up at that moment', () => {
    const r = run({
      processes: [{ name: 'guest', host: 'b', home: 'a', memory: small }],
      policies: [{ kind: 'eviction', host: 'b', targets: ['a'], ownerReturns: ['2s'] }],
      failures: [{ kind: 'node', target: 'a', at: '1s' }],
    })
    expect(r.migrations).toEqual([])
    expect(r.summary['migration.refused']).toBe(1)
  })
})

describe('load balancing', () => {
  it('moves the busiest process from the most to the least loaded host until the gap is within the threshold', () => {
    const r = run({
      processes: [
        { name: 'p2', host: 'a', cpuDemand: 2, memory: small },
        { name: 'p1', host: 'a', cpuDemand: 1, memory: small },
        { name: 'q1', host: 'a', cpuDemand: 1, memory: small },
      ],
      policies: [{ kind: 'load-balance', period: '1s', threshold: 1, start: '1s' }],
    })
    // Loads a 4, b 0, c 0: the busiest (p2) goes to an idle host; then a 2, b 0, c 2: one of a's
    // demand-1 processes goes to b (name order breaks the tie); then 1 / 1 / 2 is balanced.
    expect(r.migrations.map((m) => [m.process, m.from, m.to, m.trigger, m.decidedAt])).toEqual([
      ['p2', 'a', 'c', 'load-balance', 1 * S],
      ['p1', 'a', 'b', 'load-balance', 2 * S],
    ])
  })

  it('does not move anything when the loads are within the threshold', () => {
    const r = run({
      processes: [
        { name: 'p', host: 'a', cpuDemand: 1, memory: small },
        { name: 'q', host: 'b', cpuDemand: 1, memory: small },
      ],
      policies: [{ kind: 'load-balance', period: '500ms', threshold: 1 }],
    })
    expect(r.migrations).toEqual([])
  })
})

describe('a request for a process that is already moving', () => {
  // 8 MB at 100 Mbit/s: the first move takes ≈ 0.7 s, so the second request comes in the middle.
  const over: Partial<ScenarioSpecInput> = {
    processes: [{ name: 'p', host: 'a', memory: { size: '8MB' } }],
    migrations: [
      { process: 'p', to: 'b', at: '1s' },
      { process: 'p', to: 'c', at: '1.2s' },
    ],
  }

  it('is queued and starts when the move in progress completes (onBusyMigration "queue")', () => {
    const r = run(over)
    const [first, second] = r.migrations
    expect([first.to, second.to]).toEqual(['b', 'c'])
    expect(second.decidedAt).toBe(1.2 * S)
    expect(second.freezeAt).toBe(first.completedAt)
    expect(second.from).toBe('b')
    // The time it waited counts in its total (decision to completion).
    expect(second.total).toBe(second.completedAt - 1.2 * S)
  })

  it('is refused with onBusyMigration "refuse"', () => {
    const r = run({ ...over, onBusyMigration: 'refuse' })
    expect(r.migrations.map((m) => m.to)).toEqual(['b'])
    expect(r.summary['migration.refused']).toBe(1)
    const lane = r.timeline.lanes.findIndex((l) => l.id === 'proc:p')
    const p = r.timeline.points
    const details = p.kind.flatMap((k, i) =>
      k === 'control' && p.lane[i] === lane ? [r.timeline.strings[p.detail[i]]] : [],
    )
    expect(details).toEqual(['move to c refused: it is already migrating'])
  })
})

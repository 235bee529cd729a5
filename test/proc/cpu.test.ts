// Hosts have CPU capacity: processes on a host share it by their demand, a faster host runs them
// faster, and a frozen or faulting process makes no progress and leaves its share to the others.

import { describe, expect, it } from 'vitest'
import { buildWorld } from '../../src/engine/run/simulate'
import { clusterSpec, job } from './specs'

const MS = 1e6

function world() {
  const spec = clusterSpec(
    { rate: '100Mbps' },
    {
      duration: '2s',
      topology: {
        networks: [{ name: 'lan', kind: 'lan' }],
        nodes: [
          { name: 'a', kind: 'host', attach: [{ network: 'lan' }] },
          { name: 'fast', kind: 'host', cpu: 2, attach: [{ network: 'lan' }] },
        ],
      },
      processes: [
        { name: 'p', host: 'a', memory: { size: '1MB' } },
        { name: 'q', host: 'a', memory: { size: '1MB' } },
        { name: 'heavy', host: 'fast', cpuDemand: 4, memory: { size: '1MB' } },
      ],
    },
  )
  return buildWorld(spec, job('eager-all')).world
}

/** Runs `work` ns of computation in each named process from time 0; returns when each finished. */
function finish(
  w: ReturnType<typeof world>,
  work: Record<string, number>,
  during?: () => void,
): Record<string, number> {
  const done: Record<string, number> = {}
  for (const [name, ns] of Object.entries(work)) w.process(name).compute(ns, () => (done[name] = w.now))
  during?.()
  w.sched.run({ until: 2e9 })
  return done
}

describe('CPU sharing', () => {
  it('two processes on one reference host each run at half speed; an idle one takes nothing', () => {
    expect(finish(world(), { p: 100 * MS, q: 100 * MS })).toEqual({ p: 200 * MS, q: 200 * MS })
    expect(finish(world(), { q: 100 * MS })).toEqual({ q: 100 * MS })
  })

  it('a host with capacity 2 gives a process demanding 4 half of a reference CPU', () => {
    expect(finish(world(), { heavy: 100 * MS })).toEqual({ heavy: 200 * MS })
  })

  it('a frozen process makes no progress and leaves the whole host to the other', () => {
    const w = world()
    const p = w.process('p')
    const done = finish(w, { p: 100 * MS, q: 100 * MS }, () => {
      w.sched.call(50 * MS, () => p.thread.block('frozen'))
      w.sched.call(150 * MS, () => p.thread.unblock('frozen'))
    })
    // 0–50 ms both at half speed (25 ms of work each); q alone until 150 ms finishes its other 75 ms
    // at 125 ms; p alone from 150 ms does its last 75 ms by 225 ms.
    expect(done).toEqual({ q: 125 * MS, p: 225 * MS })
    expect(p.thread.blockedTime.get('frozen')).toBe(100 * MS)
  })
})

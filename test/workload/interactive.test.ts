// The migrating interactive job: a remote user types into a process that moves; the echo stalls
// at least for the freeze (and, under "none", until the client has reconnected).

import { describe, expect, it } from 'vitest'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { clusterSpec, run } from './specs'

const MS = 1e6

function spec(migrations: ScenarioSpecInput['migrations']) {
  return clusterSpec({
    duration: '10s',
    processes: [{ name: 'shell', host: 'ws1', memory: { size: '8MB', dirtyRate: '1MB/s' } }],
    workloads: [
      {
        kind: 'interactive',
        name: 'typing',
        process: 'shell',
        client: 'remote',
        thinkTime: { dist: 'exponential', mean: '100ms' },
      },
    ],
    migrations,
  })
}

describe('interactive workload', () => {
  it('echoes every keystroke within a WAN round trip when nothing moves', () => {
    const r = run(spec([]))
    const s = r.summary
    expect(s['interactive.keystrokes']).toBeGreaterThan(50)
    // Typed before the connection was up, or in the last round trip: at most a couple unechoed.
    expect(s['interactive.unechoed']).toBeLessThanOrEqual(2)
    // The WAN's 20 ms each way (and 10 Mbit/s serialisation): ≈ 40 ms, never near noticeable.
    expect(s['interactive.echo.p50']).toBeGreaterThan(40 * MS)
    expect(s['interactive.echo.p50']).toBeLessThan(45 * MS)
    expect(s['interactive.noticeable']).toBe(0)
    expect(r.samples['typing.echo'].v).toHaveLength(s['interactive.keystrokes'] - s['interactive.unechoed'])
  })

  it('stalls for at least the freeze when the process moves', () => {
    const r = run(spec([{ process: 'shell', to: 'ws2', at: '4s' }]))
    const m = r.migrations[0]
    const s = r.summary
    expect(m.freeze).toBeGreaterThan(600 * MS) // 8 MB at 100 Mbit/s
    expect(s['interactive.stall.max']).toBeGreaterThanOrEqual(m.freeze)
    expect(s['interactive.echo.max']).toBeGreaterThanOrEqual(m.freeze)
    expect(s['interactive.noticeable']).toBeGreaterThan(0)
    // Under "none" the connection was reset: the client reconnected and typed again what was lost.
    expect(s['connection.reconnects']).toBe(1)
    expect(s['interactive.resent']).toBeGreaterThan(0)
  })
})

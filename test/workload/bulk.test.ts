// The bulk transfer: one long stream over the 10 Mbit/s WAN link to remote2; the process moves.

import { describe, expect, it } from 'vitest'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { clusterSpec, run } from './specs'

const MS = 1e6
/** The WAN link's TCP goodput: 10 Mbit/s × 1460/1502 (20 IP + 20 TCP + 2 PPP bytes per segment). */
const GOODPUT = 10e6 * (1460 / 1502)

function spec(
  migrations: ScenarioSpecInput['migrations'],
  bulk: { direction?: 'to-peer' | 'from-peer'; size?: string } = {},
) {
  return clusterSpec({
    duration: '10s',
    processes: [{ name: 'src', host: 'ws1', memory: { size: '4MB' } }],
    workloads: [{ kind: 'bulk', name: 'xfer', process: 'src', peer: 'remote2', ...bulk }],
    migrations,
  })
}

const move = [{ process: 'src', to: 'ws3', at: '5s' }]

describe('bulk transfer', () => {
  it('runs at the goodput of the bottleneck without migration, in both directions', () => {
    for (const direction of ['to-peer', 'from-peer'] as const) {
      const r = run(spec([], { direction }))
      const rates = r.samples['xfer.throughput'].v
      expect(rates).toHaveLength(100)
      // After slow start (well under a second on a 10 ms round trip), every 100 ms sample is within
      // one segment's worth (1.2 %) of the goodput.
      for (const v of rates.slice(10)) expect(Math.abs(v - GOODPUT) / GOODPUT).toBeLessThan(0.012)
      expect(r.summary['bulk.dip.max']).toBeNaN()
    }
  })

  it('dips to nothing while the process moves, and recovers after it resumed', () => {
    for (const direction of ['to-peer', 'from-peer'] as const) {
      const still = run(spec([], { direction }))
      const r = run(spec(move, { direction }))
      const m = r.migrations[0]
      const s = r.summary
      expect(s['bulk.dip.max']).toBe(1)
      // Under "none" the old host resets the connection at the freeze; the client reconnects 1 s
      // later, which finds the process if it has resumed by then (4 MB: 0.37 s) — then a handshake,
      // the resume exchange and slow start on a 10 ms round trip.
      expect(m.freeze).toBeLessThan(1000 * MS)
      expect(s['bulk.recovery.max']).toBeGreaterThanOrEqual(1000 * MS)
      expect(s['bulk.recovery.max']).toBeLessThan(1500 * MS)
      expect(s['bulk.unrecovered']).toBe(0)
      expect(s['bulk.bytes']).toBeLessThan(still.summary['bulk.bytes'])
      // The transfer went on from where the receiver was: nothing is received twice.
      expect(s['bulk.bytes']).toBe(r.connections[0].bytesDelivered)
    }
  })

  it('moves a given size and reports how long it took', () => {
    const r = run(spec([], { size: '5MB' }))
    expect(r.summary['bulk.bytes']).toBe(5e6)
    // 5 MB at the goodput is 4.1 s, plus the handshake and slow start.
    const expected = (5e6 * 8) / GOODPUT
    expect(r.summary['bulk.duration'] / 1e9).toBeGreaterThan(expected)
    expect(r.summary['bulk.duration'] / 1e9).toBeLessThan(expected + 0.2)
  })
})

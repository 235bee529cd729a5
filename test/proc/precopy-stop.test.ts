// Pre-copy's stop rules (MODELS.md §4): a writable working set that never converges stops on the
// total-bytes limit (or the round limit) with a downtime of ≈ min(M, W_w)/B; Xen's adaptive rate
// limit paces the rounds from 100 Mbit/s.

import { describe, expect, it } from 'vitest'
import { simulate } from '../../src/engine/run/simulate'
import { clusterSpec, job, lanRateFor } from './specs'

const MB = 1e6
const B = 125 * MB
const PAGE = 4096
/** 32 MiB: whole pages, so V_0 = M exactly. */
const M = 32 * 1024 * 1024

function run(memory: Record<string, string>, options: Record<string, unknown>) {
  const spec = clusterSpec(
    { rate: lanRateFor(B) },
    {
      duration: '15s',
      processes: [{ name: 'vm', host: 'a', openFiles: 0, kernelState: '4KiB', memory: { size: `${M}B`, ...memory } }],
      migrations: [{ process: 'vm', to: 'b', at: '1s' }],
      mechanismOptions: { 'pre-copy': { fixedCost: '10ms', ...options } },
    },
  )
  const r = simulate(spec, job('pre-copy'))
  expect(r.status, r.error).toBe('ok')
  return r.migrations[0]
}

// Round sizes are whole pages of what was dirtied during the previous round; the writable working
// set caps them (4 MB = 977 pages, rounded up: 4001792 bytes).
const WWS = Math.ceil((4 * MB) / PAGE) * PAGE

describe('pre-copy stop rules', () => {
  it('a writable working set dirtied faster than it can be sent stops on the total limit (3 × M)', () => {
    const m = run({ dirtyRate: '500MB/s', writableWorkingSet: '4MB' }, {})
    // V_0 = M, then W_w every round (each round lasts 32 ms, in which 16 MB would be dirtied).
    expect(m.rounds[0]).toBe(M)
    expect(m.rounds.slice(1).every((v) => v === WWS)).toBe(true)
    // Stop once another round would take the total past 3 × M: M + 15 rounds of W_w.
    const live = m.rounds.slice(0, -1).reduce((a, b) => a + b, 0)
    expect(live).toBeLessThanOrEqual(3 * M)
    expect(live + WWS).toBeGreaterThan(3 * M)
    expect(m.rounds).toHaveLength(2 + Math.floor((2 * M) / WWS))
    // Downtime ≈ W_w/B = 32 ms plus T_s (10 ms + 4 KiB); the transfer's last round trip on top.
    expect(Math.abs(m.freeze / 1e9 - (WWS / B + 0.01 + 4096 / B))).toBeLessThan(1e-3)
  })

  it('stops after maxRounds rounds, the final stop-and-copy included', () => {
    const m = run({ dirtyRate: '500MB/s', writableWorkingSet: '4MB' }, { maxRounds: 5 })
    expect(m.rounds).toHaveLength(5)
    expect(run({ dirtyRate: '500MB/s' }, { maxRounds: 1 }).rounds).toEqual([M])
  })

  it('the Xen preset paces rounds at 100 Mbit/s to start with, even on a faster LAN', () => {
    const m = run({ dirtyRate: '1MB/s' }, { preset: 'xen' })
    // 32 MiB at 100 Mbit/s takes 2.7 s, in which 2.7 MB are dirtied (8 Mbit/s < 100: no raise).
    const first = (M * 8) / 100e6
    expect(Math.abs(m.rounds[1] - 1 * MB * first)).toBeLessThan(2 * PAGE + 0.01 * MB)
    // Every round at 100 Mbit/s: the pre-copy phase lasts Σ V_i / 12.5 MB/s, within a round trip per chunk.
    const live = m.rounds.slice(0, -1).reduce((a, b) => a + b, 0)
    const precopy = (m.freezeAt - m.decidedAt) / 1e9
    expect(Math.abs(precopy - (live * 8) / 100e6) / precopy).toBeLessThan(0.01)
    // Without the preset the same process goes at the LAN's goodput: ten times faster.
    const unpaced = run({ dirtyRate: '1MB/s' }, {})
    expect((unpaced.freezeAt - unpaced.decidedAt) / 1e9).toBeLessThan(precopy / 8)
  })

  it('the Xen preset raises the rate to the dirtying rate + 50 Mbit/s when that exceeds it', () => {
    // D = 20 MB/s = 160 Mbit/s > 100: after the first round (at 100 Mbit/s) the rest go at 210 Mbit/s.
    const m = run({ dirtyRate: '20MB/s' }, { preset: 'xen' })
    const live = m.rounds.slice(0, -1)
    const expected = (live[0] * 8) / 100e6 + (live.slice(1).reduce((a, b) => a + b, 0) * 8) / 210e6
    const precopy = (m.freezeAt - m.decidedAt) / 1e9
    expect(Math.abs(precopy - expected) / expected).toBeLessThan(0.01)
    // r = 160/210 after the first round: it converges too slowly and stops on 3 × M.
    expect(live.reduce((a, b) => a + b, 0) + m.rounds[m.rounds.length - 1]).toBeGreaterThan(3 * M)
  })
})

// MODELS.md V4 — pre-copy, converging: M = 512 MB, B = 125 MB/s, D = 25 MB/s (r = 0.2), 4 KiB pages,
// stop when the next round is below 50 pages, no writable-working-set cap, no rate limiting.
// Expected rounds 512, 102.4, 20.48, 4.096, 0.819 MB, stop-and-copy 0.164 MB (downtime 1.31 ms +
// T_s), total sent 639.96 MB, total time 5.12 s (+ T_s).

import { describe, expect, it } from 'vitest'
import { simulate } from '../../src/engine/run/simulate'
import { clusterSpec, ETHERNET_GOODPUT, job, lanRateFor } from './specs'

const MB = 1e6
const PAGE = 4096
const M = 512 * MB
const D = 25 * MB
const B = 125 * MB
/** T_s's parts as the spec sets them: c_0, c_f per open file, the PCB and file table bytes. */
const FIXED = 0.02
const PER_FILE = 0.001
const FILES = 8
const KERNEL_BYTES = 16384 + FILES * 256

function v4Spec(rate: string) {
  return clusterSpec(
    { rate },
    {
      duration: '8s',
      processes: [
        {
          name: 'vm',
          host: 'a',
          openFiles: FILES,
          kernelState: '16KiB',
          memory: { size: '512MB', pageSize: '4KiB', dirtyRate: '25MB/s' },
        },
      ],
      migrations: [{ process: 'vm', to: 'b', at: '1s' }],
      mechanismOptions: { 'pre-copy': { stopPages: 50, fixedCost: '20ms', perFile: '1ms' } },
    },
  )
}

/** The V4 recurrence with B as given: V_0 = M, V_{i+1} = D·V_i/B in whole pages, stop below 50 pages. */
function recurrence(b: number): number[] {
  const rounds = [M]
  for (;;) {
    const next = Math.ceil((D * rounds[rounds.length - 1]) / b / PAGE) * PAGE
    rounds.push(next)
    if (next < 50 * PAGE) return rounds
  }
}

// Tolerances. A round lasts V_i/B plus the kernel link's last round trip and, on the first round,
// its handshake and slow start: under 1 ms on this LAN, during which D dirties < 25 kB more; rounds
// are whole pages (+1 page); an error carries into the next round times r = 0.2. Hence 40 kB per
// round. Freeze and total time add the kernel-state message's transit (< 0.5 ms) to T_s.
const ROUND_TOLERANCE = 40_000

describe('pre-copy (MODELS.md V4)', () => {
  it('converges in the rounds, total and downtime of V4 when the goodput is B = 125 MB/s', () => {
    // B is the migration goodput: the LAN runs at 1 Gbit/s × 1538/1460 so that TCP over Ethernet moves 125 MB/s.
    const r = simulate(v4Spec(lanRateFor(B)), job('pre-copy'))
    expect(r.status, r.error).toBe('ok')
    const m = r.migrations[0]
    const v4 = [512, 102.4, 20.48, 4.096, 0.8192, 0.16384].map((x) => x * MB)
    expect(m.rounds).toHaveLength(v4.length)
    m.rounds.forEach((v, i) => {
      expect(Math.abs(v - v4[i]), `round ${i}: ${v} B vs ${v4[i]} B`).toBeLessThanOrEqual(ROUND_TOLERANCE)
    })
    const sent = m.rounds.reduce((a, b) => a + b, 0)
    expect(m.bytes.memory).toBe(sent)
    // Closed form M(1 − r^6)/(1 − r) = 639.96 MB, within the sum of the round tolerances.
    expect(Math.abs(sent - (M * (1 - 0.2 ** 6)) / 0.8)).toBeLessThanOrEqual(6 * ROUND_TOLERANCE)
    const ts = FIXED + PER_FILE * FILES + KERNEL_BYTES / B
    const downtime = m.rounds[m.rounds.length - 1] / B + ts
    expect(Math.abs(m.freeze / 1e9 - downtime)).toBeLessThan(0.5e-3)
    // Downtime of a few ms plus T_s: the stop-and-copy itself is ≈ 1.31 ms.
    expect(m.rounds[m.rounds.length - 1] / B).toBeLessThan(1.6e-3)
    // Total time Σ V_i/B + F = 5.12 s + T_s; a handful of round trips (< 1 ms each) on top.
    expect(Math.abs(m.total / 1e9 - (sent / B + ts))).toBeLessThan(6e-3)
    // The process ran through the rounds: one pre-copy segment per live round on its lane, back to
    // back from the decision to the freeze, each named by the round and what it sent.
    const tl = r.timeline
    const lane = tl.lanes.findIndex((l) => l.id === 'proc:vm')
    const ks = tl.segments.kind.flatMap((kind, i) => (kind === 'precopy' && tl.segments.lane[i] === lane ? [i] : []))
    expect(ks).toHaveLength(m.rounds.length - 1)
    expect(tl.segments.start[ks[0]]).toBe(m.decidedAt)
    expect(tl.segments.end[ks[ks.length - 1]]).toBe(m.freezeAt)
    ks.forEach((k, i) => {
      if (i > 0) expect(tl.segments.start[k]).toBe(tl.segments.end[ks[i - 1]])
      expect(tl.strings[tl.segments.detail[k]]).toMatch(new RegExp(`^round ${i + 1}: [0-9.]+[kMG]?B, a→b$`))
    })
  })

  it('follows the same recurrence at a nominal 1 Gbit/s, with B the goodput of TCP over Ethernet', () => {
    // B = 125 MB/s × 1460/1538 = 118.7 MB/s, so r = 0.211: rounds are larger and one more is needed.
    const b = B * ETHERNET_GOODPUT
    const expected = recurrence(b)
    const r = simulate(v4Spec('1Gbps'), job('pre-copy'))
    expect(r.status, r.error).toBe('ok')
    const m = r.migrations[0]
    expect(m.rounds).toHaveLength(expected.length)
    m.rounds.forEach((v, i) => {
      expect(Math.abs(v - expected[i]), `round ${i}`).toBeLessThanOrEqual(ROUND_TOLERANCE)
    })
  })
})

// The timeline: what lands on which lane (phase segments, residual dependencies, host changes and
// page faults on the process; outages, resets, reconnects and retransmissions on the connection;
// signalling on the architecture's agent lane; failures on node and link lanes), and the
// downsampler a view of a long run calls.

import { describe, expect, it } from 'vitest'
import { downsampleTimeline } from '../../src/engine/metrics/timeline'
import type { PointKind, RunResult, SegmentKind, Timeline } from '../../src/engine/run/result'
import { simulate } from '../../src/engine/run/simulate'
import { interactiveSpec, job } from '../sim/fixtures'

const S = 1e9

function runWith(mechanism: string): RunResult {
  const spec = interactiveSpec({
    duration: '8s',
    processes: [
      { name: 'shell', host: 'ws1', memory: { size: '2MB', dirtyRate: '1MB/s', touchedAfterResume: '256KiB' } },
    ],
    migrations: [{ process: 'shell', to: 'ws2', at: '2s' }],
    failures: [
      { kind: 'node', target: 'ws3', at: '5s', recover: '6s' },
      { kind: 'link', target: 'wan', at: '7s' },
    ],
  })
  const r = simulate(spec, job('none', mechanism))
  expect(r.status, r.error).toBe('ok')
  return r
}

function lane(t: Timeline, id: string): number {
  const k = t.lanes.findIndex((l) => l.id === id)
  expect(k, id).toBeGreaterThanOrEqual(0)
  return k
}

function segs(t: Timeline, l: number, kind?: SegmentKind): [SegmentKind, number, number, string][] {
  const s = t.segments
  const out: [SegmentKind, number, number, string][] = []
  for (let i = 0; i < s.lane.length; i++) {
    if (s.lane[i] === l && (kind === undefined || s.kind[i] === kind))
      out.push([s.kind[i], s.start[i], s.end[i], t.strings[s.detail[i]]])
  }
  return out.sort((a, b) => a[1] - b[1])
}

function pts(t: Timeline, l: number, kind: PointKind): [number, string][] {
  const p = t.points
  const out: [number, string][] = []
  for (let i = 0; i < p.lane.length; i++)
    if (p.lane[i] === l && p.kind[i] === kind) out.push([p.t[i], t.strings[p.detail[i]]])
  return out
}

describe('timeline lanes', () => {
  it('copy-on-reference: phases, the residual dependency, the host change and the faults on the process lane', () => {
    const r = runWith('copy-on-reference')
    const t = r.timeline
    const m = r.migrations[0]
    const p = lane(t, 'proc:shell')
    // Kernel state in flight, then installed (c_0 + files: frozen with nothing in flight), then running on ws2.
    const phases = segs(t, p).filter(([k]) => k !== 'residual')
    expect(phases.map(([k, , , d]) => [k, d])).toEqual([
      ['running', 'ws1'],
      ['transferring', 'ws1→ws2'],
      ['frozen', 'ws1→ws2'],
      ['running', 'ws2'],
    ])
    expect(phases[0][2]).toBe(m.freezeAt)
    expect(phases[2][2]).toBe(m.resumeAt)
    expect(phases[3][2]).toBe(8 * S)
    // The phases tile the run: each one starts where the previous one ended.
    for (let i = 1; i < phases.length; i++) expect(phases[i][1]).toBe(phases[i - 1][2])
    expect(segs(t, p, 'residual')).toEqual([['residual', m.resumeAt, m.completedAt, 'pages on the source (ws1)']])
    expect(pts(t, p, 'host-change')).toEqual([[m.resumeAt, 'ws1→ws2']])
    expect(pts(t, p, 'page-fault')).toHaveLength(m.pageFaults)
    expect(m.pageFaults).toBe(64)
  })

  it('pre-copy: the process keeps running in a pre-copy phase until the freeze', () => {
    const r = runWith('pre-copy')
    const m = r.migrations[0]
    const p = lane(r.timeline, 'proc:shell')
    expect(segs(r.timeline, p).map(([k, a, b]) => [k, a, b])).toEqual([
      ['running', 0, m.decidedAt],
      ['precopy', m.decidedAt, m.freezeAt],
      ['transferring', m.freezeAt, expect.any(Number)],
      ['frozen', expect.any(Number), m.resumeAt],
      ['running', m.resumeAt, 8 * S],
    ])
  })

  it('the connection, agent, node and link lanes', () => {
    const r = runWith('eager-all')
    const t = r.timeline
    const m = r.migrations[0]
    const c = lane(t, 'conn:typing')
    const e = m.connections[0]
    expect(segs(t, c, 'outage')).toEqual([
      ['outage', m.freezeAt, m.freezeAt + Math.max(e.outageIn ?? 0, e.outageOut ?? 0), 'migration 0'],
    ])
    // "none": the old host resets the connection at the freeze; the client reconnects a second later.
    const resets = pts(t, c, 'reset')
    expect(resets).toHaveLength(1)
    expect(pts(t, c, 'reconnect').map(([at]) => at)).toEqual([resets[0][0] + 1 * S])
    expect(pts(t, c, 'retransmission')).toHaveLength(r.connections[0].retransmissions)
    expect(pts(t, lane(t, 'agent:none'), 'control')).toEqual([[m.resumeAt, 'dns-update ws2→gw']])
    const n = lane(t, 'node:ws3')
    expect(pts(t, n, 'failure')).toEqual([[5 * S, 'ws3 fails']])
    expect(pts(t, n, 'recovery')).toEqual([[6 * S, 'ws3 recovers']])
    expect(segs(t, n)).toEqual([['down', 5 * S, 6 * S, 'ws3 down']])
    const l = lane(t, 'link:wan')
    expect(pts(t, l, 'failure')).toEqual([[7 * S, 'wan fails']])
    expect(segs(t, l)).toEqual([['down', 7 * S, 8 * S, 'link wan down']])
  })
})

/** A synthetic timeline: `n` page faults 1 ms apart on lane 0 and as many 0.5 ms segments on lane 1. */
function synthetic(n: number): Timeline {
  const t: Timeline = {
    lanes: [
      { id: 'proc:p', kind: 'process', label: 'p' },
      { id: 'conn:c', kind: 'connection', label: 'c' },
    ],
    segments: { lane: [], start: [], end: [], kind: [], detail: [] },
    points: { lane: [], t: [], kind: [], detail: [] },
    strings: ['fault', 'short'],
    truncated: false,
  }
  for (let i = 0; i < n; i++) {
    t.points.lane.push(0)
    t.points.t.push(i * 1e6)
    t.points.kind.push('page-fault')
    t.points.detail.push(0)
    t.segments.lane.push(1)
    t.segments.start.push(i * 1e6)
    t.segments.end.push(i * 1e6 + 5e5)
    t.segments.kind.push('outage')
    t.segments.detail.push(1)
  }
  // One long segment that must survive any merging as it is.
  t.segments.lane.push(0)
  t.segments.start.push(0)
  t.segments.end.push(n * 1e6)
  t.segments.kind.push('running')
  t.segments.detail.push(-1)
  return t
}

/** How many original records a downsampled record stands for ("N × kind", or 1). */
function weight(t: Timeline, detail: number): number {
  const m = /^(\d+) × /.exec(t.strings[detail] ?? '')
  return m ? Number(m[1]) : 1
}

describe('downsampleTimeline', () => {
  it('is exact when the window holds few records', () => {
    const t = synthetic(100)
    const d = downsampleTimeline(t, 10e6, 19e6, 1000)
    // Points at 10..19 ms; segments overlapping [10, 19] ms: 9.x ends at 9.5 ms (out), 10..19 in, plus the long one.
    expect(d.points.t).toEqual(Array.from({ length: 10 }, (_, i) => (10 + i) * 1e6))
    expect(d.segments.start).toEqual([...Array.from({ length: 10 }, (_, i) => (10 + i) * 1e6), 0])
    expect(d.strings.slice(0, 2)).toEqual(['fault', 'short'])
    expect(d.truncated).toBe(false)
  })

  it('merges records of one lane and kind into at most maxRecords, keeping every record accounted for', () => {
    const n = 100_000
    const t = synthetic(n)
    const d = downsampleTimeline(t, 0, n * 1e6, 500)
    const records = d.points.t.length + d.segments.start.length
    expect(records).toBeLessThanOrEqual(500)
    expect(records).toBeGreaterThan(100)
    expect(d.truncated).toBe(false)
    expect(d.points.detail.reduce((a, k) => a + weight(d, k), 0)).toBe(n)
    const outages = d.segments.kind.flatMap((k, i) => (k === 'outage' ? [i] : []))
    expect(outages.reduce((a, i) => a + weight(d, d.segments.detail[i]), 0)).toBe(n)
    // Merged outages still cover where the originals were: from the first start to the last end.
    expect(Math.min(...outages.map((i) => d.segments.start[i]))).toBe(0)
    expect(Math.max(...outages.map((i) => d.segments.end[i]))).toBe((n - 1) * 1e6 + 5e5)
    // The long segment is kept as it was.
    const running = d.segments.kind.indexOf('running')
    expect([d.segments.start[running], d.segments.end[running], d.segments.detail[running]]).toEqual([0, n * 1e6, -1])
    // Points keep the time of the first one they stand for, in order.
    expect(d.points.t[0]).toBe(0)
    expect([...d.points.t].sort((a, b) => a - b)).toEqual(d.points.t)
  })

  it('says it truncated when even one record per lane and kind is too many', () => {
    const d = downsampleTimeline(synthetic(1000), 0, 1e9, 2)
    expect(d.points.t.length + d.segments.start.length).toBe(2)
    expect(d.truncated).toBe(true)
  })

  it('refuses a window that ends before it starts and a budget below one', () => {
    expect(() => downsampleTimeline(synthetic(1), 5, 1, 10)).toThrow(RangeError)
    expect(() => downsampleTimeline(synthetic(1), 0, 1, 0)).toThrow(RangeError)
  })
})

// Failures and residual dependencies (MODELS.md §4, "Residual dependency" column): a lazily
// migrated process dies — or stalls, by `onSourceFailure` — when the node it still pages from
// fails; an eagerly migrated one does not care. Failures during the move itself lose the process
// (source) or abandon the move (destination).

import { describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/engine/run/result'
import { simulate } from '../../src/engine/run/simulate'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { clusterSpec, job } from './specs'

const S = 1e9

/**
 * A 1 MB process (256 pages, all touched after resume over 2 s) moves a → b at 1 s on a
 * 100 Mbit/s LAN with a file server; `failures` and mechanism options as given.
 */
function run(mechanism: string, failures: ScenarioSpecInput['failures'], options: Record<string, unknown> = {}) {
  const spec = clusterSpec(
    { rate: '100Mbps', fileServer: true },
    {
      duration: '10s',
      processes: [
        { name: 'p', host: 'a', memory: { size: '1MiB', dirtyAtFreeze: '256KiB', touchedAfterResume: '1MiB' } },
      ],
      migrations: [{ process: 'p', to: 'b', at: '1s' }],
      failures,
      mechanismOptions: { [mechanism]: { touchPeriod: '2s', ...options } },
    },
  )
  const r = simulate(spec, job(mechanism))
  expect(r.status, r.error).toBe('ok')
  return r
}

function laneOf(r: RunResult, id: string): number {
  return r.timeline.lanes.findIndex((l) => l.id === id)
}

function segments(r: RunResult, lane: number, kind: string): { start: number; end: number }[] {
  const s = r.timeline.segments
  const out: { start: number; end: number }[] = []
  for (let i = 0; i < s.lane.length; i++)
    if (s.lane[i] === lane && s.kind[i] === kind) out.push({ start: s.start[i], end: s.end[i] })
  return out
}

function pointDetails(r: RunResult, lane: number, kind: string): string[] {
  const p = r.timeline.points
  const out: string[] = []
  for (let i = 0; i < p.lane.length; i++)
    if (p.lane[i] === lane && p.kind[i] === kind) out.push(r.timeline.strings[p.detail[i]])
  return out
}

describe('a residual dependency that fails', () => {
  it('kills a copy-on-reference process when its source fails while pages are still there', () => {
    const r = run('copy-on-reference', [{ kind: 'node', target: 'a', at: '1.5s' }])
    expect(r.summary['process.died']).toBe(1)
    const m = r.migrations[0]
    expect(m.pageFaults).toBeGreaterThan(0)
    expect(m.pageFaults).toBeLessThan(256)
    expect(m.residualDependencies).toEqual([
      { node: 'a', what: 'pages on the source', from: m.resumeAt, until: 1.5 * S },
    ])
    const lane = laneOf(r, 'proc:p')
    expect(pointDetails(r, lane, 'failure')).toEqual(['dies: residual dependency on a failed (pages on the source)'])
    // Its life on the timeline ends at the failure.
    const running = segments(r, lane, 'running')
    expect(running[running.length - 1].end).toBe(1.5 * S)
  })

  it('stalls it instead with onSourceFailure "stall", and it carries on when the source is back', () => {
    const r = run('copy-on-reference', [{ kind: 'node', target: 'a', at: '1.5s', recover: '3s' }], {
      onSourceFailure: 'stall',
    })
    expect(r.summary['process.died']).toBe(0)
    const m = r.migrations[0]
    expect(segments(r, laneOf(r, 'proc:p'), 'stalled')).toEqual([{ start: 1.5 * S, end: 3 * S }])
    // Every page still comes, after the source is back (the kernel link retransmits what was lost).
    expect(m.pageFaults).toBe(256)
    expect(m.completedAt).toBeGreaterThan(3 * S)
    expect(m.residualDependencies[0].until).toBe(m.completedAt)
  })

  it('post-copy with onSourceFailure "stall": the push goes on when the source is back', () => {
    const r = run('post-copy', [{ kind: 'node', target: 'a', at: '1.05s', recover: '2s' }], {
      onSourceFailure: 'stall',
    })
    const m = r.migrations[0]
    expect(r.summary['process.died']).toBe(0)
    expect(m.resumeAt).toBeLessThan(1.05 * S)
    expect(m.completedAt).toBeGreaterThan(2 * S)
    expect(m.bytes.memory + m.bytes.faults).toBeGreaterThanOrEqual(1024 * 1024)
    expect(segments(r, laneOf(r, 'proc:p'), 'stalled')).toEqual([{ start: 1.05 * S, end: 2 * S }])
  })

  it('stalls for good when the source never comes back: the dependency stays open', () => {
    const r = run('copy-on-reference', [{ kind: 'node', target: 'a', at: '1.5s' }], { onSourceFailure: 'stall' })
    expect(r.summary['process.died']).toBe(0)
    expect(r.summary['residual.permanent']).toBe(1)
    expect(segments(r, laneOf(r, 'proc:p'), 'stalled')).toEqual([{ start: 1.5 * S, end: 10 * S }])
  })

  it('kills a post-copy process when the source fails before the push is done', () => {
    // It resumes on b at 1.03 s (T_s); the push of 1 MiB at 100 Mbit/s would end at ≈ 1.12 s.
    const r = run('post-copy', [{ kind: 'node', target: 'a', at: '1.05s' }])
    const m = r.migrations[0]
    expect(m.resumeAt).toBeGreaterThan(0)
    expect(m.resumeAt).toBeLessThan(1.05 * S)
    expect(m.residualDependencies[0]).toMatchObject({ node: 'a', until: 1.05 * S })
    expect(m.bytes.memory + m.bytes.faults).toBeLessThan(1024 * 1024)
    expect(r.summary['process.died']).toBe(1)
  })

  it('leaves an eagerly migrated process alone: it no longer needs its source', () => {
    for (const mechanism of ['eager-all', 'pre-copy']) {
      const r = run(mechanism, [{ kind: 'node', target: 'a', at: '1.5s' }])
      expect(r.migrations[0].resumeAt).toBeLessThan(1.5 * S)
      expect(r.migrations[0].residualDependencies).toEqual([])
      expect(r.summary['process.died'], mechanism).toBe(0)
    }
  })

  it('flushing depends on the file server, not on the source', () => {
    expect(run('flushing', [{ kind: 'node', target: 'a', at: '1.5s' }]).summary['process.died']).toBe(0)
    const r = run('flushing', [{ kind: 'node', target: 'fs', at: '1.5s' }])
    expect(r.summary['process.died']).toBe(1)
    expect(r.migrations[0].residualDependencies[0]).toMatchObject({ node: 'fs', until: 1.5 * S })
  })
})

describe('a failure during the move', () => {
  it('loses the process with its source', () => {
    // 1 MiB at 100 Mbit/s takes ≈ 90 ms: the source fails in the middle of the copy.
    const r = run('eager-all', [{ kind: 'node', target: 'a', at: '1.05s' }])
    expect(r.summary['process.died']).toBe(1)
    expect(r.migrations[0].resumeAt).toBe(-1)
    const deaths = pointDetails(r, laneOf(r, 'proc:p'), 'failure')
    expect(deaths).toHaveLength(1)
    expect(deaths[0]).toMatch(/^dies: .*\ba failed/)
  })

  it('abandons the move when the destination fails; the process continues on the source', () => {
    const r = run('eager-all', [{ kind: 'node', target: 'b', at: '1.05s' }])
    expect(r.summary['process.died']).toBe(0)
    expect(r.summary['migration.abandoned']).toBe(1)
    expect(r.migrations[0].resumeAt).toBe(-1)
    const lane = laneOf(r, 'proc:p')
    // Frozen from 1 s to the failure, then running on a again to the end.
    expect(segments(r, lane, 'transferring')).toEqual([{ start: 1 * S, end: 1.05 * S }])
    const running = segments(r, lane, 'running')
    expect(running[running.length - 1]).toEqual({ start: 1.05 * S, end: 10 * S })
    const s = r.timeline.segments
    const last = s.lane.lastIndexOf(lane)
    expect(r.timeline.strings[s.detail[last]]).toBe('a')
  })
})

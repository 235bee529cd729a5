// The run queue's counts: every job of the study is listed from the start, and a job ends in
// exactly one of done, failed or skipped, so "finished/total" never passes the total.
import { describe, expect, it } from 'vitest'
import { expandJobs, jobKey, specHash } from '../../src/engine/run/jobs'
import { RunTracker } from '../../src/service/run-tracker'
import { clusterSpec } from '../proc/specs'

const spec = clusterSpec(
  { rate: '100Mbps' },
  {
    processes: [{ name: 'p', host: 'a', memory: { size: '1MB' } }],
    migrations: [{ process: 'p', to: 'b', at: '1s' }],
    compare: { architectures: ['none'], mechanisms: ['eager-all', 'pre-copy', 'post-copy'] },
  },
)

describe('RunTracker', () => {
  it('counts a failed job as failed only, a stored one as skipped, the others as done', () => {
    const hash = specHash(spec)
    const [stored, ok, bad] = expandJobs(spec).map((job) => ({ job, key: jobKey(hash, job) }))
    const t = new RunTracker('r', '/p', spec, (key) => key === stored.key)
    expect(t.status).toMatchObject({ total: 3, done: 0, failed: 0, skipped: 1 })
    for (const { job, key } of [ok, bad]) {
      t.apply({ kind: 'started', key, job })
      t.apply({ kind: 'progress', key, fraction: 0.5 })
    }
    const finished = { todo: 2, etaMs: 0, wallMs: 5 } as const
    t.apply({ kind: 'finished', key: ok.key, job: ok.job, status: 'ok', done: 1, ...finished })
    t.apply({ kind: 'finished', key: bad.key, job: bad.job, status: 'failed', error: 'refused', done: 2, ...finished })
    t.finish({ summary: { total: 3, ran: 2, skipped: 1, failed: 1, cancelled: false, specHash: hash } })
    expect(t.status).toMatchObject({ state: 'done', total: 3, done: 1, failed: 1, skipped: 1 })
    expect(t.status.jobs.map((j) => j.state)).toEqual(['skipped', 'done', 'failed'])
    expect(t.status.jobs[2].error).toBe('refused')
  })
})

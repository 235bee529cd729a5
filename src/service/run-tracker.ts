// The status of one run of a study as the run queue shows it, kept up to date from the sweep's
// events. Every job is listed from the start (the ones the results store already holds as
// skipped), so the queue shows the whole study at once; a job counts as running from its first
// progress report, since the sweep hands all jobs to the pool at once and the pool queues them.

import { expandJobs, jobKey, specHash } from '../engine/run/jobs'
import type { ScenarioSpec } from '../engine/scenario/spec'
import type { RunJobStatus, RunStatus } from './api'
import type { SweepEvent, SweepSummary } from './sweep'

export class RunTracker {
  readonly status: RunStatus
  private readonly byKey = new Map<string, RunJobStatus>()

  constructor(id: string, project: string, spec: ScenarioSpec, stored: (key: string) => boolean, now = new Date()) {
    const hash = specHash(spec)
    const jobs = expandJobs(spec).map((job): RunJobStatus => {
      const key = jobKey(hash, job)
      return stored(key) ? { key, job, state: 'skipped', progress: 1 } : { key, job, state: 'queued', progress: 0 }
    })
    for (const j of jobs) this.byKey.set(j.key, j)
    this.status = {
      id,
      project,
      study: spec.name,
      state: 'running',
      total: jobs.length,
      done: 0,
      failed: 0,
      skipped: jobs.filter((j) => j.state === 'skipped').length,
      etaMs: null,
      startedAt: now.toISOString(),
      jobs,
    }
  }

  /** Applies a sweep event; true when the change is worth showing at once (not a progress tick). */
  apply(e: SweepEvent): boolean {
    const s = this.status
    switch (e.kind) {
      case 'planned':
        // Sequential replication plans more rounds; the first round's plan is what the constructor listed.
        if (e.round > 0) s.total += e.total
        return e.round > 0
      case 'started':
        if (!this.byKey.has(e.key)) {
          const j: RunJobStatus = { key: e.key, job: e.job, state: 'queued', progress: 0 }
          this.byKey.set(e.key, j)
          s.jobs.push(j)
        }
        return false
      case 'progress': {
        const j = this.byKey.get(e.key)
        if (!j) return false
        const first = j.state === 'queued'
        j.state = 'running'
        j.progress = e.fraction
        return first
      }
      case 'finished': {
        const j = this.byKey.get(e.key)
        if (j) {
          j.state = e.status === 'ok' ? 'done' : 'failed'
          j.progress = 1
          j.wallMs = e.wallMs
          if (e.error !== undefined) j.error = e.error
        }
        // done, failed and skipped are disjoint: the queue shows their sum as the jobs finished.
        if (e.status === 'failed') s.failed++
        else s.done++
        s.etaMs = Number.isFinite(e.etaMs) ? Math.round(e.etaMs) : null
        return true
      }
    }
  }

  /** The sweep is over: finished, stopped by the user, or failed as a whole. */
  finish(outcome: { summary: SweepSummary } | { error: string }): void {
    const s = this.status
    s.etaMs = null
    if ('error' in outcome) {
      s.state = 'failed'
      s.error = outcome.error
    } else {
      s.state = outcome.summary.cancelled ? 'cancelled' : 'done'
    }
    for (const j of s.jobs) {
      if (j.state === 'queued' || j.state === 'running') j.state = 'cancelled'
    }
  }
}

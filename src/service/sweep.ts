// Running a study's sweep: expand it into jobs, skip the ones the store already holds (resume),
// run the rest on the worker pool with progress, ETA and cancellation, store each result as it
// finishes. With sequential replications, replications are added group by group until the 95 %
// interval of the chosen metric is narrow enough (or the cap is reached).

import { ciHalfWidth } from '../engine/metrics/stats'
import { expandJobs, jobKey, specHash } from '../engine/run/jobs'
import type { RunJob, RunResult } from '../engine/run/result'
import type { ScenarioSpec } from '../engine/scenario/spec'
import type { SimulationPool } from './pool'
import type { ResultsStore } from './store'

export type SweepEvent =
  | { kind: 'planned'; total: number; todo: number; round: number }
  | { kind: 'started'; key: string; job: RunJob }
  | { kind: 'progress'; key: string; fraction: number }
  | {
      kind: 'finished'
      key: string
      job: RunJob
      status: RunResult['status']
      error?: string
      wallMs: number
      done: number
      todo: number
      etaMs: number
    }

export interface SweepOptions {
  spec: ScenarioSpec
  store: ResultsStore
  pool: SimulationPool
  /** Run only every n-th job, starting at the i-th (1-based), for batch schedulers. */
  shard?: { index: number; count: number }
  onEvent?: (e: SweepEvent) => void
  signal?: AbortSignal
}

export interface SweepSummary {
  total: number
  ran: number
  skipped: number
  failed: number
  cancelled: boolean
  specHash: string
}

export class SweepError extends Error {
  override name = 'SweepError'
}

export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text)
  if (!m) throw new SweepError(`--shard must look like i/n (e.g. 2/4), got "${text}"`)
  const index = Number(m[1])
  const count = Number(m[2])
  if (count < 1 || index < 1 || index > count) throw new SweepError(`--shard ${text}: need 1 <= i <= n`)
  return { index, count }
}

export async function runSweep(o: SweepOptions): Promise<SweepSummary> {
  const hash = specHash(o.spec)
  o.store.writeStudy(o.spec, hash)
  const summary: SweepSummary = { total: 0, ran: 0, skipped: 0, failed: 0, cancelled: false, specHash: hash }
  const sequential = 'until' in o.spec.replications ? o.spec.replications.until : null
  if (sequential && o.shard)
    throw new SweepError('sequential replications cannot be split into shards; give a fixed replication count')

  let jobs = expandJobs(o.spec)
  if (o.shard) jobs = jobs.filter((_, i) => i % o.shard!.count === o.shard!.index - 1)
  let round = 0
  for (;;) {
    await runBatch(o, hash, jobs, round, summary)
    if (summary.cancelled || !sequential) break
    // Sequential replication: groups whose interval is still too wide get one more replication.
    const results = o.store.query({ status: 'ok' }).filter((r) => r.key === jobKey(hash, r.job))
    const more: RunJob[] = []
    const byGroup = new Map<string, RunResult[]>()
    for (const r of results) {
      const g = `${r.job.pointIndex}/${r.job.architecture}/${r.job.mechanism}`
      const list = byGroup.get(g) ?? []
      list.push(r)
      byGroup.set(g, list)
    }
    for (const list of byGroup.values()) {
      const n = list.length
      if (n >= sequential.max) continue
      const hw = ciHalfWidth(
        list.map((r) => r.summary[sequential.metric] ?? Number.NaN),
        sequential.relative,
      )
      if (hw <= sequential.halfWidth) continue
      const j = list[0].job
      const next = expandJobs(o.spec, { replications: 1, firstReplication: n }).find(
        (x) => x.pointIndex === j.pointIndex && x.architecture === j.architecture && x.mechanism === j.mechanism,
      )
      if (next) more.push(next)
    }
    if (more.length === 0) break
    jobs = more
    round++
  }
  o.store.writeIndexes()
  return summary
}

async function runBatch(
  o: SweepOptions,
  hash: string,
  jobs: RunJob[],
  round: number,
  summary: SweepSummary,
): Promise<void> {
  const keyed = jobs.map((job) => ({ job, key: jobKey(hash, job) }))
  const todo = keyed.filter((k) => !o.store.has(k.key))
  summary.total += keyed.length
  summary.skipped += keyed.length - todo.length
  o.onEvent?.({ kind: 'planned', total: keyed.length, todo: todo.length, round })
  let done = 0
  const started = performance.now()
  await Promise.all(
    todo.map(async ({ job, key }) => {
      if (o.signal?.aborted) return
      o.onEvent?.({ kind: 'started', key, job })
      const out = await o.pool.run(
        o.spec,
        job,
        key,
        (fraction) => o.onEvent?.({ kind: 'progress', key, fraction }),
        o.signal,
      )
      if (out.result.error === 'cancelled') {
        summary.cancelled = true
        return
      }
      o.store.put(out.result, { wallMs: out.wallMs, finishedAt: new Date().toISOString() })
      done++
      summary.ran++
      if (out.result.status === 'failed') summary.failed++
      const elapsed = performance.now() - started
      const etaMs = done > 0 ? (elapsed / done) * (todo.length - done) : Number.NaN
      o.onEvent?.({
        kind: 'finished',
        key,
        job,
        status: out.result.status,
        error: out.result.error,
        wallMs: out.wallMs,
        done,
        todo: todo.length,
        etaMs,
      })
    }),
  )
  if (o.signal?.aborted) summary.cancelled = true
}

// A project's results as the app reads them: the store may hold runs of earlier versions of the
// study (the spec changed, the engine changed), which stay on disk so going back reuses them, but
// what the app lists, analyses and exports is the current study only — the runs keyed by the spec
// hash in study.json — so numbers from different specs are never mixed in one table.

import { join } from 'node:path'
import { analyze } from '../engine/metrics/stats'
import type { AnalysisTable } from '../engine/metrics/table'
import { jobKey } from '../engine/run/jobs'
import type { RunResult } from '../engine/run/result'
import type { RunQuery, RunSummary } from './api'
import { RESULTS_DIR } from './project'
import { ResultsStore, type RunMeta, type StudyRecord } from './store'

export interface StudyRuns {
  study: StudyRecord
  runs: RunResult[]
}

/** True when a stored run was made from the study's spec by the study's engine. */
export function inStudy(study: StudyRecord, r: RunResult): boolean {
  return r.engineVersion === study.engineVersion && r.key === jobKey(study.specHash, r.job, r.engineVersion)
}

/** The project's current study and its runs, or null when nothing has been run yet. */
export function studyRuns(project: string, query: RunQuery = {}): StudyRuns | null {
  const store = new ResultsStore(join(project, RESULTS_DIR))
  const study = store.study()
  if (!study) return null
  const { scope: _scope, ...filter } = query
  return { study, runs: store.query(filter).filter((r) => inStudy(study, r)) }
}

/**
 * The rows of the run browser: the current study's runs, or with `scope: 'store'` every run the
 * store holds (earlier specs and engine versions too, marked not current).
 */
export function runSummaries(project: string, query: RunQuery = {}): RunSummary[] {
  const store = new ResultsStore(join(project, RESULTS_DIR))
  const study = store.study()
  if (!study) return []
  const { scope, ...filter } = query
  const out: RunSummary[] = []
  for (const r of store.query(filter)) {
    const current = inStudy(study, r)
    if (scope !== 'store' && !current) continue
    out.push(summaryOf(r, current, store.meta(r.key)))
  }
  return out
}

export function summaryOf(r: RunResult, current: boolean, meta?: RunMeta): RunSummary {
  const s: RunSummary = {
    key: r.key,
    job: r.job,
    status: r.status,
    summary: r.summary,
    migrations: r.migrations.length,
    current,
  }
  if (r.error !== undefined) s.error = r.error
  if (meta) {
    s.finishedAt = meta.finishedAt
    s.wallMs = meta.wallMs
  }
  return s
}

export function analysisOf({ study, runs }: StudyRuns): AnalysisTable {
  return analyze(runs, {
    study: study.name,
    specHash: study.specHash,
    engineVersion: study.engineVersion,
    baseline: study.spec.compare.baseline,
  })
}

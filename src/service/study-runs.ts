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
import { ResultsStore, type StudyRecord } from './store'

export interface StudyRuns {
  study: StudyRecord
  runs: RunResult[]
}

/** The project's current study and its runs, or null when nothing has been run yet. */
export function studyRuns(project: string, query: RunQuery = {}): StudyRuns | null {
  const store = new ResultsStore(join(project, RESULTS_DIR))
  const study = store.study()
  if (!study) return null
  const runs = store
    .query(query)
    .filter((r) => r.key === jobKey(study.specHash, r.job, r.engineVersion) && r.engineVersion === study.engineVersion)
  return { study, runs }
}

export function summaryOf(r: RunResult): RunSummary {
  const s: RunSummary = {
    key: r.key,
    job: r.job,
    status: r.status,
    summary: r.summary,
    migrations: r.migrations.length,
  }
  if (r.error !== undefined) s.error = r.error
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

// Loading a study's results for reports, bundles and the app: a results folder (study.json +
// runs/) or a project folder (its results/ and scenario.ts), turned into the report library's
// StudyResults with the analysis table computed from the stored runs.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { analyze } from '../engine/metrics/stats'
import type { StudyResults } from '../engine/report/study-results'
import { RESULTS_DIR, SCRIPT_FILE } from './project'
import { ResultsStore } from './store'
import { inStudy } from './study-runs'

export class StudyNotFound extends Error {
  override name = 'StudyNotFound'
}

/** The results folder of DIR: DIR itself when it holds study.json, else DIR/results. */
export function resultsDirOf(dir: string): string {
  if (existsSync(join(dir, 'study.json'))) return dir
  const inner = join(dir, RESULTS_DIR)
  if (existsSync(join(inner, 'study.json'))) return inner
  throw new StudyNotFound(
    `${dir}: no results here (neither study.json nor ${RESULTS_DIR}/study.json); run \`miglab sweep\` first`,
  )
}

export function loadStudy(dir: string): StudyResults & { resultsDir: string; store: ResultsStore } {
  const resultsDir = resultsDirOf(dir)
  const store = new ResultsStore(resultsDir)
  const study = store.study()
  if (!study) throw new StudyNotFound(`${resultsDir}: study.json is missing`)
  // The current study's runs only — those keyed by study.json's spec hash and engine — as the app
  // reads them (study-runs.ts): runs of earlier versions of the study stay in the store for reuse,
  // but their numbers must not be mixed into this study's tables, figures and bundles.
  const runs = store.query().filter((r) => inStudy(study, r))
  const table = analyze(runs, {
    study: study.name,
    specHash: study.specHash,
    engineVersion: study.engineVersion,
    baseline: study.spec.compare.baseline,
  })
  // A project keeps its script beside its results folder.
  const scriptFile = join(resultsDir, '..', SCRIPT_FILE)
  const source = existsSync(scriptFile) ? readFileSync(scriptFile, 'utf8') : undefined
  return { table, spec: study.spec, runs, source, resultsDir, store }
}

// Expanding a study into runs: architecture × mechanism × sweep point × replication. Each run's
// seed depends only on the study seed and the replication number, so within a replication every
// architecture, mechanism and sweep point sees the same random workload and the same migration
// times (common random numbers: paired comparisons have less noise). Each run is keyed by a hash
// of the spec, the job and the engine version: the results store reuses a run only when all three
// are the same.

import type { ScenarioSpec } from '../scenario/spec'
import { expandSweep } from '../scenario/sweep'
import { ENGINE_VERSION } from '../version'
import { canonicalJson, hashOf, sha256Hex } from './canonical'
import type { RunJob } from './result'

/** Identity of a spec (everything that can change a number; editor positions included for simplicity). */
export function specHash(spec: ScenarioSpec): string {
  return hashOf(spec)
}

/** The seed of replication `r` of a study whose seed is `studySeed` (48 bits of a hash). */
export function replicationSeed(studySeed: number, replication: number): number {
  const h = sha256Hex(`miglab-seed/${studySeed}/${replication}`)
  return Number.parseInt(h.slice(0, 12), 16)
}

export function jobKey(specHashHex: string, job: RunJob, engineVersion = ENGINE_VERSION): string {
  return sha256Hex(`${specHashHex}/${canonicalJson(job)}/${engineVersion}`)
}

export interface ExpandOptions {
  /** Replications per group; defaults to the spec's count (or the sequential rule's minimum). */
  replications?: number
  /** First replication number (sequential replication adds more later). */
  firstReplication?: number
}

/** All jobs of a study, in a stable order: point, replication, architecture, mechanism. */
export function expandJobs(spec: ScenarioSpec, options: ExpandOptions = {}): RunJob[] {
  const reps =
    options.replications ?? ('count' in spec.replications ? spec.replications.count : spec.replications.until.min)
  const first = options.firstReplication ?? 0
  const jobs: RunJob[] = []
  for (const point of expandSweep(spec)) {
    for (let r = first; r < first + reps; r++) {
      const seed = replicationSeed(spec.seed, r)
      for (const architecture of spec.compare.architectures) {
        for (const mechanism of spec.compare.mechanisms) {
          jobs.push({ architecture, mechanism, pointIndex: point.index, point: point.values, replication: r, seed })
        }
      }
    }
  }
  return jobs
}

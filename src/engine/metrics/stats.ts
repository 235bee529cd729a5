// Statistics over replications: per sweep point, architecture and mechanism, the mean, standard
// deviation, 95 % confidence interval (Student t), min/max and percentiles of every summary
// metric; and paired differences against a baseline under common random numbers (replication r of
// two configurations saw the same random workload, so their difference has less noise).

import type { RunResult } from '../run/result'
import type { AnalysisRow, AnalysisTable, GroupKey, MetricStats, PairedDifference } from './table'

// t_{0.975, df} for df = 1..30 (NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.2).
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
]
const Z975 = 1.959963984540054

/** The 97.5 % quantile of Student's t with `df` degrees of freedom (Cornish–Fisher beyond 30: error < 1e-3). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be at least 1, got ${df}`)
  if (df <= 30) return T975[Math.floor(df) - 1]
  const z = Z975
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], q: number): number {
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[k]
}

/** Describes a sample; NaN values (a metric a run could not measure) are left out. */
export function describe(values: readonly number[]): MetricStats | null {
  const v = values.filter((x) => Number.isFinite(x))
  const n = v.length
  if (n === 0) return null
  const mean = v.reduce((a, b) => a + b, 0) / n
  const sd = n > 1 ? Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1)) : 0
  const half = n > 1 ? tQuantile975(n - 1) * (sd / Math.sqrt(n)) : 0
  const sorted = [...v].sort((a, b) => a - b)
  return {
    n,
    mean,
    sd,
    ciLow: mean - half,
    ciHigh: mean + half,
    min: sorted[0],
    max: sorted[n - 1],
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
  }
}

/** Half-width of the 95 % interval of the mean, relative to the mean when `relative`. */
export function ciHalfWidth(values: readonly number[], relative: boolean): number {
  const s = describe(values)
  if (!s || s.n < 2) return Number.POSITIVE_INFINITY
  const half = (s.ciHigh - s.ciLow) / 2
  return relative ? half / Math.abs(s.mean || Number.MIN_VALUE) : half
}

function groupId(k: { pointIndex: number; architecture: string; mechanism: string }): string {
  return `${k.pointIndex}\u0000${k.architecture}\u0000${k.mechanism}`
}

/** Groups successful runs by (point, architecture, mechanism). */
export function groupRuns(results: readonly RunResult[]): Map<string, { key: GroupKey; runs: RunResult[] }> {
  const groups = new Map<string, { key: GroupKey; runs: RunResult[] }>()
  for (const r of results) {
    if (r.status !== 'ok') continue
    const id = groupId(r.job)
    let g = groups.get(id)
    if (!g) {
      g = {
        key: {
          pointIndex: r.job.pointIndex,
          point: r.job.point,
          architecture: r.job.architecture,
          mechanism: r.job.mechanism,
        },
        runs: [],
      }
      groups.set(id, g)
    }
    g.runs.push(r)
  }
  for (const g of groups.values()) g.runs.sort((a, b) => a.job.replication - b.job.replication)
  return groups
}

export interface AnalyzeOptions {
  study: string
  specHash: string
  engineVersion: string
  baseline?: { architecture: string; mechanism: string }
}

/**
 * Paired differences (configuration minus `baseline`) of every summary metric at every sweep
 * point, over the replications both have: replication r of two configurations ran with the same
 * seed (common random numbers, run/jobs.ts), so r's difference cancels the noise they share.
 */
export function pairedDifferences(
  results: readonly RunResult[],
  baseline: { architecture: string; mechanism: string },
  groups = groupRuns(results),
): PairedDifference[] {
  const b = baseline
  const paired: PairedDifference[] = []
  for (const g of orderedGroups(groups)) {
    if (g.key.architecture === b.architecture && g.key.mechanism === b.mechanism) continue
    const base = groups.get(
      groupId({ pointIndex: g.key.pointIndex, architecture: b.architecture, mechanism: b.mechanism }),
    )
    if (!base) continue
    const baseByRep = new Map(base.runs.map((r) => [r.job.replication, r]))
    const metrics = new Set<string>()
    for (const r of g.runs) for (const m of Object.keys(r.summary)) metrics.add(m)
    for (const metric of [...metrics].sort()) {
      const diffs: number[] = []
      for (const r of g.runs) {
        const other = baseByRep.get(r.job.replication)
        if (!other) continue
        const d = (r.summary[metric] ?? Number.NaN) - (other.summary[metric] ?? Number.NaN)
        if (Number.isFinite(d)) diffs.push(d)
      }
      const s = describe(diffs)
      if (s)
        paired.push({ ...g.key, metric, baseline: { ...b }, n: s.n, mean: s.mean, ciLow: s.ciLow, ciHigh: s.ciHigh })
    }
  }
  return paired
}

/** Groups by point, then architecture, then mechanism. */
function orderedGroups(groups: Map<string, { key: GroupKey; runs: RunResult[] }>) {
  return [...groups.values()].sort(
    (a, b) =>
      a.key.pointIndex - b.key.pointIndex ||
      a.key.architecture.localeCompare(b.key.architecture) ||
      a.key.mechanism.localeCompare(b.key.mechanism),
  )
}

export function analyze(results: readonly RunResult[], o: AnalyzeOptions): AnalysisTable {
  const groups = groupRuns(results)
  const rows: AnalysisRow[] = []
  const ordered = orderedGroups(groups)
  for (const g of ordered) {
    const metrics = new Set<string>()
    for (const r of g.runs) for (const m of Object.keys(r.summary)) metrics.add(m)
    for (const metric of [...metrics].sort()) {
      const stats = describe(g.runs.map((r) => r.summary[metric] ?? Number.NaN))
      if (stats) rows.push({ ...g.key, metric, stats })
    }
  }
  const paired = o.baseline ? pairedDifferences(results, o.baseline, groups) : []
  return {
    study: o.study,
    specHash: o.specHash,
    engineVersion: o.engineVersion,
    rows,
    paired,
    runKeys: results
      .filter((r) => r.status === 'ok')
      .map((r) => r.key)
      .sort(),
  }
}

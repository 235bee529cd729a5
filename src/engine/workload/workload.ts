// What every workload provides: start at its start time, stop at its stop time, and report its
// metrics into the summary (names `<kind>.<metric>`; times in ns).

import type { WorkloadSpec } from '../scenario/spec'
import type { World } from '../sim/world'

export interface Workload {
  readonly name: string
  readonly kind: string
  start(): void
  stop(): void
  /** Summary metrics of this workload. */
  summarize(out: Record<string, number>): void
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))
  return sorted[k]
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN
  let s = 0
  for (const x of xs) s += x
  return s / xs.length
}

/** Where a workload is in the spec, for errors that name the element ("workloads[2]"). */
export function workloadPath(world: World, spec: WorkloadSpec): string {
  return `workloads[${world.spec.workloads.indexOf(spec)}]`
}

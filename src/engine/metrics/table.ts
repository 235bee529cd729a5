// The analysis table: what statistics over a study's runs produce and what charts, tables and
// reports consume. One row per (sweep point, architecture, mechanism) group and metric.

import type { SweepValue } from '../scenario/spec'

export interface MetricStats {
  /** Number of replications that had the metric. */
  n: number
  mean: number
  sd: number
  /** 95 % confidence interval of the mean (Student t); equal to the mean when n < 2. */
  ciLow: number
  ciHigh: number
  min: number
  max: number
  p50: number
  p90: number
  p99: number
}

export interface GroupKey {
  pointIndex: number
  point: Record<string, SweepValue>
  architecture: string
  mechanism: string
}

export interface AnalysisRow extends GroupKey {
  metric: string
  stats: MetricStats
}

/** A paired difference (architecture/mechanism minus a baseline) under common random numbers. */
export interface PairedDifference extends GroupKey {
  metric: string
  baseline: { architecture: string; mechanism: string }
  /** Replications present in both. */
  n: number
  mean: number
  ciLow: number
  ciHigh: number
}

export interface AnalysisTable {
  /** The study the table describes. */
  study: string
  specHash: string
  engineVersion: string
  rows: AnalysisRow[]
  paired: PairedDifference[]
  /** Run keys that went into the table, for provenance. */
  runKeys: string[]
}

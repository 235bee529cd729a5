// Helpers the figure builders share: estimates in display units, axis scales, ids.

import type { MetricStats } from '../../metrics/table'
import type { DisplayUnit } from '../display-units'
import type { Estimate } from '../figure-model'

/** Summary metrics figures read unless told otherwise (run/result.ts naming). */
export const FREEZE_METRIC = 'migration.freeze.mean'
export const OUTAGE_METRIC = 'connection.outage.mean'

export function estimateOf(stats: MetricStats, unit: DisplayUnit): Estimate {
  return {
    mean: stats.mean / unit.factor,
    ciLow: stats.ciLow / unit.factor,
    ciHigh: stats.ciHigh / unit.factor,
    n: stats.n,
  }
}

/**
 * Log scale when all values are positive and the largest is more than `spread` times the
 * smallest (outages from milliseconds to many seconds are common: TCP back-off), else linear.
 * An explicit choice wins.
 */
export function chooseScale(
  values: readonly number[],
  requested: 'linear' | 'log' | 'auto' = 'auto',
  spread = 100,
): 'linear' | 'log' {
  if (requested !== 'auto') return requested
  const v = values.filter((x) => Number.isFinite(x))
  if (v.length === 0 || v.some((x) => x <= 0)) return 'linear'
  return Math.max(...v) / Math.min(...v) > spread ? 'log' : 'linear'
}

/** A file-name-safe slug. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

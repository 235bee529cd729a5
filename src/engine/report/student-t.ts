// The 97.5 % quantile of Student's t distribution, for 95 % confidence intervals of the means
// the report computes itself from run results (the overhead decomposition). The analysis table
// brings its own intervals; this is only for quantities the table does not hold.

// t_{0.975, df} for df = 1..30 (standard tables, e.g. NIST/SEMATECH e-Handbook §1.3.6.7.2).
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11,
  2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
]

const Z975 = 1.959964

/** t_{0.975, df}; beyond the table, the Cornish–Fisher expansion (error < 1e-3 for df > 30). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be at least 1, got ${df}`)
  if (df <= 30) return T975[Math.floor(df) - 1]
  const z = Z975
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2)
}

/** Mean and 95 % CI of a sample; the interval collapses to the mean for fewer than two values. */
export function meanInterval(values: readonly number[]): { mean: number; ciLow: number; ciHigh: number; n: number } {
  const n = values.length
  if (n === 0) throw new RangeError('no values')
  const mean = values.reduce((a, b) => a + b, 0) / n
  if (n < 2) return { mean, ciLow: mean, ciHigh: mean, n }
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n)
  return { mean, ciLow: mean - half, ciHigh: mean + half, n }
}

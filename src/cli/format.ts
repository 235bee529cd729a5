// Terminal formatting of results: metric values in the unit their name implies (ns, bytes, plain).

import { displayUnit } from '../engine/report/display-units'
import { describeMetric } from '../engine/report/metric-names'

export function formatMetric(name: string, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  const d = describeMetric(name)
  const u = displayUnit(d.quantity, value)
  const v = value / u.factor
  const digits = Math.abs(v) >= 100 ? 1 : Math.abs(v) >= 10 ? 2 : 3
  const text = Number.isInteger(v) ? String(v) : v.toFixed(digits)
  return u.symbol ? `${text} ${u.symbol}` : text
}

/** A simple aligned two-or-more-column text table. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)))
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '))
    .join('\n')
}

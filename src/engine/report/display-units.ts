// Display units: results hold integer nanoseconds and bytes; figures and tables show ms, s, kB,
// MB. One unit is chosen per axis or table column from the largest value it shows, so a column
// never mixes units and its header can say which it is.

import type { Quantity } from './metric-names'

export interface DisplayUnit {
  /** Unit as printed, e.g. "ms"; empty for plain numbers. */
  symbol: string
  /** Raw value / factor = displayed value. */
  factor: number
}

const TIME_UNITS: DisplayUnit[] = [
  { symbol: 's', factor: 1e9 },
  { symbol: 'ms', factor: 1e6 },
  { symbol: 'µs', factor: 1e3 },
  { symbol: 'ns', factor: 1 },
]

// Decimal prefixes, as the spec's sizes and MODELS.md use them (MB = 10^6 B).
const SIZE_UNITS: DisplayUnit[] = [
  { symbol: 'GB', factor: 1e9 },
  { symbol: 'MB', factor: 1e6 },
  { symbol: 'kB', factor: 1e3 },
  { symbol: 'B', factor: 1 },
]

// Rates are bits per second (core/units parseRate).
const RATE_UNITS: DisplayUnit[] = [
  { symbol: 'Gbps', factor: 1e9 },
  { symbol: 'Mbps', factor: 1e6 },
  { symbol: 'kbps', factor: 1e3 },
  { symbol: 'bps', factor: 1 },
]

const PLAIN: DisplayUnit = { symbol: '', factor: 1 }

/**
 * The unit for values of `quantity` whose largest magnitude is `largest` (raw units): the
 * biggest unit in which that value is at least 1, so numbers read like "7.2 s" or "350 ms".
 */
export function displayUnit(quantity: Quantity, largest: number): DisplayUnit {
  const units =
    quantity === 'time' ? TIME_UNITS : quantity === 'size' ? SIZE_UNITS : quantity === 'rate' ? RATE_UNITS : null
  if (!units) return PLAIN
  const m = Math.abs(largest)
  return units.find((u) => m >= u.factor) ?? units[units.length - 1]
}

/** "Freeze (ms)", or just the title for plain numbers. */
export function withUnit(title: string, unit: DisplayUnit): string {
  return unit.symbol ? `${title} (${unit.symbol})` : title
}

/**
 * Decimals that show `spread` (a CI half-width, or the smallest difference that matters) with
 * two significant digits, clamped to 0..4: "12.3 ± 0.41" rather than "12.3456 ± 0.4123".
 */
export function decimalsFor(spread: number, value: number): number {
  const basis = spread > 0 ? spread : Math.abs(value)
  if (!(basis > 0) || !Number.isFinite(basis)) return 0
  const d = 1 - Math.floor(Math.log10(basis))
  return Math.min(4, Math.max(0, d))
}

// Strict parsers for the three kinds of quantity a study is written in: durations, rates and
// sizes. A unit is always required, spelled the way papers spell it; anything malformed,
// negative or ambiguous is refused with a message that says what to write instead.
//
//   durations -> integer nanoseconds:  ns us µs ms s min h          ("50us", "20ms", "1.5s")
//   rates     -> bits per second:      bps kbps Mbps Gbps Tbps, b/s kb/s Mb/s Gb/s (and kbit/s ...)
//                                      B/s kB/s MB/s GB/s KiB/s MiB/s GiB/s   ("100Mbps", "5MB/s")
//   sizes     -> integer bytes:        B kB MB GB TB KiB MiB GiB TiB, pages excluded ("1500B", "64KiB")
//
// Decimal prefixes are powers of 1000 (MB = 10^6 B, as in MODELS.md V4), binary prefixes
// powers of 1024. "KB" is refused as ambiguous (1000 or 1024?), and so are case slips such as
// "mbps" (millibits?) or "5mb".

import { MS, NS, SECOND, type Time, US } from './time'

/** A malformed, negative or ambiguous quantity. The message says what was expected. */
export class UnitError extends Error {
  constructor(
    message: string,
    /** The text that was refused. */
    readonly input: string,
  ) {
    super(message)
    this.name = 'UnitError'
  }
}

export type QuantityKind = 'duration' | 'rate' | 'size'

const DURATION_UNITS: Record<string, number> = {
  ns: NS,
  us: US,
  µs: US,
  μs: US,
  ms: MS,
  s: SECOND,
  min: 60 * SECOND,
  h: 3600 * SECOND,
}

const RATE_UNITS: Record<string, number> = {
  bps: 1,
  'b/s': 1,
  'bit/s': 1,
  kbps: 1e3,
  Kbps: 1e3,
  'kb/s': 1e3,
  'kbit/s': 1e3,
  Mbps: 1e6,
  'Mb/s': 1e6,
  'Mbit/s': 1e6,
  Gbps: 1e9,
  'Gb/s': 1e9,
  'Gbit/s': 1e9,
  Tbps: 1e12,
  'Tb/s': 1e12,
  'Tbit/s': 1e12,
  'B/s': 8,
  'kB/s': 8e3,
  'MB/s': 8e6,
  'GB/s': 8e9,
  'KiB/s': 8 * 1024,
  'MiB/s': 8 * 1024 ** 2,
  'GiB/s': 8 * 1024 ** 3,
}

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  kB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
}

const EXAMPLES: Record<QuantityKind, string> = {
  duration: '"50us", "20ms", "1.5s"',
  rate: '"100Mbps", "1Gbps", "5MB/s"',
  size: '"1500B", "64KiB", "512MB"',
}

/** Units that are refused with a specific hint, because their meaning is not clear. */
const AMBIGUOUS: Record<QuantityKind, Record<string, string>> = {
  duration: {
    m: '"m" could mean minutes or metres; write "min" for minutes or "ms" for milliseconds',
    sec: 'write "s" for seconds',
    msec: 'write "ms" for milliseconds',
    usec: 'write "us" for microseconds',
    nsec: 'write "ns" for nanoseconds',
  },
  rate: {
    'KB/s': '"KB/s" is ambiguous (1000 or 1024 bytes per second?); write "kB/s" or "KiB/s"',
    MBps: '"MBps" is easily confused with "Mbps"; write "MB/s" for bytes or "Mbps" for bits per second',
    GBps: '"GBps" is easily confused with "Gbps"; write "GB/s" for bytes or "Gbps" for bits per second',
    kBps: 'write "kB/s" for kilobytes or "kbps" for kilobits per second',
  },
  size: {
    KB: '"KB" is ambiguous (1000 or 1024 bytes?); write "kB" (1000 B) or "KiB" (1024 B)',
    b: 'sizes are in bytes: write "B" (bits are for rates, e.g. "bps")',
    kb: 'sizes are in bytes: "kb" would be kilobits; write "kB" or "KiB"',
    Kb: 'sizes are in bytes: "Kb" would be kilobits; write "kB" or "KiB"',
    Mb: 'sizes are in bytes: "Mb" would be megabits; write "MB" or "MiB"',
    Gb: 'sizes are in bytes: "Gb" would be gigabits; write "GB" or "GiB"',
  },
}

const UNITS: Record<QuantityKind, Record<string, number>> = {
  duration: DURATION_UNITS,
  rate: RATE_UNITS,
  size: SIZE_UNITS,
}

// A decimal number (no sign: negatives are refused separately with a clearer message), an
// optional single space, then the unit.
const QUANTITY = /^(\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?) ?(\S+)$/

function unitHint(kind: QuantityKind, unit: string): string {
  const specific = AMBIGUOUS[kind][unit]
  if (specific) return specific
  const table = UNITS[kind]
  // A case slip ("mbps", "MS", "kib") gets the spelling that was probably meant.
  const sameLetters = Object.keys(table).filter((u) => u.toLowerCase() === unit.toLowerCase())
  if (sameLetters.length > 0) {
    return `unit "${unit}" is not recognised (units are case-sensitive); did you mean ${sameLetters
      .map((u) => `"${u}"`)
      .join(' or ')}?`
  }
  for (const other of ['duration', 'rate', 'size'] as const) {
    if (other !== kind && unit in UNITS[other]) return `"${unit}" is a unit of ${other}, but a ${kind} is expected`
  }
  return `unit "${unit}" is not a unit of ${kind}; known units: ${Object.keys(table).join(', ')}`
}

function parseQuantity(kind: QuantityKind, input: unknown): number {
  if (typeof input !== 'string') {
    throw new UnitError(
      `expected a ${kind} as a string with a unit, such as ${EXAMPLES[kind]}; got ${
        typeof input === 'number' ? `the bare number ${input}` : typeof input
      }`,
      String(input),
    )
  }
  const text = input.trim()
  if (text === '') throw new UnitError(`empty ${kind}: write one such as ${EXAMPLES[kind]}`, input)
  if (text.startsWith('-')) throw new UnitError(`a ${kind} cannot be negative: "${input}"`, input)
  if (text.startsWith('+')) throw new UnitError(`write ${kind}s without a sign: "${input}"`, input)
  if (/^[\d.eE+-]+$/.test(text)) {
    throw new UnitError(`"${input}" has no unit; a ${kind} needs one, such as ${EXAMPLES[kind]}`, input)
  }
  const m = QUANTITY.exec(text)
  if (!m) {
    throw new UnitError(`"${input}" is not a ${kind}; write a number then a unit, such as ${EXAMPLES[kind]}`, input)
  }
  const value = Number(m[1])
  const unit = m[2]!
  const factor = UNITS[kind][unit]
  if (factor === undefined) throw new UnitError(`"${input}": ${unitHint(kind, unit)}`, input)
  if (!Number.isFinite(value)) throw new UnitError(`"${input}" is too large`, input)
  return value * factor
}

/** Rounds `x` to an integer when it is one up to float error; otherwise undefined. */
function wholeOrUndefined(x: number): number | undefined {
  const r = Math.round(x)
  return Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x)) ? r : undefined
}

/** Parses a duration such as "50us", "20ms" or "1.5s" into integer nanoseconds. */
export function parseDuration(input: unknown): Time {
  const ns = parseQuantity('duration', input)
  const whole = wholeOrUndefined(ns)
  if (whole === undefined) throw new UnitError(`"${input}" is not a whole number of nanoseconds`, String(input))
  if (!Number.isSafeInteger(whole))
    throw new UnitError(`"${input}" is longer than the engine can represent`, String(input))
  return whole
}

/** Parses a rate such as "100Mbps", "1Gbps" or "5MB/s" into bits per second. */
export function parseRate(input: unknown): number {
  return parseQuantity('rate', input)
}

/** Parses a size such as "1500B", "64KiB" or "512MB" into an integer number of bytes. */
export function parseSize(input: unknown): number {
  const bytes = parseQuantity('size', input)
  const whole = wholeOrUndefined(bytes)
  if (whole === undefined) throw new UnitError(`"${input}" is not a whole number of bytes`, String(input))
  if (!Number.isSafeInteger(whole))
    throw new UnitError(`"${input}" is larger than the engine can represent`, String(input))
  return whole
}

/** Parses any of the three kinds. */
export function parseUnit(kind: QuantityKind, input: unknown): number {
  if (kind === 'duration') return parseDuration(input)
  if (kind === 'rate') return parseRate(input)
  return parseSize(input)
}

function trim(x: number): string {
  // Up to 4 significant decimals, without trailing zeros.
  return Number.parseFloat(x.toPrecision(6)).toString()
}

/** Formats integer nanoseconds with the largest unit that keeps the number at least 1. */
export function formatDuration(ns: Time): string {
  const a = Math.abs(ns)
  if (a >= SECOND) return `${trim(ns / SECOND)}s`
  if (a >= MS) return `${trim(ns / MS)}ms`
  if (a >= US) return `${trim(ns / US)}us`
  return `${ns}ns`
}

/** Formats bits per second ("100Mbps"). */
export function formatRate(bps: number): string {
  if (bps >= 1e12) return `${trim(bps / 1e12)}Tbps`
  if (bps >= 1e9) return `${trim(bps / 1e9)}Gbps`
  if (bps >= 1e6) return `${trim(bps / 1e6)}Mbps`
  if (bps >= 1e3) return `${trim(bps / 1e3)}kbps`
  return `${trim(bps)}bps`
}

/** Formats bytes with decimal prefixes ("1.5MB"). */
export function formatSize(bytes: number): string {
  const a = Math.abs(bytes)
  if (a >= 1e12) return `${trim(bytes / 1e12)}TB`
  if (a >= 1e9) return `${trim(bytes / 1e9)}GB`
  if (a >= 1e6) return `${trim(bytes / 1e6)}MB`
  if (a >= 1e3) return `${trim(bytes / 1e3)}kB`
  return `${bytes}B`
}

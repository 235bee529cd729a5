// `--key=value` / `--flag` parsing for benchmark commands (the same shape the peer programs take).

export type BenchArgs = Record<string, string | true>

export function parseArgs(argv: readonly string[]): { positional: string[]; flags: BenchArgs } {
  const positional: string[] = []
  const flags: BenchArgs = {}
  for (const a of argv) {
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      if (eq < 0) flags[a.slice(2)] = true
      else flags[a.slice(2, eq)] = a.slice(eq + 1)
    } else positional.push(a)
  }
  return { positional, flags }
}

export function intFlag(flags: BenchArgs, name: string, fallback: number): number {
  const v = flags[name]
  if (v === undefined) return fallback
  const n = Number(v)
  if (v === true || !Number.isSafeInteger(n) || n < 0)
    throw new Error(`--${name} must be a non-negative integer, got ${v}`)
  return n
}

/** Formats a RESULT line: space-separated key=value pairs, like the peer programs print. */
export function resultLine(fields: Record<string, string | number>): string {
  return `RESULT ${Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(6) : v}`)
    .join(' ')}`
}

/** Parses a RESULT line back into fields. */
export function parseResultLine(line: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const kv of line.replace(/^RESULT\s+/, '').split(/\s+/)) {
    const eq = kv.indexOf('=')
    if (eq > 0) out[kv.slice(0, eq)] = kv.slice(eq + 1)
  }
  return out
}

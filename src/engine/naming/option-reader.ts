// Reading an architecture's options (spec.architectureOptions[id]): every key is checked against
// the ones the architecture documents, and every value against its type and range, so a typo or a
// bad value stops the run at once with a message naming `architectureOptions.<id>.<key>`.

import { parseDuration, type Time } from '../core'

export class ArchitectureOptionError extends Error {
  override name = 'ArchitectureOptionError'
  /** The option at fault: `architectureOptions.<id>.<key>`. */
  readonly path: string

  constructor(
    id: string,
    key: string,
    /** What is wrong with it. */
    readonly reason: string,
  ) {
    super(`architectureOptions.${id}.${key}: ${reason}`)
    this.path = `architectureOptions.${id}.${key}`
  }
}

/** The reader of an architecture that takes no options: any key is refused as a typo. */
export function noOptions(id: string, raw: Record<string, unknown>): void {
  new OptionReader(id, raw, [])
}

export class OptionReader {
  constructor(
    private readonly id: string,
    private readonly raw: Record<string, unknown>,
    known: readonly string[],
  ) {
    for (const k of Object.keys(raw)) {
      if (!known.includes(k)) {
        const list = known.length > 0 ? `known: ${known.join(', ')}` : 'this architecture has no options'
        throw new ArchitectureOptionError(id, k, `unknown option; ${list}`)
      }
    }
  }

  private fail(key: string, message: string): never {
    throw new ArchitectureOptionError(this.id, key, message)
  }

  boolean(key: string, fallback: boolean): boolean {
    const v = this.raw[key]
    if (v === undefined) return fallback
    if (typeof v !== 'boolean') this.fail(key, `must be true or false, got ${JSON.stringify(v)}`)
    return v
  }

  /** A number within [min, max]. */
  number(key: string, fallback: number, min: number, max: number): number {
    const v = this.raw[key] ?? fallback
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `must be a number, got ${JSON.stringify(v)}`)
    if (v < min || v > max) this.fail(key, `must be between ${min} and ${max}, got ${v}`)
    return v
  }

  /** An integer within [min, max]. */
  integer(key: string, fallback: number, min: number, max: number): number {
    const v = this.number(key, fallback, min, max)
    if (!Number.isInteger(v)) this.fail(key, `must be a whole number, got ${v}`)
    return v
  }

  /** A duration such as "300s", within [min, max]. */
  duration(key: string, fallback: string, min: Time, max: Time): Time {
    const v = this.raw[key] ?? fallback
    let t: Time
    try {
      t = parseDuration(v)
    } catch (e) {
      this.fail(key, (e as Error).message)
    }
    if (t < min || t > max)
      this.fail(key, `must be between ${min / 1e9} s and ${max / 1e9} s, got ${JSON.stringify(v)}`)
    return t
  }

  /** A duration, or "never" (returned as null). */
  durationOrNever(key: string, fallback: string, min: Time): Time | null {
    const v = this.raw[key] ?? fallback
    if (v === 'never') return null
    let t: Time
    try {
      t = parseDuration(v)
    } catch (e) {
      this.fail(key, `${(e as Error).message}, or "never"`)
    }
    if (t < min) this.fail(key, `must be at least ${min / 1e9} s, got ${JSON.stringify(v)}`)
    return t
  }
}

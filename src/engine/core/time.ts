// Simulated time is an integer count of nanoseconds held in a JavaScript number (exact up to
// 2^53 ns, about 104 days). Integer nanoseconds mean no floating drift: adding a 1 ms
// delay a million times lands exactly on 1000 s.

/** Simulated time or a duration, in integer nanoseconds. */
export type Time = number

export const NS = 1
export const US = 1_000
export const MS = 1_000_000
export const SECOND = 1_000_000_000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE

/** Largest time the engine accepts: 2^53 - 1 ns. */
export const MAX_TIME = Number.MAX_SAFE_INTEGER

/** Converts seconds (a float) to the nearest integer nanosecond. */
export function fromSeconds(s: number): Time {
  return Math.round(s * SECOND)
}

/** Converts integer nanoseconds to seconds as a float (for reporting only). */
export function toSeconds(t: Time): number {
  return t / SECOND
}

/** Converts integer nanoseconds to milliseconds as a float (for reporting only). */
export function toMillis(t: Time): number {
  return t / MS
}

/**
 * Serialisation time of `bytes` at `bitsPerSecond`, rounded up to a whole nanosecond so that a
 * link is never faster than its nominal rate.
 */
export function transmissionTime(bytes: number, bitsPerSecond: number): Time {
  return Math.ceil((bytes * 8 * SECOND) / bitsPerSecond)
}

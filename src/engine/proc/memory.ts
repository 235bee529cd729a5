// A process's memory model (MODELS.md §4 symbols): address space M, page size p, dirty rate D of
// distinct bytes, writable working set W_w, dirty bytes at freeze M_d, and the working set W
// touched after resume.

import { parseRate, parseSize, type Time } from '../core'
import type { MemorySpec } from '../scenario/spec'

export class MemoryModel {
  readonly size: number
  readonly pageSize: number
  /** Distinct bytes dirtied per second while running. */
  readonly dirtyRate: number
  readonly writableWorkingSet: number
  readonly touchedAfterResume: number
  private readonly dirtyAtFreezeFixed: number | null
  /** Time since which dirty pages have been accumulating (start, or the last move). */
  cleanSince: Time = 0

  constructor(spec: MemorySpec) {
    this.size = parseSize(spec.size)
    this.pageSize = parseSize(spec.pageSize)
    if (this.pageSize <= 0 || (this.pageSize & (this.pageSize - 1)) !== 0) {
      throw new RangeError(`memory.pageSize "${spec.pageSize}" is not a power of two`)
    }
    this.dirtyRate = parseRate(spec.dirtyRate) / 8
    this.writableWorkingSet = spec.writableWorkingSet ? parseSize(spec.writableWorkingSet) : this.size
    this.touchedAfterResume = Math.min(this.size, parseSize(spec.touchedAfterResume))
    this.dirtyAtFreezeFixed = spec.dirtyAtFreeze ? Math.min(this.size, parseSize(spec.dirtyAtFreeze)) : null
  }

  get pages(): number {
    return Math.ceil(this.size / this.pageSize)
  }

  /** Rounds bytes up to whole pages. */
  pagesOf(bytes: number): number {
    return Math.ceil(bytes / this.pageSize)
  }

  /**
   * Distinct bytes dirtied while running for `duration` ns: D·t, capped by the writable working
   * set and the address space (pages dirtied again do not count twice).
   */
  dirtiedIn(duration: Time): number {
    const bytes = (this.dirtyRate * duration) / 1e9
    return Math.min(bytes, this.writableWorkingSet, this.size)
  }

  /** M_d: dirty bytes at a freeze at time `now` (given, or accumulated since cleanSince). */
  dirtyAt(now: Time): number {
    if (this.dirtyAtFreezeFixed !== null) return this.dirtyAtFreezeFixed
    return this.pagesOf(this.dirtiedIn(now - this.cleanSince)) * this.pageSize
  }
}

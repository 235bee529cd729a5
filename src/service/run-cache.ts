// The few stored runs a user is looking at, kept parsed: zooming a timeline asks for the same run
// again and again, and reading a million-record run from disk each time would make every zoom
// step wait on JSON.parse. Entries are checked against the file's modification time, so a run
// rewritten by a later sweep is read again.

import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { RunResult } from '../engine/run/result'
import type { ResultsStore } from './store'

export class RunCache {
  private readonly entries = new Map<string, { mtimeMs: number; result: RunResult }>()

  constructor(private readonly capacity: number) {}

  /** The stored run with this key, or undefined when the store has none. */
  get(store: ResultsStore, key: string): RunResult | undefined {
    const file = join(store.runsDir, `${key}.json`)
    let mtimeMs: number
    try {
      mtimeMs = statSync(file).mtimeMs
    } catch {
      return undefined
    }
    const hit = this.entries.get(file)
    if (hit && hit.mtimeMs === mtimeMs) {
      // Most recently used last.
      this.entries.delete(file)
      this.entries.set(file, hit)
      return hit.result
    }
    const result = store.get(key)
    if (!result) return undefined
    this.entries.set(file, { mtimeMs, result })
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value
      if (oldest === undefined) break
      this.entries.delete(oldest)
    }
    return result
  }
}

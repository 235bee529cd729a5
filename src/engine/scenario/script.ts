// What running a scenario script takes and gives, shared by the sandbox (sandbox.ts), the worker
// that hosts it (service/run-script-in-worker.ts) and the compile step. Kept apart from the
// sandbox so that code which only passes scripts along does not load QuickJS and sucrase.

import type { GuestOverride } from './api/builder'
import type { SpecError } from './errors'

export interface ScriptLimits {
  /** Wall-clock time the script may run; default 2000 ms. */
  timeLimitMs?: number
  /** Memory the script's JavaScript heap may use; default 64 MiB. */
  memoryBytes?: number
}

export interface ScriptInput {
  source: string
  /** Default "scenario.ts"; errors and locations name it. */
  filename?: string
  /** The spec drawn in the project, as written; the builder starts from it. */
  drawn?: Record<string, unknown> | null
}

export interface ScriptLocation {
  line: number
  column: number
}

/** A drawn element (or study setting) the script changed, with where. */
export interface ScriptOverride {
  kind: GuestOverride['kind']
  name: string
  fields: string[]
  at: ScriptLocation | null
}

export type ScriptResult =
  | {
      ok: true
      /** The spec as the script assembled it: not yet validated. */
      spec: Record<string, unknown>
      /** Spec path -> where in the script it was set, to put validation errors on script lines. */
      origins: { path: string; at: ScriptLocation }[]
      overrides: ScriptOverride[]
    }
  | { ok: false; error: SpecError }

export const DEFAULT_LIMITS: Required<ScriptLimits> = { timeLimitMs: 2000, memoryBytes: 64 * 1024 * 1024 }

// Versioned documents (scenario specs, project manifests) are read by one rule: an older version
// is upgraded one step at a time, each step leaving a note so the researcher knows the file on
// disk is older than what was run; a newer version is refused, because guessing at fields this
// MigLab does not know would silently change the study.

import type { SpecError } from './errors'
import { SPEC_VERSION } from './spec'

/** Upgrades a document of version n (a plain JSON object) to version n + 1. */
export interface UpgradeStep {
  /** What changed, for the note shown to the user. */
  note: string
  upgrade(doc: Record<string, unknown>): Record<string, unknown>
}

export interface VersionChain {
  /** What the document is, for messages: "scenario spec", "project manifest". */
  what: string
  /** The field holding the version number. */
  field: string
  /** The version this MigLab writes and reads. */
  current: number
  /** steps[n] upgrades version n to n + 1. */
  steps: Readonly<Record<number, UpgradeStep>>
}

export type UpgradeResult =
  | { ok: true; doc: Record<string, unknown>; notes: string[] }
  | { ok: false; error: SpecError }

/** Scenario specs: version 1 is the first, so there is nothing to upgrade yet. */
export const SPEC_VERSIONS: VersionChain = {
  what: 'scenario spec',
  field: 'specVersion',
  current: SPEC_VERSION,
  steps: {},
}

export function upgradeDocument(doc: unknown, chain: VersionChain): UpgradeResult {
  const { field, current, what } = chain
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, error: { path: '', message: `expected a ${what} (a JSON object), got ${kindOf(doc)}` } }
  }
  const version = (doc as Record<string, unknown>)[field]
  if (version === undefined) {
    return {
      ok: false,
      error: { path: field, message: `missing: write "${field}": ${current} (the version this MigLab writes)` },
    }
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      error: { path: field, message: `must be a whole number from 1, got ${JSON.stringify(version)}` },
    }
  }
  if (version > current) {
    return {
      ok: false,
      error: {
        path: field,
        message: `written by a newer MigLab: ${field} ${version}, this version reads up to ${current}; update MigLab to open it`,
      },
    }
  }
  let upgraded = doc as Record<string, unknown>
  const notes: string[] = []
  for (let v = version; v < current; v++) {
    const step = chain.steps[v]
    if (!step) {
      return {
        ok: false,
        error: {
          path: field,
          message: `cannot upgrade a ${what} from ${field} ${v}: this MigLab has no upgrade for it`,
        },
      }
    }
    upgraded = { ...step.upgrade(upgraded), [field]: v + 1 }
    notes.push(`upgraded the ${what} from ${field} ${v} to ${v + 1}: ${step.note}`)
  }
  return { ok: true, doc: upgraded, notes }
}

function kindOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`
}

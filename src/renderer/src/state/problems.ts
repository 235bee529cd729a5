// The problems of the latest compile, placed: each error located on the element, event or study
// setting it is about, so the canvas, the time strip, the inspector and the script editor can each
// show the ones that are theirs.
import { useMemo } from 'react'
import type { LabError, Override } from '../../../service/api'
import { type Located, locate } from './spec-paths'
import type { ElementKey, SpecInput } from './spec-types'
import { useSession } from './use-session'

export interface Problem extends LabError {
  at: Located
}

export interface Problems {
  list: Problem[]
  /** Element key -> its problems. */
  byElement: Map<ElementKey, Problem[]>
  /** `migrations:2` -> its problems. */
  byEvent: Map<string, Problem[]>
  /** Elements and settings the script changes, with what it says about them. */
  overridden: Map<ElementKey | string, string[]>
  /** What the script says about the study-wide settings it replaces (duration, compare…). */
  replacedSettings: string[]
}

/** Errors in scenario.ts belong to the script editor; the rest are placed on the drawing. */
export function isScriptError(e: LabError): boolean {
  return e.file !== undefined && /scenario\.ts$/.test(e.file)
}

export function placeProblems(spec: SpecInput, errors: LabError[], overrides: Override[]): Problems {
  const byElement = new Map<ElementKey, Problem[]>()
  const byEvent = new Map<string, Problem[]>()
  const list = errors.map((e): Problem => ({ ...e, at: locate(spec, e.path) }))
  for (const p of list) {
    if (p.at.on === 'element') byElement.set(p.at.key, [...(byElement.get(p.at.key) ?? []), p])
    if (p.at.on === 'event') {
      const k = `${p.at.list}:${p.at.index}`
      byEvent.set(k, [...(byEvent.get(k) ?? []), p])
    }
  }
  const overridden = new Map<string, string[]>()
  const replacedSettings: string[] = []
  for (const o of overrides) {
    const at = locate(spec, o.path)
    const k = at.on === 'element' ? at.key : at.on === 'study' ? at.field : `${at.list}:${at.index}`
    overridden.set(k, [...(overridden.get(k) ?? []), o.note])
    if (at.on === 'study') replacedSettings.push(o.note)
  }
  return { list, byElement, byEvent, overridden, replacedSettings }
}

const NONE: Problems = {
  list: [],
  byElement: new Map(),
  byEvent: new Map(),
  overridden: new Map(),
  replacedSettings: [],
}

export function useProblems(): Problems {
  const spec = useSession((s) => s.draft.spec)
  const outcome = useSession((s) => s.compile)
  const good = useSession((s) => s.good)
  return useMemo(() => {
    if (!outcome) return NONE
    return placeProblems(spec, outcome.ok ? [] : outcome.errors, good?.overrides ?? [])
  }, [spec, outcome, good])
}

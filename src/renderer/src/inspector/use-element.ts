// What every inspector form needs for the element it shows: the element as drawn, a setter that
// writes one field as one undoable edit, and the compiler's problem for a field.
import { useProblems } from '../state/problems'
import { findElement, setField } from '../state/spec-edit'
import { type ElementKey, parseKey } from '../state/spec-types'
import { useProjectSession, useSession } from '../state/use-session'

export interface ElementEditor<T> {
  key: ElementKey
  el: T
  set: (path: string, value: unknown) => void
  problem: (field: string) => string | undefined
}

export function useElement<T>(key: ElementKey): ElementEditor<T> | null {
  const session = useProjectSession()
  const spec = useSession((s) => s.draft.spec)
  const problems = useProblems()
  const el = findElement(spec, key) as T | undefined
  if (!el) return null
  const mine = problems.byElement.get(key) ?? []
  return {
    key,
    el,
    set: (path, value) =>
      session.edit(`Set ${parseKey(key).name} ${path}`, (s) =>
        findElement(s, key) === undefined ? s : setField(s, key, path, value),
      ),
    problem: (field) => mine.find((p) => p.at.on === 'element' && p.at.field === field)?.message,
  }
}

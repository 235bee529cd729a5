// React access to the open project: a context holding the session, and a hook that re-renders a
// component only when the part it selects changes.
import { createContext, useContext, useSyncExternalStore } from 'react'
import type { ProjectSession } from './session'

export const SessionContext = createContext<ProjectSession | null>(null)

export function useProjectSession(): ProjectSession {
  const s = useContext(SessionContext)
  if (!s) throw new Error('useProjectSession outside an open project')
  return s
}

/** Selects a value of the session; the selector must return stored references, not new objects. */
export function useSession<T>(select: (s: ProjectSession) => T): T {
  const s = useProjectSession()
  return useSyncExternalStore(s.subscribe, () => select(s))
}

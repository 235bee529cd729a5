// Compiles the draft in the service's sandbox shortly after each change (drawn part and script
// together, exactly as a run would), so every view shows the same errors, generated elements and
// overrides. Only the newest answer is kept: a slow compile of an older draft is dropped.
import { useEffect } from 'react'
import { messageOf } from '../lab/call-error'
import { useLab } from '../lab/use-lab'
import type { ProjectSession } from '../state/session'
import { useSession } from '../state/use-session'

const DELAY_MS = 350

export function useCompile(session: ProjectSession): void {
  const { api } = useLab()
  const spec = useSession((s) => s.draft.spec)
  const script = useSession((s) => s.draft.script)
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new spec or script is a new draft to check
  useEffect(() => {
    const draft = session.draft
    let stale = false
    session.setCompiling(true)
    const timer = setTimeout(() => {
      api.compile(draft, 'scenario.ts').then(
        (outcome) => {
          if (!stale) session.setCompile(outcome, false)
        },
        (e) => {
          if (!stale) session.setCompile({ ok: false, errors: [{ path: '', message: messageOf(e) }] }, false)
        },
      )
    }, DELAY_MS)
    return () => {
      stale = true
      clearTimeout(timer)
    }
  }, [api, session, spec, script])
}

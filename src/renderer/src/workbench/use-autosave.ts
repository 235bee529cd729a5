// Keeps unsaved work safe: a few seconds after the last change, the draft goes to the service's
// autosave beside the project (recovered by openProject after a crash). Leaving the page with
// unsaved work asks first.
import { useEffect } from 'react'
import { useLab } from '../lab/use-lab'
import type { ProjectSession } from '../state/session'
import { useSession } from '../state/use-session'
import { notify } from '../ui/notices'

const DELAY_MS = 1500

export function useAutosave(session: ProjectSession): void {
  const { api } = useLab()
  const spec = useSession((s) => s.draft.spec)
  const script = useSession((s) => s.draft.script)
  // biome-ignore lint/correctness/useExhaustiveDependencies: each new spec or script is new work to keep
  useEffect(() => {
    if (!session.dirty) return
    const timer = setTimeout(() => {
      if (!session.dirty) return
      api
        .autosave(session.path, session.draft)
        .catch((e) => notify(`Autosave failed: ${String(e?.message ?? e)}`, 'error'))
    }, DELAY_MS)
    return () => clearTimeout(timer)
  }, [api, session, spec, script])

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (session.dirty) e.preventDefault()
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [session])
}

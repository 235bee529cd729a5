// Short notices at the bottom of the window ("Saved", "Deleted ws1 and 2 links", a refused link).
// A module-level store, because notices come from anywhere: canvas handlers, commands, the service.
import { useSyncExternalStore } from 'react'

export interface Notice {
  id: number
  text: string
  tone: 'info' | 'error'
}

let notices: Notice[] = []
let nextId = 1
const listeners = new Set<() => void>()

function emit(): void {
  for (const l of listeners) l()
}

export function notify(text: string, tone: Notice['tone'] = 'info'): void {
  const n = { id: nextId++, text, tone }
  notices = [...notices.slice(-3), n]
  emit()
  setTimeout(() => dismiss(n.id), tone === 'error' ? 8000 : 3500)
}

export function dismiss(id: number): void {
  notices = notices.filter((n) => n.id !== id)
  emit()
}

export function useNotices(): Notice[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    () => notices,
  )
}

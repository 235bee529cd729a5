// Pane sizes survive reloads: each split group stores its layout on this machine (an app
// preference, not part of any project).
import type { Layout } from 'react-resizable-panels'

const PREFIX = 'miglab.layout.'

function saved(id: string): Layout | undefined {
  try {
    const v = JSON.parse(localStorage.getItem(PREFIX + id) ?? 'null') as unknown
    return v && typeof v === 'object' ? (v as Layout) : undefined
  } catch {
    return undefined
  }
}

export function usePanelLayout() {
  return (id: string) => ({
    id,
    defaultLayout: saved(id),
    onLayoutChanged: (layout: Layout) => localStorage.setItem(PREFIX + id, JSON.stringify(layout)),
  })
}

// Above the canvas: undo/redo, link mode, automatic layouts, zoom to fit and search by name.
import { forwardRef, type RefObject, useState } from 'react'
import { useProjectSession, useSession } from '../state/use-session'
import { Icon } from '../ui/Icon'
import type { CanvasApi, LayoutName } from './canvas-api'
import { LAYOUTS } from './layouts'

interface Props {
  canvas: RefObject<CanvasApi | null>
  linkMode: boolean
  onLinkMode: (on: boolean) => void
}

export const CanvasToolbar = forwardRef<HTMLInputElement, Props>(function CanvasToolbar(
  { canvas, linkMode, onLinkMode },
  searchRef,
) {
  const session = useProjectSession()
  const undo = useSession((s) => s.undoLabel)
  const redo = useSession((s) => s.redoLabel)
  const [query, setQuery] = useState('')
  const [found, setFound] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const search = (text: string) => {
    setQuery(text)
    const keys = canvas.current?.find(text) ?? []
    setFound(text.trim() === '' ? null : keys.length)
  }
  return (
    <div className="canvas-toolbar" role="toolbar" aria-label="Canvas">
      <button
        type="button"
        className="icon-button"
        title={undo ? `Undo ${undo} (Ctrl+Z)` : 'Nothing to undo'}
        aria-label="Undo"
        disabled={!undo}
        onClick={() => session.undo()}
      >
        <Icon name="undo" />
      </button>
      <button
        type="button"
        className="icon-button"
        title={redo ? `Redo ${redo} (Ctrl+Y)` : 'Nothing to redo'}
        aria-label="Redo"
        disabled={!redo}
        onClick={() => session.redo()}
      >
        <Icon name="redo" />
      </button>
      <span className="toolbar-sep" />
      <button
        type="button"
        className={`button small${linkMode ? ' active' : ''}`}
        aria-pressed={linkMode}
        title="Link mode (L): drag from a node to a network to attach it, or to another node to link them"
        data-testid="link-mode"
        onClick={() => onLinkMode(!linkMode)}
      >
        <Icon name="link" /> Link
      </button>
      <label className="toolbar-select" title="Automatic layout of the drawn topology (one undoable step)">
        <Icon name="layout" />
        <select
          value=""
          disabled={busy}
          aria-label="Automatic layout"
          data-testid="layout-select"
          onChange={(e) => {
            const name = e.target.value as LayoutName
            if (!name) return
            setBusy(true)
            void canvas.current?.layout(name).finally(() => setBusy(false))
          }}
        >
          <option value="">{busy ? 'Laying out…' : 'Layout…'}</option>
          {LAYOUTS.map((l) => (
            <option key={l.name} value={l.name}>
              {l.title}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="icon-button"
        title="Zoom to fit (Ctrl+0)"
        aria-label="Zoom to fit"
        onClick={() => canvas.current?.fit()}
      >
        <Icon name="fit" />
      </button>
      <div className="toolbar-search">
        <Icon name="search" />
        <input
          ref={searchRef}
          value={query}
          placeholder="Find by name (Ctrl+F)"
          aria-label="Find by name"
          data-testid="canvas-search"
          onChange={(e) => search(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              search('')
              e.currentTarget.blur()
            }
            if (e.key === 'Enter') {
              const keys = canvas.current?.find(query) ?? []
              session.select(keys)
              canvas.current?.center(keys)
            }
          }}
        />
        {found !== null ? <span className="search-count">{found === 0 ? 'none' : found}</span> : null}
      </div>
    </div>
  )
})

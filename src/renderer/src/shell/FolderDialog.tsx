// The folder browser of the browser app, standing in for the native open/save dialogs: it lists
// folders on the machine running the service (within the roots `miglab serve` allows), marks the
// ones that hold a MigLab project, and either picks a project to open or a place and a name for a
// new one.
import { useEffect, useState } from 'react'
import type { DirListing } from '../../../service/api'
import { messageOf } from '../lab/call-error'
import { useLab } from '../lab/use-lab'
import { Dialog } from '../ui/Dialog'
import { Icon } from '../ui/Icon'
import { joinPath } from './paths'

export type FolderDialogMode =
  | { kind: 'open' }
  /** A new folder: its parent is browsed, its name typed. */
  | { kind: 'create'; title: string; confirm: string; defaultName: string }

interface Props {
  mode: FolderDialogMode
  start?: string
  onClose: () => void
  onChoose: (path: string) => void
}

export function FolderDialog({ mode, start, onClose, onChoose }: Props): React.JSX.Element {
  const { api } = useLab()
  const [listing, setListing] = useState<DirListing | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState<string | null>(null)
  const [name, setName] = useState(mode.kind === 'create' ? mode.defaultName : '')
  const [typed, setTyped] = useState('')

  const go = (path?: string) => {
    setSelected(null)
    api.listDir(path).then(
      (l) => {
        setListing(l)
        setTyped(l.path)
        setError(null)
      },
      (e) => setError(messageOf(e)),
    )
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: list the start folder once
  useEffect(() => go(start), [])

  const entries = listing?.entries.filter((e) => e.kind === 'folder') ?? []
  const nameError =
    mode.kind === 'create' && !/^[A-Za-z0-9_][A-Za-z0-9 _.-]*$/.test(name)
      ? 'a folder name: letters, digits, spaces, _ . and -'
      : mode.kind === 'create' && entries.some((e) => e.name === name)
        ? `${name} already exists here`
        : null
  const chosen =
    mode.kind === 'open'
      ? (selected ?? (listing && isProjectHere(listing) ? listing.path : null))
      : listing && !nameError
        ? joinPath(listing.path, name)
        : null

  return (
    <Dialog
      title={mode.kind === 'open' ? 'Open a project' : mode.title}
      onClose={onClose}
      wide
      testId="folder-dialog"
      footer={
        <>
          <span className="muted small">
            {mode.kind === 'open' ? 'Folders marked ◆ hold a MigLab project.' : chosen ? `Creates ${chosen}` : ''}
          </span>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            disabled={!chosen}
            data-testid="folder-dialog-confirm"
            onClick={() => chosen && onChoose(chosen)}
          >
            {mode.kind === 'open' ? 'Open' : mode.confirm}
          </button>
        </>
      }
    >
      <div className="folder-bar">
        <button
          type="button"
          className="icon-button"
          aria-label="Up one folder"
          disabled={!listing?.parent}
          onClick={() => listing?.parent && go(listing.parent)}
        >
          <Icon name="up" />
        </button>
        <input
          className="folder-path"
          value={typed}
          aria-label="Folder"
          spellCheck={false}
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && go(typed)}
        />
      </div>
      {error ? <div className="banner error">{error}</div> : null}
      <ul className="folder-list" aria-label="Folders">
        {entries.length === 0 && listing ? <li className="muted folder-empty">No folders here.</li> : null}
        {entries.map((e) => (
          <li key={e.path}>
            <button
              type="button"
              className={`folder-entry${selected === e.path ? ' selected' : ''}${e.project ? ' project' : ''}`}
              onClick={() => (mode.kind === 'open' && e.project ? setSelected(e.path) : go(e.path))}
              onDoubleClick={() => (e.project && mode.kind === 'open' ? onChoose(e.path) : go(e.path))}
            >
              <Icon name={e.project ? 'book' : 'folder'} />
              <span>{e.name}</span>
              {e.project ? <span className="badge">◆ project</span> : null}
            </button>
          </li>
        ))}
      </ul>
      {mode.kind === 'create' ? (
        <div className={`field${nameError ? ' has-error' : ''}`}>
          <label htmlFor="new-folder-name">Folder name</label>
          <input
            id="new-folder-name"
            value={name}
            data-testid="folder-dialog-name"
            onChange={(e) => setName(e.target.value)}
            spellCheck={false}
          />
          {nameError ? <div className="field-error">{nameError}</div> : null}
        </div>
      ) : null}
    </Dialog>
  )
}

/** The listing's own folder is a project when its files include the manifest. */
function isProjectHere(l: DirListing): boolean {
  return l.entries.some((e) => e.kind === 'file' && e.name === 'miglab.json')
}

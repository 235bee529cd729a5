// Opening, creating, saving and closing projects, with the dialogs each needs: the folder browser,
// the recovery prompt after a crash, "save changes?" before leaving unsaved work, and a clear
// message for a project that cannot be read (damaged, or from a newer MigLab) — the project on
// screen stays open and nothing is written over, so nothing the user made is lost.
import { useState } from 'react'
import type { ExampleInfo, LabError, OpenedProject } from '../../../service/api'
import { LabCallError, messageOf } from '../lab/call-error'
import { useLab } from '../lab/use-lab'
import { ProjectSession } from '../state/session'
import { Dialog } from '../ui/Dialog'
import { notify } from '../ui/notices'
import { FolderDialog, type FolderDialogMode } from './FolderDialog'
import { baseName } from './paths'

type DialogState =
  | null
  | { kind: 'folder'; mode: FolderDialogMode; onChoose: (path: string) => void }
  | { kind: 'recover'; opened: OpenedProject }
  | { kind: 'problem'; title: string; message: string; errors: LabError[] }
  | { kind: 'unsaved'; then: () => void }

export interface ProjectLifecycle {
  session: ProjectSession | null
  dialog: React.JSX.Element | null
  newProject(): void
  openProject(): void
  openPath(path: string): void
  openExample(example: ExampleInfo): void
  save(): Promise<boolean>
  saveAs(): void
  close(): void
}

export function useProjectLifecycle(): ProjectLifecycle {
  const { api } = useLab()
  const [session, setSession] = useState<ProjectSession | null>(null)
  const [dialog, setDialog] = useState<DialogState>(null)

  const problem = (title: string, e: unknown) =>
    setDialog({
      kind: 'problem',
      title,
      message: messageOf(e),
      errors: e instanceof LabCallError ? e.errors : [],
    })

  /** Runs `then` once unsaved work is saved or knowingly dropped. */
  const leaveCurrent = (then: () => void) => {
    if (session?.dirty) setDialog({ kind: 'unsaved', then })
    else then()
  }

  const show = (opened: OpenedProject) => {
    setSession(new ProjectSession(opened.path, opened.draft, opened.notes))
    for (const n of opened.notes) notify(n)
    if (opened.recovered) setDialog({ kind: 'recover', opened })
    else setDialog(null)
  }

  const attempt = (title: string, work: () => Promise<OpenedProject>) => work().then(show, (e) => problem(title, e))

  const openPath = (path: string) =>
    leaveCurrent(() => attempt(`Cannot open ${baseName(path)}`, () => api.openProject(path)))

  const save = async (): Promise<boolean> => {
    if (!session) return false
    const draft = session.draft
    try {
      await api.saveProject(session.path, draft)
      session.markSaved(draft)
      notify(`Saved ${baseName(session.path)}`)
      return true
    } catch (e) {
      problem('The project was not saved', e)
      return false
    }
  }

  const folder = (mode: FolderDialogMode, onChoose: (path: string) => void) =>
    setDialog({ kind: 'folder', mode, onChoose })

  const element = ((): React.JSX.Element | null => {
    if (!dialog) return null
    const close = () => setDialog(null)
    switch (dialog.kind) {
      case 'folder':
        return (
          <FolderDialog
            mode={dialog.mode}
            onClose={close}
            onChoose={(path) => {
              close()
              dialog.onChoose(path)
            }}
          />
        )
      case 'recover': {
        const { opened } = dialog
        const when = opened.recovered ? new Date(opened.recovered.savedAt).toLocaleString() : ''
        return (
          <Dialog
            title="Recover unsaved work?"
            onClose={close}
            testId="recover-dialog"
            footer={
              <>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    void api.discardAutosave(opened.path).catch((e) => notify(messageOf(e), 'error'))
                    close()
                  }}
                >
                  Discard it
                </button>
                <button
                  type="button"
                  className="button primary"
                  data-testid="recover-confirm"
                  onClick={() => {
                    if (opened.recovered) {
                      setSession(new ProjectSession(opened.path, opened.recovered.draft, opened.notes, opened.draft))
                    }
                    close()
                  }}
                >
                  Recover
                </button>
              </>
            }
          >
            <p>
              <strong>{baseName(opened.path)}</strong> has changes from {when} that were never saved (MigLab or the
              browser closed before a save).
            </p>
            <p className="muted">
              Recover them to continue where you left off; saving then writes them to the project.
            </p>
          </Dialog>
        )
      }
      case 'problem':
        return (
          <Dialog
            title={dialog.title}
            onClose={close}
            testId="problem-dialog"
            footer={
              <button type="button" className="button primary" onClick={close}>
                OK
              </button>
            }
          >
            <p className="problem-message">{dialog.message.split('\n')[0]}</p>
            {dialog.errors.length > 0 ? (
              <ul className="problem-list">
                {dialog.errors.map((e) => (
                  <li key={`${e.file}:${e.line}:${e.path}:${e.message}`}>
                    {e.file ? <code>{`${baseName(e.file)}${e.line ? `:${e.line}` : ''}`}</code> : null}{' '}
                    {e.path ? <code>{e.path}</code> : null} {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="muted small">Nothing was changed on disk.</p>
          </Dialog>
        )
      case 'unsaved':
        return (
          <Dialog
            title="Save changes?"
            onClose={close}
            testId="unsaved-dialog"
            footer={
              <>
                <button type="button" className="button" onClick={close}>
                  Cancel
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    if (session) void api.discardAutosave(session.path).catch(() => undefined)
                    close()
                    dialog.then()
                  }}
                >
                  Don't save
                </button>
                <button
                  type="button"
                  className="button primary"
                  onClick={() => {
                    void save().then((ok) => {
                      if (!ok) return
                      close()
                      dialog.then()
                    })
                  }}
                >
                  Save
                </button>
              </>
            }
          >
            <p>{session ? baseName(session.path) : 'The project'} has changes that are not saved.</p>
          </Dialog>
        )
    }
  })()

  return {
    session,
    dialog: element,
    newProject: () =>
      leaveCurrent(() =>
        folder(
          { kind: 'create', title: 'New project', confirm: 'Create', defaultName: 'my-study' },
          (path) => void attempt('Cannot create the project', () => api.createProject(path, baseName(path))),
        ),
      ),
    openProject: () => leaveCurrent(() => folder({ kind: 'open' }, openPath)),
    openPath,
    openExample: (example) =>
      leaveCurrent(() =>
        folder(
          {
            kind: 'create',
            title: `Open “${example.title}” as a new project`,
            confirm: 'Copy and open',
            defaultName: example.id,
          },
          (path) => void attempt(`Cannot open the example`, () => api.copyExample(example.id, path)),
        ),
      ),
    save,
    saveAs: () => {
      if (!session) return
      folder(
        {
          kind: 'create',
          title: 'Save the project as',
          confirm: 'Save here',
          defaultName: `${baseName(session.path)}-copy`,
        },
        (path) => {
          const draft = session.draft
          api.saveProject(path, draft).then(
            () => {
              session.markSaved(draft, path)
              notify(`Saved as ${path}`)
            },
            (e) => problem('The project was not saved', e),
          )
        },
      )
    },
    close: () => leaveCurrent(() => setSession(null)),
  }
}

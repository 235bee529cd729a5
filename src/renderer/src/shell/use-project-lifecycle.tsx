// Opening, creating, saving and closing projects, with the dialogs each needs: the folder browser,
// the recovery prompt after a crash, "save changes?" before leaving unsaved work, and a clear
// message for a project that cannot be read (damaged, or from a newer MigLab) — the project on
// screen stays open and nothing is written over, so nothing the user made is lost.
import { useState } from 'react'
import type { ScenarioSpecInput } from '../../../engine/scenario/spec'
import type { Catalog, ExampleInfo, LabError, OpenedProject, ProjectDraft } from '../../../service/api'
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

/** The spec version this editor writes; typed by the schema's literal, so a new version fails to compile here. */
const SPEC_VERSION: ScenarioSpecInput['specVersion'] = 1

function starterSpec(name: string, catalog: Catalog, spec: ProjectDraft['spec']): ProjectDraft['spec'] {
  return {
    ...spec,
    specVersion: SPEC_VERSION,
    name: spec.name ?? name,
    duration: spec.duration ?? '60s',
    compare: spec.compare ?? {
      architectures: catalog.architectures.slice(0, 1).map((a) => a.id),
      mechanisms: catalog.mechanisms.slice(0, 1).map((m) => m.id),
    },
  }
}

export interface ProjectLifecycle {
  session: ProjectSession | null
  dialog: React.JSX.Element | null
  newProject(): void
  openProject(): void
  openPath(path: string): void
  openExample(example: Pick<ExampleInfo, 'id' | 'title'>): void
  save(): Promise<boolean>
  saveAs(): void
  close(): void
}

export function useProjectLifecycle(): ProjectLifecycle {
  const { api, desktop, catalog } = useLab()
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
    setSession(new ProjectSession(opened.path, opened.draft))
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

  // The desktop app has native dialogs; the browser browses the serving machine in the page.
  const folder = (mode: FolderDialogMode, onChoose: (path: string) => void) => {
    if (!desktop) {
      setDialog({ kind: 'folder', mode, onChoose })
      return
    }
    const chosen =
      mode.kind === 'open' ? desktop.dialogs.openProject() : desktop.dialogs.newProjectFolder(mode.defaultName)
    chosen.then(
      (path) => path && onChoose(path),
      (e) => problem('The dialog failed', e),
    )
  }

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
                      setSession(new ProjectSession(opened.path, opened.recovered.draft, opened.draft))
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
        folder({ kind: 'create', title: 'New project', confirm: 'Create', defaultName: 'my-study' }, (path) =>
          attempt('Cannot create the project', async () => {
            const created = await api.createProject(path, baseName(path))
            // A new project starts as a study that compiles: a duration and one comparison to run.
            const draft = { ...created.draft, spec: starterSpec(created.draft.name, catalog, created.draft.spec) }
            await api.saveProject(created.path, draft)
            return { ...created, draft }
          }),
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

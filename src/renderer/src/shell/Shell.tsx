// The window: title bar (with the in-page menu bar in the browser), the welcome screen or the
// workbench of the open project, the status bar, notices and dialogs.
import { useRef, useState } from 'react'
import { messageOf } from '../lab/call-error'
import { useLab } from '../lab/use-lab'
import { useRuns } from '../runs/use-runs'
import type { Fragment } from '../state/clipboard'
import type { ProjectSession } from '../state/session'
import { SessionContext, useSession } from '../state/use-session'
import type { CanvasApi } from '../topology/canvas-api'
import { Icon } from '../ui/Icon'
import { Notices } from '../ui/Notices'
import { notify } from '../ui/notices'
import { useAutosave } from '../workbench/use-autosave'
import { useCompile } from '../workbench/use-compile'
import { Workbench } from '../workbench/Workbench'
import { AboutDialog, ShortcutsDialog } from './InfoDialogs'
import { MenuBar } from './MenuBar'
import { baseName } from './paths'
import { StatusBar } from './StatusBar'
import { useTheme } from './theme'
import { useCommands } from './use-commands'
import { useDesktopMenu } from './use-desktop-menu'
import { useKeyboard } from './use-keyboard'
import { useProjectLifecycle } from './use-project-lifecycle'
import { Welcome } from './Welcome'

/** The services an open project needs while it is open (checking, autosaving). */
function ProjectServices({ session }: { session: ProjectSession }): null {
  useCompile(session)
  useAutosave(session)
  return null
}

function ProjectTitle(): React.JSX.Element {
  const name = useSession((s) => s.draft.name)
  const path = useSession((s) => s.path)
  const dirty = useSession((s) => s.dirty)
  return (
    <span className="title-project" title={path}>
      {name || baseName(path)}
      {dirty ? ' ●' : ''}
    </span>
  )
}

export function Shell(): React.JSX.Element {
  const lab = useLab()
  const [theme, setTheme] = useTheme()
  const life = useProjectLifecycle()
  const runs = useRuns()
  const canvas = useRef<CanvasApi | null>(null)
  const searchRef = useRef<HTMLInputElement | null>(null)
  const clipboard = useRef<Fragment | null>(null)
  const [linkMode, setLinkMode] = useState(false)
  const [starting, setStarting] = useState(false)
  const [info, setInfo] = useState<'about' | 'shortcuts' | null>(null)
  const session = life.session

  const run = () => {
    if (!session || starting) return
    if (!session.compile?.ok) {
      notify('The study has problems: fix them (see Problems) before running', 'error')
      return
    }
    setStarting(true)
    lab.api
      .startRun({ project: session.path, draft: session.draft })
      .then(
        (s) => notify(`Started ${s.total} run${s.total === 1 ? '' : 's'}`),
        (e) => notify(`The run did not start: ${messageOf(e)}`, 'error'),
      )
      .finally(() => setStarting(false))
  }
  const commands = useCommands({
    life,
    canvas,
    clipboard,
    runs,
    theme,
    setTheme,
    linkMode,
    setLinkMode,
    run,
    showDialog: setInfo,
  })
  useKeyboard(commands, lab.transport === 'desktop')
  useDesktopMenu(commands, life, setTheme)

  return (
    <div className="app">
      <header className="titlebar">
        <img src="./favicon.svg" alt="" className="title-logo" />
        <span className="title-app">MigLab</span>
        {lab.transport === 'browser' ? <MenuBar commands={commands} /> : null}
        {session ? (
          <SessionContext.Provider value={session}>
            <ProjectTitle />
          </SessionContext.Provider>
        ) : null}
        <span className="spacer" />
        {session ? (
          <>
            <button type="button" className="button small" onClick={() => void life.save()} title="Save (Ctrl+S)">
              <Icon name="save" size={14} /> Save
            </button>
            <button
              type="button"
              className="button small primary"
              onClick={run}
              disabled={starting}
              title="Run the study (Ctrl+Enter)"
            >
              <Icon name="play" size={14} /> Run
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="icon-button"
          aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'}
          title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
          data-testid="theme-toggle"
          onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        >
          <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
        </button>
      </header>
      {session ? (
        <SessionContext.Provider value={session}>
          <ProjectServices session={session} />
          <Workbench
            key={session.id}
            theme={theme}
            canvas={canvas}
            searchRef={searchRef}
            linkMode={linkMode}
            onLinkMode={setLinkMode}
            runs={runs}
            starting={starting}
            onRun={run}
            onSave={() => void life.save()}
            onDelete={() => commands.get('edit.delete')?.run()}
            onCopy={() => commands.get('edit.copy')?.run()}
          />
        </SessionContext.Provider>
      ) : (
        <Welcome
          onExample={life.openExample}
          onNew={life.newProject}
          onOpen={life.openProject}
          onOpenPath={life.openPath}
        />
      )}
      {session ? (
        <SessionContext.Provider value={session}>
          <StatusBar session={session} runs={runs} />
        </SessionContext.Provider>
      ) : (
        <StatusBar session={null} runs={runs} />
      )}
      <Notices />
      {life.dialog}
      {info === 'about' ? <AboutDialog onClose={() => setInfo(null)} /> : null}
      {info === 'shortcuts' ? <ShortcutsDialog commands={commands} onClose={() => setInfo(null)} /> : null}
    </div>
  )
}

// The desktop app's native menu: its commands arrive through the bridge and run the same commands
// as the browser's in-page menu and shortcuts.
import { useEffect, useRef } from 'react'
import type { MenuCommand, Theme as ThemeChoice } from '../../../preload/api'
import { useLab } from '../lab/use-lab'
import type { Command, CommandId } from './commands'
import type { ProjectLifecycle } from './use-project-lifecycle'

const SIMPLE: Partial<Record<MenuCommand['kind'], CommandId>> = {
  'new-project': 'file.new',
  save: 'file.save',
  'save-as': 'file.saveAs',
  export: 'file.export',
  undo: 'edit.undo',
  redo: 'edit.redo',
  run: 'run.start',
  'cancel-run': 'run.cancelAll',
  'toggle-results': 'view.results',
}

export function useDesktopMenu(
  commands: Map<CommandId, Command>,
  life: ProjectLifecycle,
  setTheme: (t: ThemeChoice) => void,
): void {
  const { desktop } = useLab()
  const current = useRef({ commands, life, setTheme })
  current.current = { commands, life, setTheme }
  useEffect(() => {
    if (!desktop) return
    return desktop.onMenu((c) => {
      const { commands, life, setTheme } = current.current
      if (c.kind === 'open') return c.path ? life.openPath(c.path) : life.openProject()
      if (c.kind === 'new-from-example') return life.openExample({ id: c.id, title: c.title })
      if (c.kind === 'theme') return setTheme(c.theme)
      const id = SIMPLE[c.kind]
      const command = id ? commands.get(id) : undefined
      if (command && command.enabled?.() !== false) command.run()
    })
  }, [desktop])
}

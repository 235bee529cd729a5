// The commands of the app, bound to what is open: project commands work on the session, view
// commands on the canvas. Menus, shortcuts and the desktop app's native menu all run these.
import type { RefObject } from 'react'
import type { Theme as ThemeChoice } from '../../../preload/api'
import type { RunStatus } from '../../../service/api'
import { messageOf } from '../lab/call-error'
import { useLab } from '../lab/use-lab'
import { resultsNav, useResultsNav } from '../results/results-nav'
import { copyFragment, type Fragment, isEmptyFragment, pasteFragment } from '../state/clipboard'
import { deleteElements, findElement } from '../state/spec-edit'
import { topologyOf } from '../state/spec-types'
import type { CanvasApi } from '../topology/canvas-api'
import type { Theme } from '../topology/cy-style'
import { notify } from '../ui/notices'
import type { Command, CommandId } from './commands'
import { download } from './download'
import type { ProjectLifecycle } from './use-project-lifecycle'

interface Deps {
  life: ProjectLifecycle
  canvas: RefObject<CanvasApi | null>
  clipboard: RefObject<Fragment | null>
  runs: RunStatus[]
  theme: Theme
  setTheme: (t: ThemeChoice) => void
  linkMode: boolean
  setLinkMode: (on: boolean) => void
  run: () => void
  showDialog: (d: 'about' | 'shortcuts') => void
}

export function useCommands(d: Deps): Map<CommandId, Command> {
  const { api, desktop } = useLab()
  const session = d.life.session
  const open = session !== null
  const resultsMaximised = useResultsNav().maximised
  const selected = () => (session?.selection.size ?? 0) > 0
  const drawnSelection = () =>
    [...(session?.selection ?? [])].filter((k) => findElement(session!.draft.spec, k) !== undefined)

  const copy = () => {
    if (!session) return false
    const f = copyFragment(session.draft.spec, session.selection)
    if (isEmptyFragment(f)) return false
    d.clipboard.current = f
    return true
  }
  const remove = () => {
    if (!session) return
    const keys = drawnSelection()
    if (keys.length === 0) return
    session.edit(keys.length === 1 ? `Delete ${keys[0]!.split(':')[1]}` : `Delete ${keys.length} elements`, (s) =>
      deleteElements(s, keys),
    )
    notify(keys.length === 1 ? `Deleted ${keys[0]!.split(':')[1]}` : `Deleted ${keys.length} elements`)
  }
  const running = () => d.runs.filter((r) => r.state === 'running' && r.project === session?.path)

  const list: (Command & { id: CommandId })[] = [
    { id: 'file.new', label: 'New project…', keys: 'Ctrl+Alt+N', menuKey: true, run: d.life.newProject },
    { id: 'file.open', label: 'Open project…', keys: 'Ctrl+O', menuKey: true, run: d.life.openProject },
    { id: 'file.openExample', label: 'Examples…', run: () => d.life.close() },
    {
      id: 'file.save',
      label: 'Save',
      keys: 'Ctrl+S',
      menuKey: true,
      enabled: () => open,
      run: () => void d.life.save(),
    },
    {
      id: 'file.saveAs',
      label: 'Save as…',
      keys: 'Ctrl+Shift+S',
      menuKey: true,
      enabled: () => open,
      run: d.life.saveAs,
    },
    {
      id: 'file.export',
      label: 'Export results table (CSV)…',
      keys: 'Ctrl+E',
      menuKey: true,
      enabled: () => open,
      run: () => {
        if (!session) return
        api
          .export({ project: session.path, what: { kind: 'table', table: 'metrics' }, format: 'csv' })
          .then(async (file) => {
            if (!desktop) return download(file)
            const where = await desktop.dialogs.saveExport(file)
            if (where) notify(`Exported ${where}`)
          })
          .catch((e) => notify(`Nothing to export: ${messageOf(e)}`, 'error'))
      },
    },
    { id: 'file.close', label: 'Close project', enabled: () => open, run: d.life.close },
    {
      id: 'edit.undo',
      label: 'Undo',
      keys: 'Ctrl+Z',
      outsideFields: true,
      enabled: () => !!session?.undoLabel,
      run: () => session?.undo(),
    },
    {
      id: 'edit.redo',
      label: 'Redo',
      keys: 'Ctrl+Y|Ctrl+Shift+Z',
      outsideFields: true,
      enabled: () => !!session?.redoLabel,
      run: () => session?.redo(),
    },
    {
      id: 'edit.cut',
      label: 'Cut',
      keys: 'Ctrl+X',
      outsideFields: true,
      enabled: selected,
      run: () => {
        if (copy()) remove()
      },
    },
    {
      id: 'edit.copy',
      label: 'Copy',
      keys: 'Ctrl+C',
      outsideFields: true,
      enabled: selected,
      run: () => {
        if (copy()) notify('Copied')
      },
    },
    {
      id: 'edit.paste',
      label: 'Paste',
      keys: 'Ctrl+V',
      outsideFields: true,
      enabled: () => open,
      run: () => {
        const f = d.clipboard.current
        if (!session || !f) return
        session.edit('Paste', (s) => {
          const [next, keys] = pasteFragment(s, f)
          return { next, select: keys }
        })
      },
    },
    {
      id: 'edit.delete',
      label: 'Delete',
      keys: 'Delete',
      outsideFields: true,
      enabled: selected,
      run: remove,
    },
    {
      id: 'edit.selectAll',
      label: 'Select all',
      keys: 'Ctrl+A',
      outsideFields: true,
      enabled: () => open,
      run: () => {
        if (!session) return
        const t = topologyOf(session.draft.spec)
        session.select([...t.networks.map((n) => `network:${n.name}`), ...t.nodes.map((n) => `node:${n.name}`)])
      },
    },
    {
      id: 'edit.find',
      label: 'Find by name',
      keys: 'Ctrl+F',
      enabled: () => open,
      run: () => d.canvas.current?.focusSearch(),
    },
    { id: 'run.start', label: 'Run the study', keys: 'Ctrl+Enter', enabled: () => open, run: d.run },
    {
      id: 'run.cancelAll',
      label: 'Cancel runs',
      enabled: () => running().length > 0,
      run: () => {
        for (const r of running()) api.cancelRun(r.id).catch((e) => notify(messageOf(e), 'error'))
      },
    },
    { id: 'view.fit', label: 'Zoom to fit', keys: 'Ctrl+0', enabled: () => open, run: () => d.canvas.current?.fit() },
    {
      id: 'view.layout',
      label: 'Automatic layout',
      keys: 'Ctrl+Shift+L',
      enabled: () => open,
      run: () => void d.canvas.current?.layout('breadthfirst'),
    },
    {
      id: 'view.linkMode',
      label: d.linkMode ? 'Leave link mode' : 'Link mode',
      keys: 'L',
      outsideFields: true,
      enabled: () => open,
      run: () => d.setLinkMode(!d.linkMode),
    },
    {
      id: 'view.results',
      label: resultsMaximised ? 'Restore the workbench' : 'Maximise the results',
      keys: 'Ctrl+Shift+M',
      enabled: () => open,
      run: () => resultsNav.setMaximised(!resultsMaximised),
    },
    {
      id: 'view.theme',
      label: d.theme === 'dark' ? 'Light theme' : 'Dark theme',
      run: () => d.setTheme(d.theme === 'dark' ? 'light' : 'dark'),
    },
    { id: 'help.shortcuts', label: 'Keyboard shortcuts', keys: 'Ctrl+/', run: () => d.showDialog('shortcuts') },
    { id: 'help.about', label: 'About MigLab', run: () => d.showDialog('about') },
  ]
  return new Map(list.map((c) => [c.id, c]))
}

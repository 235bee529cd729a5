// The application menus. Commands that change the study go to the renderer (it holds the draft,
// the selection and the undo history); the menu only names them and owns their shortcuts.
// Built from plain state, so a test can read the template and click its items.
import { basename } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand, Theme } from '../preload/api'

export interface MenuState {
  recent: string[]
  examples: { id: string; title: string }[]
  /** A run is going (Cancel is enabled). */
  running: boolean
  theme: Theme
  /** Developing (not packaged): reload and developer tools are offered. */
  dev: boolean
  platform: NodeJS.Platform
}

export interface MenuActions {
  send(command: MenuCommand): void
  setTheme(theme: Theme): void
  about(): void
  clearRecent(): void
}

export function menuTemplate(s: MenuState, a: MenuActions): MenuItemConstructorOptions[] {
  const mac = s.platform === 'darwin'
  const send = (command: MenuCommand) => () => a.send(command)
  const about: MenuItemConstructorOptions = { label: 'About MigLab', click: () => a.about() }

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: send({ kind: 'new-project' }) },
      {
        label: 'New from Example',
        enabled: s.examples.length > 0,
        submenu: s.examples.map((e) => ({
          label: e.title,
          click: send({ kind: 'new-from-example', id: e.id, title: e.title }),
        })),
      },
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: send({ kind: 'open' }) },
      {
        label: 'Open Recent',
        enabled: s.recent.length > 0,
        submenu: [
          ...s.recent.map((path) => ({ label: `${basename(path)} — ${path}`, click: send({ kind: 'open', path }) })),
          { type: 'separator' },
          { label: 'Clear Recent', click: () => a.clearRecent() },
        ],
      },
      { type: 'separator' },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send({ kind: 'save' }) },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: send({ kind: 'save-as' }) },
      { type: 'separator' },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: send({ kind: 'export' }) },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
    ],
  }

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      // The focused widget keeps these keys (the script editor has its own history): see MenuCommand.
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', registerAccelerator: false, click: send({ kind: 'undo' }) },
      { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', registerAccelerator: false, click: send({ kind: 'redo' }) },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  }

  const run: MenuItemConstructorOptions = {
    label: '&Run',
    submenu: [
      { label: 'Run Comparison', accelerator: 'F5', click: send({ kind: 'run' }) },
      { label: 'Cancel Run', accelerator: 'Shift+F5', enabled: s.running, click: send({ kind: 'cancel-run' }) },
    ],
  }

  const themes: [Theme, string][] = [
    ['system', 'Follow the System'],
    ['light', 'Light'],
    ['dark', 'Dark'],
  ]
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      // The renderer owns the shortcut (it toggles): the menu shows it and sends the command.
      {
        label: 'Maximise Results',
        accelerator: 'CmdOrCtrl+Shift+M',
        registerAccelerator: false,
        click: send({ kind: 'toggle-results' }),
      },
      { type: 'separator' },
      {
        label: 'Theme',
        submenu: themes.map(([theme, label]) => ({
          label,
          type: 'radio',
          checked: s.theme === theme,
          click: () => a.setTheme(theme),
        })),
      },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { role: 'togglefullscreen' },
      ...(s.dev
        ? [{ type: 'separator' } as const, { role: 'reload' } as const, { role: 'toggleDevTools' } as const]
        : []),
    ],
  }

  const help: MenuItemConstructorOptions = { label: '&Help', submenu: [about] }
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: 'MigLab',
          submenu: [
            about,
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : []
  return [...appMenu, file, edit, run, view, ...(mac ? [] : [help])]
}

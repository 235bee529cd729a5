// Commands: everything the menus, the keyboard and (in Electron) the native menu can do, by id.
// The browser draws the menu bar from MENUS; the desktop app's native menu sends the same ids
// through the bridge, so both run the same code.

export interface Command {
  id: string
  label: string
  /** Shown in menus and matched by the keyboard handler: "Ctrl+S", "Ctrl+Shift+Z", "Delete". */
  keys?: string
  run: () => void
  /** Asked when a menu opens or a key is pressed, so it reflects the session at that moment. */
  enabled?: () => boolean
  /** Keys that also mean something while typing in a field run only outside fields. */
  outsideFields?: boolean
  /** In the desktop app the native menu owns this shortcut and sends the command itself. */
  menuKey?: boolean
}

export type CommandId =
  | 'file.new'
  | 'file.open'
  | 'file.openExample'
  | 'file.save'
  | 'file.saveAs'
  | 'file.export'
  | 'file.close'
  | 'edit.undo'
  | 'edit.redo'
  | 'edit.cut'
  | 'edit.copy'
  | 'edit.paste'
  | 'edit.delete'
  | 'edit.selectAll'
  | 'edit.find'
  | 'run.start'
  | 'run.cancelAll'
  | 'view.fit'
  | 'view.layout'
  | 'view.linkMode'
  | 'view.theme'
  | 'view.results'
  | 'help.shortcuts'
  | 'help.about'

export const MENUS: readonly { title: string; items: readonly (CommandId | '-')[] }[] = [
  {
    title: 'File',
    items: [
      'file.new',
      'file.open',
      'file.openExample',
      '-',
      'file.save',
      'file.saveAs',
      '-',
      'file.export',
      '-',
      'file.close',
    ],
  },
  {
    title: 'Edit',
    items: [
      'edit.undo',
      'edit.redo',
      '-',
      'edit.cut',
      'edit.copy',
      'edit.paste',
      'edit.delete',
      '-',
      'edit.selectAll',
      'edit.find',
    ],
  },
  { title: 'Run', items: ['run.start', 'run.cancelAll'] },
  { title: 'View', items: ['view.fit', 'view.layout', 'view.linkMode', '-', 'view.results', '-', 'view.theme'] },
  { title: 'Help', items: ['help.shortcuts', 'help.about'] },
]

/** Whether a key event is one of the shortcuts written as "Ctrl+Y|Ctrl+Shift+Z" (Ctrl is Cmd on a Mac). */
export function matches(keys: string, e: KeyboardEvent): boolean {
  return keys.split('|').some((k) => matchesOne(k, e))
}

function matchesOne(keys: string, e: KeyboardEvent): boolean {
  const parts = keys.split('+')
  const key = parts.pop()!.toLowerCase()
  const want = new Set(parts.map((p) => p.toLowerCase()))
  if (want.has('ctrl') !== (e.ctrlKey || e.metaKey)) return false
  if (want.has('shift') !== e.shiftKey) return false
  if (want.has('alt') !== e.altKey) return false
  const pressed = e.key.toLowerCase()
  return (
    pressed === key ||
    (key === 'enter' && pressed === 'enter') ||
    (key === 'delete' && pressed === 'backspace' && parts.length === 0)
  )
}

/** Typing in a field, a select or the script editor: its own keys (undo, copy, delete) win. */
export function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.closest('.monaco-editor') !== null
  )
}

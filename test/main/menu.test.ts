// The application menus: what each menu holds on Linux/Windows and on macOS, and what clicking
// an item (or its shortcut) sends to the renderer.
import { describe, expect, it } from 'vitest'
import { type MenuActions, type MenuState, menuTemplate } from '../../src/main/menu'
import type { MenuCommand, Theme } from '../../src/preload/api'

type Item = Electron.MenuItemConstructorOptions

function menu(over: Partial<MenuState> = {}) {
  const sent: MenuCommand[] = []
  const themes: Theme[] = []
  const calls: string[] = []
  const actions: MenuActions = {
    send: (c) => sent.push(c),
    setTheme: (t) => themes.push(t),
    about: () => calls.push('about'),
    clearRecent: () => calls.push('clear-recent'),
  }
  const state: MenuState = {
    recent: ['/home/ana/studies/eviction'],
    examples: [{ id: 'founding-study', title: 'Founding study' }],
    running: false,
    theme: 'system',
    dev: false,
    platform: 'linux',
    ...over,
  }
  const template = menuTemplate(state, actions)
  const top = (label: string) => {
    const m = template.find((t) => t.label?.replace('&', '') === label)
    if (!m) throw new Error(`no ${label} menu in ${template.map((t) => t.label).join(', ')}`)
    return m.submenu as Item[]
  }
  const item = (menuLabel: string, label: string) => {
    const i = top(menuLabel).find((x) => x.label === label)
    if (!i) throw new Error(`no ${label} in ${menuLabel}`)
    return i
  }
  const click = (i: Item) => (i.click as () => void)()
  return { template, top, item, click, sent, themes, calls }
}

const labels = (items: Item[]) => items.map((i) => i.label ?? i.role ?? i.type)

describe('menus on Linux and Windows', () => {
  it('has File, Edit, Run, View and Help, in that order', () => {
    expect(menu().template.map((t) => t.label)).toEqual(['&File', '&Edit', '&Run', '&View', '&Help'])
  })

  it('File: new, examples, open, recent, save, save as, export, quit — each sending its command', () => {
    const m = menu()
    expect(labels(m.top('File'))).toEqual([
      'New Project…',
      'New from Example',
      'Open…',
      'Open Recent',
      'separator',
      'Save',
      'Save As…',
      'separator',
      'Export…',
      'separator',
      'quit',
    ])
    for (const [label, kind, key] of [
      ['New Project…', 'new-project', 'CmdOrCtrl+N'],
      ['Open…', 'open', 'CmdOrCtrl+O'],
      ['Save', 'save', 'CmdOrCtrl+S'],
      ['Save As…', 'save-as', 'CmdOrCtrl+Shift+S'],
      ['Export…', 'export', 'CmdOrCtrl+E'],
    ]) {
      const i = m.item('File', label)
      expect(i.accelerator).toBe(key)
      m.click(i)
      expect(m.sent.at(-1)).toEqual({ kind })
    }
    const example = (m.item('File', 'New from Example').submenu as Item[])[0]
    m.click(example)
    expect(m.sent.at(-1)).toEqual({ kind: 'new-from-example', id: 'founding-study', title: 'Founding study' })
  })

  it('Open Recent opens the project chosen, and can be cleared; empty, it is disabled', () => {
    const m = menu()
    const recent = m.item('File', 'Open Recent').submenu as Item[]
    expect(recent[0].label).toBe('eviction — /home/ana/studies/eviction')
    m.click(recent[0])
    expect(m.sent).toEqual([{ kind: 'open', path: '/home/ana/studies/eviction' }])
    m.click(recent.at(-1) as Item)
    expect(m.calls).toEqual(['clear-recent'])
    expect(menu({ recent: [] }).item('File', 'Open Recent').enabled).toBe(false)
    expect(menu({ examples: [] }).item('File', 'New from Example').enabled).toBe(false)
  })

  it('Edit: undo and redo go to the renderer without taking the keys; cut, copy and paste are native', () => {
    const m = menu()
    expect(labels(m.top('Edit'))).toEqual(['Undo', 'Redo', 'separator', 'cut', 'copy', 'paste', 'selectAll'])
    const undo = m.item('Edit', 'Undo')
    expect(undo).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false })
    m.click(undo)
    m.click(m.item('Edit', 'Redo'))
    expect(m.sent).toEqual([{ kind: 'undo' }, { kind: 'redo' }])
  })

  it('Run: run the comparison; cancel only while a run is going', () => {
    const idle = menu()
    expect(idle.item('Run', 'Cancel Run').enabled).toBe(false)
    idle.click(idle.item('Run', 'Run Comparison'))
    expect(idle.sent).toEqual([{ kind: 'run' }])
    const busy = menu({ running: true })
    expect(busy.item('Run', 'Cancel Run').enabled).toBe(true)
    busy.click(busy.item('Run', 'Cancel Run'))
    expect(busy.sent).toEqual([{ kind: 'cancel-run' }])
  })

  it('View: the theme as radio items; reload and developer tools only while developing', () => {
    const m = menu({ theme: 'dark' })
    const theme = m.item('View', 'Theme').submenu as Item[]
    expect(theme.map((t) => [t.label, t.checked])).toEqual([
      ['Follow the System', false],
      ['Light', false],
      ['Dark', true],
    ])
    m.click(theme[1])
    expect(m.themes).toEqual(['light'])
    expect(labels(m.top('View'))).not.toContain('toggleDevTools')
    expect(labels(menu({ dev: true }).top('View'))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']))
  })

  it('View: the results over the whole workbench (the renderer keeps the shortcut)', () => {
    const m = menu()
    const item = m.item('View', 'Maximise Results')
    expect(item.accelerator).toBe('CmdOrCtrl+Shift+M')
    expect(item.registerAccelerator).toBe(false)
    m.click(item)
    expect(m.sent).toEqual([{ kind: 'toggle-results' }])
  })

  it('Help: About', () => {
    const m = menu()
    m.click(m.item('Help', 'About MigLab'))
    expect(m.calls).toEqual(['about'])
  })
})

describe('menus on macOS', () => {
  it('About and Quit live in the app menu; File has no Quit', () => {
    const m = menu({ platform: 'darwin' })
    expect(m.template.map((t) => t.label)).toEqual(['MigLab', '&File', '&Edit', '&Run', '&View'])
    expect(labels(m.top('MigLab'))).toEqual(['About MigLab', 'separator', 'hide', 'hideOthers', 'separator', 'quit'])
    expect(labels(m.top('File'))).not.toContain('quit')
  })
})

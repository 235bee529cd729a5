// The whole desktop app against the typed fake of `electron`: at start it hardens the session,
// opens one hardened window on the built renderer, installs the menus, serves the lab over IPC,
// and opens the founding study (a copy of it) on first start, the last project afterwards; menu
// choices reach the renderer; quitting stops the runs first.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { type DesktopApp, runDesktopApp } from '../../src/main/desktop-app'
import { IPC_DIALOG_OPEN_PROJECT, IPC_MENU, IPC_MENU_READY } from '../../src/preload/channels'
import { IPC_CALL } from '../../src/service/wire'
import { CLUSTER_FIXTURE } from '../service/lab-fixture'
import {
  FakeBrowserWindow,
  fakeApp,
  fakeDialog,
  fakeIpcMain,
  fakeMenu,
  fakeNativeTheme,
  fakeSession,
  resetFakes,
} from './fake-electron'

vi.mock('electron', () => import('./fake-electron').then((m) => m.electronModule()))

type Item = Electron.MenuItemConstructorOptions

let base: string
let root: string
let desktop: DesktopApp | null

beforeEach(() => {
  resetFakes()
  base = mkdtempSync(join(tmpdir(), 'miglab-desktop-'))
  root = join(base, 'app')
  mkdirSync(join(root, 'resources/examples'), { recursive: true })
  cpSync(CLUSTER_FIXTURE, join(root, 'resources/examples/founding-study'), { recursive: true })
  writeFileSync(join(root, 'resources/scenario-api.d.ts'), "declare module 'miglab' {}\n")
  fakeApp.appPath = root
  fakeApp.paths = { documents: join(base, 'Documents') }
  vi.stubEnv('XDG_CONFIG_HOME', join(base, 'config'))
})
afterEach(async () => {
  await desktop?.service.close()
  vi.unstubAllEnvs()
  rmSync(base, { recursive: true, force: true })
})

async function start(argv: string[] = ['electron', '.']): Promise<FakeBrowserWindow> {
  desktop = runDesktopApp({ argv, cwd: base, mainDir: join(root, 'out/main'), resourcesPath: '/opt/MigLab/resources' })
  await desktop?.ready
  expect(FakeBrowserWindow.windows).toHaveLength(1)
  return FakeBrowserWindow.windows[0]
}

const PAGE = () => `file://${join(root, 'out/renderer/index.html')}`
const menuItem = (path: string[]): Item => {
  let items = fakeMenu.application ?? []
  let found: Item | undefined
  for (const label of path) {
    found = items.find((i) => (i.label ?? '').replace('&', '') === label)
    if (!found) throw new Error(`no menu item ${path.join(' › ')}`)
    items = (found.submenu as Item[]) ?? []
  }
  return found as Item
}

describe('starting', () => {
  it('hardens the session and opens one sandboxed window on the built renderer', async () => {
    const win = await start()
    expect(win.options.webPreferences).toMatchObject({
      preload: join(root, 'out/preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    })
    expect(win.loaded).toEqual({ file: join(root, 'out/renderer/index.html') })
    expect(win.webContents.fire('will-navigate', 'https://example.com/')).toBe(true)
    expect(win.webContents.windowOpenHandler?.({ url: 'https://x' } as Electron.HandlerDetails)).toEqual({
      action: 'deny',
    })
    let granted: boolean | undefined
    fakeSession.defaultSession.permissionRequest?.(
      {} as Electron.WebContents,
      'media',
      (ok) => {
        granted = ok
      },
      {} as Electron.PermissionRequest,
    )
    expect(granted).toBe(false)
    win.emit('ready-to-show')
    expect(win.shown).toBe(true)
  })

  it('says when the simulation workers are not built', async () => {
    await start()
    expect(fakeDialog.calls).toContainEqual({
      kind: 'message',
      options: expect.objectContaining({ title: 'MigLab is not fully built' }),
    })
  })

  it('opens a copy of the founding study on first start, once the renderer listens', async () => {
    const win = await start()
    const copy = join(base, 'Documents/MigLab/Sprite cluster, eviction')
    expect(existsSync(join(copy, 'miglab.json'))).toBe(true)
    expect(win.webContents.sentOn(IPC_MENU)).toEqual([])
    fakeIpcMain.send(IPC_MENU_READY, { sender: win.webContents, url: PAGE() })
    expect(win.webContents.sentOn(IPC_MENU)).toEqual([{ kind: 'open', path: copy }])
    // The example itself is untouched: nothing was written into the bundle.
    expect(existsSync(join(root, 'resources/examples/founding-study/results'))).toBe(false)
  })

  it('afterwards opens the last project; a project named on the command line comes first', async () => {
    const last = join(base, 'last')
    const named = join(base, 'named')
    for (const dir of [named, last]) {
      mkdirSync(dir)
      writeFileSync(join(dir, 'miglab.json'), JSON.stringify({ formatVersion: 1, name: dir }))
    }
    const first = await start()
    await fakeIpcMain.invoke(
      IPC_CALL,
      { sender: first.webContents, url: PAGE() },
      {
        id: 1,
        method: 'openProject',
        params: [last],
      },
    )
    await desktop?.service.close()
    resetFakes()
    fakeApp.appPath = root
    fakeApp.paths = { documents: join(base, 'Documents') }

    const again = await start()
    fakeIpcMain.send(IPC_MENU_READY, { sender: again.webContents, url: PAGE() })
    expect(again.webContents.sentOn(IPC_MENU)).toEqual([{ kind: 'open', path: last }])
    await desktop?.service.close()
    resetFakes()
    fakeApp.appPath = root
    fakeApp.paths = { documents: join(base, 'Documents') }

    const withArg = await start(['MigLab', '--no-sandbox', 'named'])
    fakeIpcMain.send(IPC_MENU_READY, { sender: withArg.webContents, url: PAGE() })
    expect(withArg.webContents.sentOn(IPC_MENU)).toEqual([{ kind: 'open', path: named }])
  })
})

describe('menus and IPC in the running app', () => {
  it('serves the lab and the dialogs over IPC, and the Recent menu follows opened projects', async () => {
    const win = await start()
    expect([...fakeIpcMain.handlers.keys()]).toEqual(expect.arrayContaining([IPC_CALL, IPC_DIALOG_OPEN_PROJECT]))
    const dir = join(base, 'study')
    const reply = await fakeIpcMain.invoke(
      IPC_CALL,
      { sender: win.webContents, url: PAGE() },
      {
        id: 3,
        method: 'createProject',
        params: [dir, 'Study'],
      },
    )
    expect(reply).toMatchObject({ id: 3, ok: true })
    await expect
      .poll(() => ((menuItem(['File', 'Open Recent']).submenu as Item[]) ?? []).map((i) => i.label))
      .toContain(`study — ${dir}`)
    expect((menuItem(['File', 'New from Example']).submenu as Item[]).map((i) => i.label)).toEqual([
      'Sprite cluster, eviction',
    ])
  })

  it('menu choices reach the renderer; the theme follows View › Theme; About shows the versions', async () => {
    const win = await start()
    fakeIpcMain.send(IPC_MENU_READY, { sender: win.webContents, url: PAGE() })
    ;(menuItem(['File', 'Save']).click as () => void)()
    ;(menuItem(['Run', 'Run Comparison']).click as () => void)()
    ;(menuItem(['View', 'Theme', 'Dark']).click as () => void)()
    expect(win.webContents.sentOn(IPC_MENU).slice(1)).toEqual([
      { kind: 'save' },
      { kind: 'run' },
      { kind: 'theme', theme: 'dark' },
    ])
    expect(fakeNativeTheme.themeSource).toBe('dark')
    await expect.poll(() => (menuItem(['View', 'Theme']).submenu as Item[])[2].checked).toBe(true)
    ;(menuItem(['Help', 'About MigLab']).click as () => void)()
    await expect
      .poll(() => fakeDialog.calls.find((c) => (c.options as { title?: string }).title === 'About MigLab')?.options)
      .toMatchObject({ message: 'MigLab 0.1.0', detail: expect.stringContaining('Simulation engine') })
  })

  it('quitting waits for the lab service to stop its runs', async () => {
    await start()
    const close = vi.spyOn(desktop?.service as NonNullable<DesktopApp>['service'], 'close')
    fakeApp.quit()
    await expect.poll(() => fakeApp.quits).toBe(2)
    expect(close).toHaveBeenCalledTimes(1)
  })
})

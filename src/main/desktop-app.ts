// The desktop app: one lab service in this process, served to the window over IPC; a hardened
// window on the built renderer; the application menus; native dialogs; and the project the window
// opens with. index.ts only calls runDesktopApp, so tests can drive all of it against a fake of
// the `electron` module.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, session, type WebContents } from 'electron'
import type { Theme } from '../preload/api'
import { LabService } from '../service/lab'
import { userConfigDir } from '../service/user-config'
import type { LabMethod } from '../service/wire'
import { showAbout } from './about'
import { appPaths } from './app-paths'
import { ShellDialogs } from './dialogs'
import { serveOverIpc } from './ipc'
import { type MenuActions, type MenuState, menuTemplate } from './menu'
import { MenuCourier } from './menu-courier'
import { hardenEveryContents, hardenSession } from './security'
import { projectInArgs, startProject } from './start-project'
import { appUrlCheck, confirmUnload, hardenContents, windowOptions } from './window'

export interface DesktopEnv {
  argv: readonly string[]
  cwd: string
  /** The folder of the built main script (out/main). */
  mainDir: string
  /** process.resourcesPath of the packaged app. */
  resourcesPath: string
  /** The renderer dev server, while developing (electron-vite dev). */
  devUrl?: string
}

/** Calls after which the recent projects (and so the menu) may have changed. */
const CHANGES_RECENT: readonly LabMethod[] = ['openProject', 'createProject', 'copyExample', 'saveProject']

export interface DesktopApp {
  service: LabService
  ready: Promise<void>
}

export function runDesktopApp(env: DesktopEnv): DesktopApp | null {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }
  const paths = appPaths(app, env.mainDir, env.resourcesPath)
  const devUrl = app.isPackaged ? undefined : env.devUrl
  const isApp = appUrlCheck(paths.renderer, devUrl)
  const service = new LabService({
    transport: 'desktop',
    version: app.getVersion(),
    workers: { scenario: paths.scenarioWorker, run: paths.runWorker },
    resourcesDir: paths.resources,
    recentFile: join(userConfigDir(), 'recent-projects.json'),
    roots: null,
  })
  const courier = new MenuCourier()
  const dialogs = new ShellDialogs(dialog, paths.projectsHome)
  const state: MenuState = {
    recent: [],
    examples: [],
    running: false,
    theme: nativeTheme.themeSource as Theme,
    dev: !app.isPackaged,
    platform: process.platform,
  }

  const mainWindow = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  const windowOf = (contents: WebContents) => BrowserWindow.fromWebContents(contents) ?? undefined

  function createWindow(): BrowserWindow {
    const win = new BrowserWindow(windowOptions(paths.preload, existsSync(paths.icon) ? paths.icon : undefined))
    hardenContents(win.webContents, isApp)
    confirmUnload(win, dialog)
    win.webContents.on('did-start-loading', () => courier.reset(win.webContents))
    win.once('ready-to-show', () => win.show())
    if (devUrl) void win.loadURL(devUrl)
    else void win.loadFile(paths.renderer)
    return win
  }

  const actions: MenuActions = {
    send: (command) => courier.send((mainWindow() ?? createWindow()).webContents, command),
    setTheme: (theme) => {
      nativeTheme.themeSource = theme
      state.theme = theme
      actions.send({ kind: 'theme', theme })
      void refreshMenu()
    },
    about: () => void service.info().then((info) => showAbout(dialog, mainWindow(), info)),
    clearRecent: () => void service.clearRecentProjects().then(refreshMenu),
  }

  async function refreshMenu(): Promise<void> {
    state.recent = await service.recentProjects()
    state.examples = (await service.examples()).map(({ id, title }) => ({ id, title }))
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(state, actions)))
  }

  hardenEveryContents(app)
  app.on('second-instance', (_event, argv, cwd) => {
    const win = mainWindow() ?? createWindow()
    if (win.isMinimized()) win.restore()
    win.focus()
    void projectInArgs(argv, cwd).then((path) => path && courier.send(win.webContents, { kind: 'open', path }))
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // Runs in progress are cancelled before the app goes; the jobs they finished are already stored.
  let closed = false
  app.on('will-quit', (event) => {
    if (closed) return
    event.preventDefault()
    void service.close().finally(() => {
      closed = true
      app.quit()
    })
  })

  const ready = app.whenReady().then(async () => {
    hardenSession(session.defaultSession)
    serveOverIpc({
      ipcMain,
      service,
      dialogs,
      courier,
      isApp,
      windowOf,
      allContents: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
      afterCall: (method) => {
        if (CHANGES_RECENT.includes(method)) void refreshMenu()
      },
    })
    const running = new Set<string>()
    service.subscribe((e) => {
      if (e.kind !== 'run') return
      if (e.status.state === 'running') running.add(e.status.id)
      else running.delete(e.status.id)
      if (running.size > 0 !== state.running) {
        state.running = running.size > 0
        void refreshMenu()
      }
    })
    await refreshMenu()
    const win = createWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow()
    })
    if (!existsSync(paths.runWorker) || !existsSync(paths.scenarioWorker)) {
      void dialog.showMessageBox(win, {
        type: 'warning',
        title: 'MigLab is not fully built',
        message: 'The simulation workers are missing.',
        detail: `${paths.runWorker} was not found. Run \`npm run build\`: until then scenarios cannot be compiled or run.`,
      })
    }
    try {
      const path = await startProject(service, { args: env.argv, cwd: env.cwd, projectsHome: paths.projectsHome })
      if (path) courier.send(win.webContents, { kind: 'open', path })
    } catch (e) {
      void dialog.showMessageBox(win, {
        type: 'error',
        title: 'The start project could not be opened',
        message: (e as Error).message,
      })
    }
  })
  return { service, ready }
}

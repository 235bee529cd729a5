// Window options and the security rules every MigLab window follows. Kept apart from index.ts so
// tests can check them against a typed fake of the `electron` module.
import type { BrowserWindow, BrowserWindowConstructorOptions, Dialog, WebContents } from 'electron'

export function windowOptions(preloadPath: string, icon?: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'MigLab',
    backgroundColor: '#0f172a',
    ...(icon ? { icon } : {}),
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  }
}

/**
 * Keeps a window on the app: navigation elsewhere (a dropped file, a link, a script) is refused,
 * as are redirects, new windows and <webview> tags. `isApp` says which URLs are the app itself
 * (the built renderer's file, or the dev server while developing).
 */
export function hardenContents(contents: WebContents, isApp: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isApp(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isApp(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Which URLs are the app: the renderer's own file, or (developing) the dev server's origin. */
export function appUrlCheck(rendererFile: string, devUrl: string | undefined): (url: string) => boolean {
  if (devUrl) {
    const origin = new URL(devUrl).origin
    return (url) => URL.canParse(url) && new URL(url).origin === origin
  }
  const page = new URL(`file://${rendererFile.startsWith('/') ? '' : '/'}${rendererFile.replaceAll('\\', '/')}`)
  return (url) => URL.canParse(url) && new URL(url).protocol === 'file:' && new URL(url).pathname === page.pathname
}

/**
 * The renderer asks to stay when it holds unsaved changes (beforeunload); Electron would then
 * refuse to close silently, so the user is asked. The draft is autosaved either way.
 */
export function confirmUnload(win: BrowserWindow, dialog: Pick<Dialog, 'showMessageBoxSync'>): void {
  win.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question',
      buttons: ['Close anyway', 'Keep working'],
      defaultId: 1,
      cancelId: 1,
      title: 'Unsaved changes',
      message: 'The project has changes that are not saved.',
      detail: 'They are autosaved: when you open the project again, MigLab offers them back.',
    })
    if (choice === 0) event.preventDefault()
  })
}

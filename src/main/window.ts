// Window options and the security rules every MigLab window follows. Kept apart from index.ts so
// tests can check them against a typed fake of the `electron` module.
import type { BrowserWindowConstructorOptions, WebContents } from 'electron'

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'MigLab',
    backgroundColor: '#0f172a',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  }
}

/** Denies navigation away from the app and every new window. */
export function hardenContents(contents: WebContents, appOrigin: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!appOrigin(url)) event.preventDefault()
  })
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

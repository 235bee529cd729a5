// Electron main process entry: the desktop app (desktop-app.ts) with this process's environment.
import { runDesktopApp } from './desktop-app'

runDesktopApp({
  argv: process.argv,
  cwd: process.cwd(),
  mainDir: import.meta.dirname,
  resourcesPath: process.resourcesPath,
  devUrl: process.env.ELECTRON_RENDERER_URL,
})

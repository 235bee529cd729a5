// Electron main process: one hardened window on the renderer, IPC to the lab.
import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, session } from 'electron'
import { hardenContents, windowOptions } from './window'

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(join(import.meta.dirname, '../preload/index.cjs')))
  const devUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
  hardenContents(win.webContents, (url) => (devUrl ? url.startsWith(devUrl) : url.startsWith('file://')))
  win.on('ready-to-show', () => win.show())
  if (devUrl) void win.loadURL(devUrl)
  else void win.loadFile(join(import.meta.dirname, '../renderer/index.html'))
}

ipcMain.handle('app:versions', () => ({
  miglab: app.getVersion(),
  electron: process.versions.electron,
  chrome: process.versions.chrome,
  node: process.versions.node,
}))

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
})
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

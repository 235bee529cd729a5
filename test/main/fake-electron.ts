// A small typed fake of the `electron` module for the main-process and preload tests (the real
// one cannot load in Node: it would try to download its binary). Each fake implements the part of
// Electron's own interface the app uses — checked by tsc against electron.d.ts — and records what
// the app did with it, so tests can read the window options, fire navigation events, click menu
// items, answer dialogs and send IPC messages as the renderer would.
// Use: vi.mock('electron', () => import('./fake-electron').then((m) => m.electronModule()))

import { EventEmitter } from 'node:events'
import type * as Electron from 'electron'

/** An event object whose preventDefault() the app may call. */
export class FakeEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

type WindowOpenHandler = Parameters<Electron.WebContents['setWindowOpenHandler']>[0]

export class FakeWebContents
  extends EventEmitter
  implements Pick<Electron.WebContents, 'send' | 'setWindowOpenHandler'>
{
  readonly sent: { channel: string; value: unknown }[] = []
  windowOpenHandler: WindowOpenHandler | null = null

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, value: args[0] })
  }

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler
  }

  /** Fires a cancellable event as Chromium would; true when the app prevented it. */
  fire(name: string, ...args: unknown[]): boolean {
    const event = new FakeEvent()
    this.emit(name, event, ...args)
    return event.defaultPrevented
  }

  /** What was sent on a channel, in order. */
  sentOn(channel: string): unknown[] {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.value)
  }
}

export class FakeBrowserWindow
  extends EventEmitter
  implements Pick<Electron.BrowserWindow, 'show' | 'focus' | 'isMinimized' | 'restore'>
{
  static windows: FakeBrowserWindow[] = []
  static focused: FakeBrowserWindow | null = null
  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.windows
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.focused
  }
  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.windows.find((w) => w.webContents === contents) ?? null
  }

  readonly webContents = new FakeWebContents()
  loaded: { file?: string; url?: string } = {}
  shown = false

  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super()
    FakeBrowserWindow.windows.push(this)
  }
  async loadFile(file: string): Promise<void> {
    this.loaded = { file }
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = { url }
  }
  show(): void {
    this.shown = true
  }
  focus(): void {
    FakeBrowserWindow.focused = this
  }
  isMinimized(): boolean {
    return false
  }
  restore(): void {}
}

type Template = Electron.MenuItemConstructorOptions[]

export const fakeMenu = {
  application: null as Template | null,
  buildFromTemplate(template: Template): { template: Template } {
    return { template }
  },
  setApplicationMenu(menu: { template: Template } | null): void {
    fakeMenu.application = menu?.template ?? null
  },
}

/** Scripted dialog answers: each call takes the next answer of its kind, and is recorded. */
export const fakeDialog = {
  calls: [] as { kind: string; options: unknown }[],
  openAnswers: [] as Electron.OpenDialogReturnValue[],
  saveAnswers: [] as Electron.SaveDialogReturnValue[],
  messageAnswers: [] as number[],
  async showOpenDialog(...args: unknown[]): Promise<Electron.OpenDialogReturnValue> {
    fakeDialog.calls.push({ kind: 'open', options: args.at(-1) })
    return fakeDialog.openAnswers.shift() ?? { canceled: true, filePaths: [] }
  },
  async showSaveDialog(...args: unknown[]): Promise<Electron.SaveDialogReturnValue> {
    fakeDialog.calls.push({ kind: 'save', options: args.at(-1) })
    return fakeDialog.saveAnswers.shift() ?? { canceled: true, filePath: '' }
  },
  async showMessageBox(...args: unknown[]): Promise<Electron.MessageBoxReturnValue> {
    fakeDialog.calls.push({ kind: 'message', options: args.at(-1) })
    return { response: fakeDialog.messageAnswers.shift() ?? 0, checkboxChecked: false }
  },
  showMessageBoxSync(...args: unknown[]): number {
    fakeDialog.calls.push({ kind: 'message-sync', options: args.at(-1) })
    return fakeDialog.messageAnswers.shift() ?? 0
  },
}

type Handler = (event: FakeIpcEvent, ...args: unknown[]) => unknown

/** What main sees of an IPC message: the sender and the URL of the frame it came from. */
export interface FakeIpcEvent {
  sender: FakeWebContents
  senderFrame: { url: string }
}

export const fakeIpcMain = {
  handlers: new Map<string, Handler>(),
  listeners: new Map<string, Handler[]>(),
  handle(channel: string, handler: Handler): void {
    if (fakeIpcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    fakeIpcMain.handlers.set(channel, handler)
  },
  on(channel: string, listener: Handler): void {
    fakeIpcMain.listeners.set(channel, [...(fakeIpcMain.listeners.get(channel) ?? []), listener])
  },
  /** ipcRenderer.invoke as the renderer of `sender` would, from a frame at `url`. */
  async invoke(channel: string, from: { sender: FakeWebContents; url: string }, ...args: unknown[]): Promise<unknown> {
    const h = fakeIpcMain.handlers.get(channel)
    if (!h) throw new Error(`No handler registered for '${channel}'`)
    return h({ sender: from.sender, senderFrame: { url: from.url } }, ...args)
  },
  send(channel: string, from: { sender: FakeWebContents; url: string }, ...args: unknown[]): void {
    for (const l of fakeIpcMain.listeners.get(channel) ?? [])
      l({ sender: from.sender, senderFrame: { url: from.url } }, ...args)
  },
}

type PermissionRequest = Parameters<Electron.Session['setPermissionRequestHandler']>[0]
type PermissionCheck = Parameters<Electron.Session['setPermissionCheckHandler']>[0]
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void

export const fakeSession = {
  defaultSession: {
    permissionRequest: null as PermissionRequest,
    permissionCheck: null as PermissionCheck,
    headers: null as HeadersListener | null,
    setPermissionRequestHandler(h: PermissionRequest): void {
      fakeSession.defaultSession.permissionRequest = h
    },
    setPermissionCheckHandler(h: PermissionCheck): void {
      fakeSession.defaultSession.permissionCheck = h
    },
    webRequest: {
      onHeadersReceived(listener: HeadersListener): void {
        fakeSession.defaultSession.headers = listener
      },
    },
  },
}

class FakeApp extends EventEmitter implements Pick<Electron.App, 'getAppPath' | 'getVersion' | 'quit'> {
  isPackaged = false
  appPath = '/nonexistent'
  paths: Record<string, string> = {}
  quits = 0
  getAppPath(): string {
    return this.appPath
  }
  getPath(name: string): string {
    const p = this.paths[name]
    if (!p) throw new Error(`the fake app has no path "${name}"`)
    return p
  }
  getVersion(): string {
    return '0.1.0'
  }
  requestSingleInstanceLock(): boolean {
    return true
  }
  whenReady(): Promise<void> {
    return Promise.resolve()
  }
  quit(): void {
    this.quits++
    this.emit('will-quit', new FakeEvent())
  }
}

export const fakeApp = new FakeApp()
export const fakeNativeTheme: Pick<Electron.NativeTheme, 'themeSource'> = { themeSource: 'system' }

/** The preload's side: what it exposed, and what it sent and invoked. */
export const fakeContextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    fakeContextBridge.exposed.set(key, api)
  },
}
export const fakeIpcRenderer = Object.assign(new EventEmitter(), {
  invoked: [] as { channel: string; args: unknown[] }[],
  sentToMain: [] as string[],
  replies: new Map<string, unknown>(),
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    fakeIpcRenderer.invoked.push({ channel, args })
    return fakeIpcRenderer.replies.get(channel)
  },
  send(channel: string): void {
    fakeIpcRenderer.sentToMain.push(channel)
  },
})

/** Back to a fresh state between tests. */
export function resetFakes(): void {
  FakeBrowserWindow.windows = []
  FakeBrowserWindow.focused = null
  fakeMenu.application = null
  fakeDialog.calls = []
  fakeDialog.openAnswers = []
  fakeDialog.saveAnswers = []
  fakeDialog.messageAnswers = []
  fakeIpcMain.handlers.clear()
  fakeIpcMain.listeners.clear()
  fakeSession.defaultSession.permissionRequest = null
  fakeSession.defaultSession.permissionCheck = null
  fakeSession.defaultSession.headers = null
  fakeApp.removeAllListeners()
  fakeApp.quits = 0
  fakeApp.isPackaged = false
  fakeNativeTheme.themeSource = 'system'
  fakeContextBridge.exposed.clear()
  fakeIpcRenderer.removeAllListeners()
  fakeIpcRenderer.invoked = []
  fakeIpcRenderer.sentToMain = []
  fakeIpcRenderer.replies.clear()
}

/** The module vi.mock('electron') returns. */
export function electronModule() {
  return {
    app: fakeApp,
    BrowserWindow: FakeBrowserWindow,
    Menu: fakeMenu,
    dialog: fakeDialog,
    ipcMain: fakeIpcMain,
    session: fakeSession,
    nativeTheme: fakeNativeTheme,
    contextBridge: fakeContextBridge,
    ipcRenderer: fakeIpcRenderer,
  }
}

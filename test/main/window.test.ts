// The window's security rules, against the typed fake of `electron`: the options Electron is
// given, navigation and new windows refused, and the question asked before unsaved work is left.
import { describe, expect, it } from 'vitest'
import { appUrlCheck, confirmUnload, hardenContents, windowOptions } from '../../src/main/window'
import { FakeBrowserWindow, FakeWebContents, fakeDialog, resetFakes } from './fake-electron'

const asContents = (c: FakeWebContents) => c as unknown as Electron.WebContents

describe('window options', () => {
  it('isolate the page: sandbox, context isolation, no Node, no webviews, the preload script given', () => {
    const o = windowOptions('/app/out/preload/index.cjs', '/app/resources/icon.png')
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    })
    expect(o).toMatchObject({ show: false, icon: '/app/resources/icon.png' })
    expect(windowOptions('/p').icon).toBeUndefined()
  })
})

describe('navigation', () => {
  const renderer = '/app/out/renderer/index.html'

  it('stays on the built page: other pages, redirects, new windows and webviews are refused', () => {
    const c = new FakeWebContents()
    hardenContents(asContents(c), appUrlCheck(renderer, undefined))
    expect(c.fire('will-navigate', 'https://example.com/')).toBe(true)
    expect(c.fire('will-navigate', 'file:///etc/passwd')).toBe(true)
    expect(c.fire('will-navigate', 'file:///app/out/renderer/index.html')).toBe(false)
    expect(c.fire('will-redirect', 'https://example.com/')).toBe(true)
    expect(c.fire('will-attach-webview', {}, {})).toBe(true)
    expect(c.windowOpenHandler?.({ url: 'https://example.com/' } as Electron.HandlerDetails)).toEqual({
      action: 'deny',
    })
  })

  it('while developing, the dev server’s origin is the app and nothing else', () => {
    const isApp = appUrlCheck(renderer, 'http://localhost:5173/')
    expect(isApp('http://localhost:5173/index.html')).toBe(true)
    expect(isApp('http://localhost:5174/')).toBe(false)
    expect(isApp('file:///app/out/renderer/index.html')).toBe(false)
    expect(isApp('not a url')).toBe(false)
  })
})

describe('leaving unsaved work', () => {
  it('asks, and closes only when the user says so', () => {
    resetFakes()
    const win = new FakeBrowserWindow({})
    confirmUnload(win as unknown as Electron.BrowserWindow, fakeDialog)
    fakeDialog.messageAnswers.push(1, 0)
    expect(win.webContents.fire('will-prevent-unload')).toBe(false) // "Keep working": the page stays
    expect(win.webContents.fire('will-prevent-unload')).toBe(true) // "Close anyway": unload goes ahead
    expect(fakeDialog.calls[0]?.options).toMatchObject({ message: 'The project has changes that are not saved.' })
  })
})

// The IPC transport: calls from the app's page reach the lab service, answers keep their located
// errors, anything from another frame is refused, arguments are checked in main, service events
// go to every window, and menu commands wait until the renderer listens.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ShellDialogs } from '../../src/main/dialogs'
import { serveOverIpc } from '../../src/main/ipc'
import { MenuCourier } from '../../src/main/menu-courier'
import {
  IPC_DIALOG_NEW_PROJECT,
  IPC_DIALOG_OPEN_PROJECT,
  IPC_DIALOG_SAVE_EXPORT,
  IPC_MENU,
  IPC_MENU_READY,
} from '../../src/preload/channels'
import type { LabMethod, WireReply } from '../../src/service/wire'
import { IPC_CALL, IPC_EVENT } from '../../src/service/wire'
import { draft, type LabFixture, labFixture } from '../service/lab-fixture'
import { FakeWebContents, fakeDialog, fakeIpcMain, resetFakes } from './fake-electron'

const APP = 'file:///app/out/renderer/index.html'
let fx: LabFixture
let page: FakeWebContents
let other: FakeWebContents
let courier: MenuCourier
let called: LabMethod[]
let stop: () => void

beforeEach(() => {
  resetFakes()
  fx = labFixture()
  page = new FakeWebContents()
  other = new FakeWebContents()
  courier = new MenuCourier()
  called = []
  stop = serveOverIpc({
    ipcMain: fakeIpcMain as unknown as Electron.IpcMain,
    service: fx.service,
    dialogs: new ShellDialogs(fakeDialog, join(fx.home, 'MigLab')),
    courier,
    isApp: (url) => url === APP,
    windowOf: () => undefined,
    allContents: () => [page, other] as unknown as Electron.WebContents[],
    afterCall: (m) => called.push(m),
  })
})
afterEach(async () => {
  stop()
  await fx.cleanup()
})

const call = (method: string, params: unknown[], url = APP) =>
  fakeIpcMain.invoke(IPC_CALL, { sender: page, url }, { id: 7, method, params }) as Promise<WireReply>

describe('lab calls over IPC', () => {
  it('carries calls from the app page to the service and answers with the same id', async () => {
    const dir = join(fx.home, 'study')
    expect(await call('createProject', [dir, 'Study'])).toMatchObject({ id: 7, ok: true, value: { path: dir } })
    expect(await call('info', [])).toMatchObject({ ok: true, value: { transport: 'desktop' } })
    expect(called).toEqual(['createProject', 'info'])
  })

  it('refuses calls from any other page or frame', async () => {
    const r = await call('listDir', ['/'], 'https://evil.example/')
    expect(r).toMatchObject({ ok: false, error: { name: 'NotAllowed' } })
    expect(await call('info', [], '')).toMatchObject({ ok: false, error: { name: 'NotAllowed' } })
    expect(called).toEqual([])
  })

  it('checks the arguments in main and keeps located errors intact', async () => {
    expect(await call('saveProject', ['relative/path', draft()])).toMatchObject({
      ok: false,
      error: { name: 'BadRequest', errors: [{ path: 'params[0]', message: 'must be an absolute path' }] },
    })
    expect(await call('require', ['child_process'])).toMatchObject({ ok: false, error: { name: 'BadRequest' } })
    expect(await fakeIpcMain.invoke(IPC_CALL, { sender: page, url: APP }, 'info')).toMatchObject({
      ok: false,
      error: { message: 'a call is an object { id, method, params }' },
    })
    expect(await call('openProject', [fx.home])).toMatchObject({
      ok: false,
      error: { name: 'ProjectError', errors: [{ path: '', file: join(fx.home, 'miglab.json') }] },
    })
  })

  it('pushes service events to every window', async () => {
    await call('saveProject', [join(fx.home, 'study'), draft()])
    const event = { kind: 'project-changed', path: join(fx.home, 'study') }
    expect(page.sentOn(IPC_EVENT)).toEqual([event])
    expect(other.sentOn(IPC_EVENT)).toEqual([event])
  })
})

describe('dialogs over IPC', () => {
  it('opens native dialogs for the app page only, with checked arguments', async () => {
    fakeDialog.openAnswers.push({ canceled: false, filePaths: ['/home/ana/study'] })
    expect(await fakeIpcMain.invoke(IPC_DIALOG_OPEN_PROJECT, { sender: page, url: APP })).toBe('/home/ana/study')
    await expect(fakeIpcMain.invoke(IPC_DIALOG_OPEN_PROJECT, { sender: page, url: 'https://x/' })).rejects.toThrow(
      'IPC from https://x/ refused',
    )
    await expect(fakeIpcMain.invoke(IPC_DIALOG_NEW_PROJECT, { sender: page, url: APP }, { name: 1 })).rejects.toThrow()
    for (const bad of [
      { filename: '../../.bashrc', mime: 'text/plain', text: 'x' },
      { filename: 'a.csv', mime: 'text/csv' },
      { filename: 'a.csv', mime: 'text/csv', text: 'x', base64: 'eA==' },
    ]) {
      await expect(fakeIpcMain.invoke(IPC_DIALOG_SAVE_EXPORT, { sender: page, url: APP }, bad)).rejects.toThrow()
    }
    expect(fakeDialog.calls.map((c) => c.kind)).toEqual(['open'])
  })
})

describe('menu commands', () => {
  it('are held until the renderer listens, then delivered in order', () => {
    const contents = page as unknown as Electron.WebContents
    courier.send(contents, { kind: 'open', path: '/home/ana/study' })
    courier.send(contents, { kind: 'save' })
    expect(page.sentOn(IPC_MENU)).toEqual([])
    fakeIpcMain.send(IPC_MENU_READY, { sender: page, url: 'https://evil.example/' })
    expect(page.sentOn(IPC_MENU)).toEqual([])
    fakeIpcMain.send(IPC_MENU_READY, { sender: page, url: APP })
    expect(page.sentOn(IPC_MENU)).toEqual([{ kind: 'open', path: '/home/ana/study' }, { kind: 'save' }])
    courier.send(contents, { kind: 'run' })
    expect(page.sentOn(IPC_MENU).at(-1)).toEqual({ kind: 'run' })
    // After a reload the page must say again that it listens.
    courier.reset(contents)
    courier.send(contents, { kind: 'export' })
    expect(page.sentOn(IPC_MENU)).toHaveLength(3)
  })
})

// The preload script against the fake `electron`: what it exposes as window.miglab, and that it
// only relays — calls become one invoke on the lab channel, listeners never see the IPC event,
// and listening for menu commands tells main to deliver what it held back.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { DesktopBridge } from '../../src/preload/api'
import {
  IPC_DIALOG_NEW_PROJECT,
  IPC_DIALOG_OPEN_PROJECT,
  IPC_DIALOG_SAVE_EXPORT,
  IPC_MENU,
  IPC_MENU_READY,
} from '../../src/preload/channels'
import { IPC_CALL, IPC_EVENT } from '../../src/service/wire'
import { fakeContextBridge, fakeIpcRenderer, resetFakes } from './fake-electron'

vi.mock('electron', () => import('./fake-electron').then((m) => m.electronModule()))

let bridge: DesktopBridge
beforeAll(async () => {
  resetFakes()
  await import('../../src/preload/index')
  bridge = fakeContextBridge.exposed.get('miglab') as DesktopBridge
})

describe('window.miglab', () => {
  it('exposes exactly call, onEvent, onMenu and the dialogs', () => {
    expect([...fakeContextBridge.exposed.keys()]).toEqual(['miglab'])
    expect(Object.keys(bridge).sort()).toEqual(['call', 'dialogs', 'onEvent', 'onMenu'])
    expect(Object.keys(bridge.dialogs).sort()).toEqual(['newProjectFolder', 'openProject', 'saveExport'])
  })

  it('turns a call into one invoke of the lab channel and returns the wire reply as it is', async () => {
    fakeIpcRenderer.replies.set(IPC_CALL, { id: 1, ok: false, error: { name: 'SpecErrors', message: 'm', errors: [] } })
    const reply = await bridge.call('compile', [{ name: 'x' }])
    expect(reply).toEqual({ id: 1, ok: false, error: { name: 'SpecErrors', message: 'm', errors: [] } })
    await bridge.call('info', [])
    const calls = fakeIpcRenderer.invoked.filter((i) => i.channel === IPC_CALL).map((i) => i.args[0])
    expect(calls).toEqual([
      { id: 1, method: 'compile', params: [{ name: 'x' }] },
      { id: 2, method: 'info', params: [] },
    ])
  })

  it('relays events without the IPC event object, and unsubscribes', () => {
    const got: unknown[] = []
    const stop = bridge.onEvent((e) => got.push(e))
    fakeIpcRenderer.emit(IPC_EVENT, { sender: 'secret' }, { kind: 'project-changed', path: '/p' })
    stop()
    fakeIpcRenderer.emit(IPC_EVENT, {}, { kind: 'project-changed', path: '/q' })
    expect(got).toEqual([{ kind: 'project-changed', path: '/p' }])
  })

  it('listening for menu commands tells main the renderer is ready', () => {
    const got: unknown[] = []
    bridge.onMenu((c) => got.push(c))
    expect(fakeIpcRenderer.sentToMain).toEqual([IPC_MENU_READY])
    fakeIpcRenderer.emit(IPC_MENU, {}, { kind: 'save' })
    expect(got).toEqual([{ kind: 'save' }])
  })

  it('asks main for the native dialogs', async () => {
    await bridge.dialogs.openProject()
    await bridge.dialogs.newProjectFolder('Study')
    await bridge.dialogs.saveExport({ filename: 'a.csv', mime: 'text/csv', text: 'x' })
    const dialogs = fakeIpcRenderer.invoked.filter((i) => i.channel.startsWith('shell:'))
    expect(dialogs).toEqual([
      { channel: IPC_DIALOG_OPEN_PROJECT, args: [] },
      { channel: IPC_DIALOG_NEW_PROJECT, args: ['Study'] },
      { channel: IPC_DIALOG_SAVE_EXPORT, args: [{ filename: 'a.csv', mime: 'text/csv', text: 'x' }] },
    ])
  })
})

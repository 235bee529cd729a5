// The preload script: the contextBridge surface (api.ts) and nothing else. It runs sandboxed, so
// it can only relay: every argument is checked again in the main process.
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron'
import type { LabEvent } from '../service/api'
import { IPC_CALL, IPC_EVENT, type WireReply } from '../service/wire'
import type { DesktopBridge, MenuCommand } from './api'
import {
  IPC_DIALOG_NEW_PROJECT,
  IPC_DIALOG_OPEN_PROJECT,
  IPC_DIALOG_SAVE_EXPORT,
  IPC_MENU,
  IPC_MENU_READY,
} from './channels'

let nextCall = 1

/** Subscribes to a channel; the renderer's listener never sees the IPC event object (it holds `sender`). */
function listen<T>(channel: string, listener: (value: T) => void): () => void {
  const relay = (_e: IpcRendererEvent, value: T) => listener(value)
  ipcRenderer.on(channel, relay)
  return () => {
    ipcRenderer.removeListener(channel, relay)
  }
}

const bridge: DesktopBridge = {
  call: (method, params) => ipcRenderer.invoke(IPC_CALL, { id: nextCall++, method, params }) as Promise<WireReply>,
  onEvent: (listener) => listen<LabEvent>(IPC_EVENT, listener),
  onMenu: (listener) => {
    const stop = listen<MenuCommand>(IPC_MENU, listener)
    ipcRenderer.send(IPC_MENU_READY)
    return stop
  },
  dialogs: {
    openProject: () => ipcRenderer.invoke(IPC_DIALOG_OPEN_PROJECT),
    newProjectFolder: (suggestedName) => ipcRenderer.invoke(IPC_DIALOG_NEW_PROJECT, suggestedName),
    saveExport: (file) => ipcRenderer.invoke(IPC_DIALOG_SAVE_EXPORT, file),
  },
}

contextBridge.exposeInMainWorld('miglab', bridge)

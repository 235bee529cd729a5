// The preload script: the contextBridge surface and nothing else.
import { contextBridge, ipcRenderer } from 'electron'
import type { DesktopBridge } from './api'

const bridge: DesktopBridge = {
  versions: () => ipcRenderer.invoke('app:versions'),
}

contextBridge.exposeInMainWorld('miglab', bridge)

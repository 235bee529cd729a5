// The surface the preload script exposes to the renderer as `window.miglab` (types only, shared by
// the preload and the renderer). In a plain browser (against `miglab serve`) it is absent and the
// renderer uses the WebSocket transport instead.

export interface AppVersions {
  miglab: string
  electron?: string
  chrome?: string
  node?: string
}

export interface DesktopBridge {
  versions(): Promise<AppVersions>
}

declare global {
  interface Window {
    miglab?: DesktopBridge
  }
}

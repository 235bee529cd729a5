// The surface the preload script exposes to the renderer as `window.miglab` (types only, shared by
// the preload, the main process and the renderer). In a plain browser (against `miglab serve`) it
// is absent, and the renderer uses the WebSocket transport and its own in-page menu and folder
// browser instead.

import type { ExportResult, LabEvent } from '../service/api'
import type { LabMethod, WireReply } from '../service/wire'

export type Theme = 'system' | 'light' | 'dark'

/**
 * What the native menus (and their keyboard shortcuts) ask the renderer to do. In the desktop app
 * the menu owns the shortcuts it shows (Ctrl/Cmd+N, O, S, Shift+S, E, F5, Shift+F5); the renderer
 * binds them itself only in the browser. Undo and Redo are the exception: their keys stay with
 * the focused widget (the script editor has its own history), and the menu items send the command.
 */
export type MenuCommand =
  | { kind: 'new-project' }
  /** Without a path: ask which project (dialogs.openProject). With one: open it (Recent, first start). */
  | { kind: 'open'; path?: string }
  /** Open a copy of a bundled example: ask where (dialogs.newProjectFolder), then copyExample. */
  | { kind: 'new-from-example'; id: string; title: string }
  | { kind: 'save' }
  | { kind: 'save-as' }
  | { kind: 'export' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'run' }
  | { kind: 'cancel-run' }
  | { kind: 'theme'; theme: Theme }
  /** The results area over the whole workbench, or back. */
  | { kind: 'toggle-results' }

/** Native file dialogs; each resolves to the chosen path, or null when the user cancelled. */
export interface DesktopDialogs {
  /** A project folder (or its miglab.json) to open. */
  openProject(): Promise<string | null>
  /** A new folder for a project (New, Save As, a copy of an example), suggested from its name. */
  newProjectFolder(suggestedName: string): Promise<string | null>
  /** Where to save an exported figure or table; the main process writes the file there. */
  saveExport(file: ExportResult): Promise<string | null>
}

export interface DesktopBridge {
  /**
   * Calls a lab service method. Resolves to the wire reply (never rejects for a refused call):
   * `{ ok: true, value }`, or `{ ok: false, error }` with the error's name, message and located
   * problems intact (an Error crossing the context bridge would lose them).
   */
  call(method: LabMethod, params: unknown[]): Promise<WireReply>
  /** Service events (run progress, project changes); returns an unsubscribe function. */
  onEvent(listener: (e: LabEvent) => void): () => void
  /** Menu commands; commands sent before the first listener (the project to open at start) are kept for it. */
  onMenu(listener: (c: MenuCommand) => void): () => void
  dialogs: DesktopDialogs
}

declare global {
  interface Window {
    miglab?: DesktopBridge
  }
}

// The IPC channels of the desktop shell besides the lab service's own (service/wire.ts): menu
// commands pushed to the renderer, and the native dialogs the renderer asks for. Shared by the
// preload script and the main process.

/** main → renderer: a MenuCommand. */
export const IPC_MENU = 'shell:menu'
/** renderer → main: the renderer listens for menu commands (main sends what it held back). */
export const IPC_MENU_READY = 'shell:menu-ready'
/** renderer → main, invoke: native dialogs. */
export const IPC_DIALOG_OPEN_PROJECT = 'shell:dialog-open-project'
export const IPC_DIALOG_NEW_PROJECT = 'shell:dialog-new-project'
export const IPC_DIALOG_SAVE_EXPORT = 'shell:dialog-save-export'

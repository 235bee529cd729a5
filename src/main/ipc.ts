// The Electron IPC transport of the lab service, and the shell's own channels (native dialogs,
// menu readiness). Every message is checked here, in the main process: it must come from the
// app's own page (not a frame that navigated elsewhere), and its arguments must fit — the same
// checks `miglab serve` makes, through the same dispatcher.
import type { BrowserWindow, IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron'
import { z } from 'zod'
import {
  IPC_DIALOG_NEW_PROJECT,
  IPC_DIALOG_OPEN_PROJECT,
  IPC_DIALOG_SAVE_EXPORT,
  IPC_MENU_READY,
} from '../preload/channels'
import type { LabApi } from '../service/api'
import { dispatch } from '../service/dispatch'
import { IPC_CALL, IPC_EVENT, type LabMethod, type WireReply } from '../service/wire'
import type { ShellDialogs } from './dialogs'
import type { MenuCourier } from './menu-courier'

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'on'>
  service: LabApi
  dialogs: ShellDialogs
  courier: MenuCourier
  /** Whether a URL is the app's own page. */
  isApp(url: string): boolean
  /** The window a sender belongs to (dialogs are attached to it). */
  windowOf(contents: WebContents): BrowserWindow | undefined
  /** Every window's contents (service events go to all). */
  allContents(): WebContents[]
  /** After a call succeeded (the menu follows the recent projects and runs). */
  afterCall?(method: LabMethod): void
}

const SuggestedName = z.string().max(200)
const ExportFile = z
  .strictObject({
    filename: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[^/\\:*?"<>|]+$/, 'a file name, without folders'),
    mime: z.string().max(100),
    text: z.string().optional(),
    base64: z.string().optional(),
  })
  .refine((f) => (f.text === undefined) !== (f.base64 === undefined), 'an export has either text or base64')

export class UntrustedSender extends Error {
  override name = 'UntrustedSender'
}

function senderUrl(e: IpcMainEvent | IpcMainInvokeEvent): string {
  return e.senderFrame?.url ?? ''
}

export function serveOverIpc(o: IpcOptions): () => void {
  const trusted = (e: IpcMainEvent | IpcMainInvokeEvent) => {
    if (!o.isApp(senderUrl(e))) throw new UntrustedSender(`IPC from ${senderUrl(e) || 'an unknown frame'} refused`)
  }

  o.ipcMain.handle(IPC_CALL, async (e, call: unknown): Promise<WireReply> => {
    if (!o.isApp(senderUrl(e)))
      return {
        id: -1,
        ok: false,
        error: { name: 'NotAllowed', message: 'calls are accepted from the MigLab page only' },
      }
    const reply = await dispatch(o.service, call)
    if (reply.ok) o.afterCall?.((call as { method: LabMethod }).method)
    return reply
  })
  o.ipcMain.handle(IPC_DIALOG_OPEN_PROJECT, (e) => {
    trusted(e)
    return o.dialogs.openProject(o.windowOf(e.sender))
  })
  o.ipcMain.handle(IPC_DIALOG_NEW_PROJECT, (e, name: unknown) => {
    trusted(e)
    return o.dialogs.newProjectFolder(o.windowOf(e.sender), SuggestedName.parse(name))
  })
  o.ipcMain.handle(IPC_DIALOG_SAVE_EXPORT, (e, file: unknown) => {
    trusted(e)
    return o.dialogs.saveExport(o.windowOf(e.sender), ExportFile.parse(file))
  })
  o.ipcMain.on(IPC_MENU_READY, (e) => {
    if (o.isApp(senderUrl(e))) o.courier.ready(e.sender)
  })

  return o.service.subscribe((event) => {
    for (const contents of o.allContents()) contents.send(IPC_EVENT, event)
  })
}

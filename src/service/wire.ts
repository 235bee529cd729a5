// The wire protocol of the lab service over a WebSocket (`miglab serve`), and over Electron IPC:
// a call names a LabApi method and its arguments; the answer carries the value or an error; the
// service pushes events. JSON on the WebSocket; structured clone over IPC. Types only.

import type { LabApi, LabEvent } from './api'

/** Methods callable remotely: every LabApi method but subscribe (events are pushed instead). */
export type LabMethod = Exclude<keyof LabApi, 'subscribe'>

export interface WireCall {
  id: number
  method: LabMethod
  params: unknown[]
}

export interface WireError {
  name: string
  message: string
  /** Located problems (a spec with errors, a damaged project file). */
  errors?: { path: string; message: string; file?: string; line?: number; column?: number }[]
}

export type WireReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError }

export interface WireEvent {
  event: LabEvent
}

/** The path of the WebSocket endpoint; the per-start token goes in the `token` query parameter. */
export const WS_PATH = '/lab'

/** The Electron IPC channels. */
export const IPC_CALL = 'lab:call'
export const IPC_EVENT = 'lab:event'

// Picks the transport at start-up: the Electron bridge when the preload script exposed one, else
// the WebSocket of `miglab serve`, whose address is this page's origin and whose access token came
// in the page URL (`?token=`). Everything above this file sees only LabApi.
import type { DesktopBridge } from '../../../preload/api'
import type { LabApi } from '../../../service/api'
import { WS_PATH } from '../../../service/wire'
import type { LabChannel } from './channel'
import { IpcChannel } from './ipc-channel'
import { labApiOver } from './remote-api'
import { WsChannel } from './ws-channel'

export interface LabClient {
  api: LabApi
  channel: LabChannel
  transport: 'desktop' | 'browser'
  /** The desktop app's native menus and dialogs; absent in the browser. */
  desktop: DesktopBridge | null
}

export type ClientChoice = { ok: true; client: LabClient } | { ok: false; reason: string }

export function createLabClient(): ClientChoice {
  const bridge = window.miglab
  if (bridge) {
    const channel = new IpcChannel(bridge)
    return { ok: true, client: { api: labApiOver(channel), channel, transport: 'desktop', desktop: bridge } }
  }
  const token = new URLSearchParams(window.location.search).get('token')
  if (!token) {
    return {
      ok: false,
      reason:
        'This page needs the access token of the lab service. Open the address `miglab serve` printed when it started (it ends in ?token=…).',
    }
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws'
  const channel = new WsChannel(`${scheme}://${window.location.host}${WS_PATH}?token=${encodeURIComponent(token)}`)
  return { ok: true, client: { api: labApiOver(channel), channel, transport: 'browser', desktop: null } }
}

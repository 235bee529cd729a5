// What a transport gives the client: a way to call a service method and a stream of pushed
// events. Both transports (WebSocket, Electron IPC) implement it; remote-api.ts turns it into the
// typed LabApi, so nothing above this folder knows which one is in use.
import type { LabEvent } from '../../../service/api'
import type { LabMethod } from '../../../service/wire'

export type ConnectionState = 'connecting' | 'open' | 'closed'

export interface LabChannel {
  call(method: LabMethod, params: unknown[]): Promise<unknown>
  listen(listener: (e: LabEvent) => void): () => void
  /** The link to the service: always 'open' over IPC; a WebSocket can drop and reconnect. */
  state(): ConnectionState
  onState(listener: (s: ConnectionState) => void): () => void
}

// The Electron transport: the preload bridge's call/onEvent over IPC. The bridge answers with the
// wire reply rather than throwing, so a refused call keeps its error name and located problems.

import type { DesktopBridge } from '../../../preload/api'
import type { LabEvent } from '../../../service/api'
import type { LabMethod } from '../../../service/wire'
import { LabCallError } from './call-error'
import type { ConnectionState, LabChannel } from './channel'

export class IpcChannel implements LabChannel {
  constructor(private readonly bridge: DesktopBridge) {}

  async call(method: LabMethod, params: unknown[]): Promise<unknown> {
    const reply = await this.bridge.call(method, params)
    if (reply.ok) return reply.value
    throw new LabCallError(reply.error)
  }

  listen(listener: (e: LabEvent) => void): () => void {
    return this.bridge.onEvent(listener)
  }

  /** IPC to the main process does not drop. */
  state(): ConnectionState {
    return 'open'
  }

  onState(): () => void {
    return () => undefined
  }
}

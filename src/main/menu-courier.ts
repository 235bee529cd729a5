// Delivers menu commands to a window's renderer. A command sent before the renderer listens (the
// project to open at start, a Recent chosen while the page loads) is held until the preload
// script says the renderer is listening, so none is lost to a race with React's first render.
import type { WebContents } from 'electron'
import type { MenuCommand } from '../preload/api'
import { IPC_MENU } from '../preload/channels'

export class MenuCourier {
  private readonly listening = new WeakSet<WebContents>()
  private readonly held = new WeakMap<WebContents, MenuCommand[]>()

  send(contents: WebContents, command: MenuCommand): void {
    if (this.listening.has(contents)) {
      contents.send(IPC_MENU, command)
      return
    }
    const queue = this.held.get(contents) ?? []
    queue.push(command)
    this.held.set(contents, queue)
  }

  /** The renderer listens: deliver what was held, in order. */
  ready(contents: WebContents): void {
    this.listening.add(contents)
    for (const command of this.held.get(contents) ?? []) contents.send(IPC_MENU, command)
    this.held.delete(contents)
  }

  /** The page reloaded: it has to say again that it listens. */
  reset(contents: WebContents): void {
    this.listening.delete(contents)
  }
}

// The cluster's own messaging between its processes: location-transparent kernel IPC as Sprite and
// DEMOS/MP give their processes. A message is addressed to a process, not to a host: the sending
// kernel sends it over a kernel link (world.kernel, its own service port) to the host where the
// receiver runs; if the receiver has moved on meanwhile, that host's kernel forwards it to the new
// one; if the receiver is frozen or its state in transfer, the message waits in the kernel where
// it is and is forwarded to wherever the process resumes. Messages to a dead process are lost.
//
// Traffic inside the cluster is not what the study compares (how processes *outside* keep talking
// to a moving process is), so every naming architecture gets this same messaging; its cost still
// shows: it shares the network with everything else, and forwarding and waiting are counted.

import type { Node } from '../net/node'
import { IPC_PORT } from '../proc/kernel-link'
import type { Process } from '../proc/process'
import type { World } from '../sim/world'

interface Held {
  at: Node
  bytes: number
  deliver: () => void
}

export class ClusterIpc {
  /** Messages sent, forwarded by a host the receiver had left, held while it was moving, lost. */
  sent = 0
  forwarded = 0
  held = 0
  lost = 0
  private readonly waiting = new Map<Process, Held[]>()

  constructor(private readonly world: World) {}

  /** Sends `bytes` from process `from` to process `to`; `deliver` runs when `to` has the message. */
  send(from: Process, to: Process, bytes: number, deliver: () => void): void {
    this.sent++
    const src = from.host
    if (src === to.host) {
      // Same host: a local copy, handed over one event later.
      this.world.sched.call(this.world.now, () => this.arrive(src, to, bytes, deliver))
      return
    }
    this.carry(src, to.host, to, bytes, deliver)
  }

  private carry(from: Node, at: Node, to: Process, bytes: number, deliver: () => void): void {
    this.world.kernel.send(from, at, bytes, () => this.arrive(at, to, bytes, deliver), IPC_PORT)
  }

  /** The message is in the kernel of `at`. */
  private arrive(at: Node, to: Process, bytes: number, deliver: () => void): void {
    if (!to.alive) {
      this.lost++
      return
    }
    if (to.phase === 'frozen' || to.phase === 'transferring') {
      this.held++
      let list = this.waiting.get(to)
      if (!list) {
        list = []
        this.waiting.set(to, list)
        to.observers.push({
          resumed: (p) => this.release(p),
          died: (p) => {
            this.lost += this.waiting.get(p)?.splice(0).length ?? 0
          },
        })
      }
      list.push({ at, bytes, deliver })
      return
    }
    if (to.host !== at) {
      this.forwarded++
      this.carry(at, to.host, to, bytes, deliver)
      return
    }
    deliver()
  }

  /** The process resumed: the messages held for it go on from where they waited. */
  private release(p: Process): void {
    const list = this.waiting.get(p)
    if (!list || list.length === 0) return
    const held = list.splice(0)
    for (const h of held) this.arrive(h.at, p, h.bytes, h.deliver)
  }
}

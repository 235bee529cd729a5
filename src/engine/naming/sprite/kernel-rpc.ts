// Sprite's kernel-to-kernel RPC (Welch 1986) as the IP server and a migrated process's kernel use
// it: requests and replies, each with Sprite's 64-byte RPC header (RpcHdr, sprite/kernel/rpc/
// rpcPacket.h), over a kernel link on a channel of their own. Between a process and the server on
// its own host the calls are local and cost no message.
//
// Messages for a process reach the kernel of the host they were addressed to; the kernel hands
// them over if the process runs there, keeps them with the process's state while it is frozen or
// in transfer (they go with it and are handed over when it resumes), and forwards them to the
// process's new host if it has left.

import type { Node } from '../../net/node'
import type { Process } from '../../proc/process'
import type { World } from '../../sim/world'

/** sizeof(RpcHdr) in Sprite's rpcPacket.h: "64 BYTES". */
export const RPC_HEADER = 64
/** rpcPacket.h RPC_MAX_DATASIZE: 16 fragments of 1 KiB; larger transfers take several RPCs. */
export const RPC_MAX_DATA = 16 * 1024

/** Bytes on the kernel link for an RPC carrying `data` bytes plus `params` (one header per RPC). */
export function rpcBytes(data: number, params = 0): number {
  return data + params + RPC_HEADER * Math.max(1, Math.ceil(data / RPC_MAX_DATA))
}
/** The kernel-link channel of pseudo-device RPCs (separate from migration and cluster IPC). */
export const SPRITE_RPC_PORT = 7702

export class KernelRpc {
  private readonly held = new Map<Process, (() => void)[]>()

  constructor(private readonly world: World) {}

  /** A one-way message of `bytes` from `from` to `to`; `arrived` runs at `to`. */
  send(from: Node, to: Node, bytes: number, arrived: () => void): void {
    if (from === to) this.world.sched.call(this.world.now, arrived)
    else this.world.kernel.send(from, to, bytes, arrived, SPRITE_RPC_PORT)
  }

  /** A request of `bytes` from `from` to `to`, served there; the reply's `answered` runs back at `from`. */
  request(
    from: Node,
    to: Node,
    bytes: number,
    serve: (answer: (replyBytes: number) => void) => void,
    answered: () => void,
  ): void {
    if (from === to) {
      this.world.sched.call(this.world.now, () => serve(() => this.world.sched.call(this.world.now, answered)))
      return
    }
    this.world.kernel.request(from, to, bytes, serve, answered, SPRITE_RPC_PORT)
  }

  /** Something for process `p` reached the kernel of `at`: run it where and when the process can take it. */
  atProcess(p: Process, at: Node, bytes: number, fn: () => void): void {
    if (!p.alive) return
    if (p.phase === 'frozen' || p.phase === 'transferring') {
      let list = this.held.get(p)
      if (!list) {
        list = []
        this.held.set(p, list)
      }
      list.push(fn)
      return
    }
    if (p.host !== at) {
      this.send(at, p.host, bytes, () => this.atProcess(p, p.host, bytes, fn))
      return
    }
    fn()
  }

  /** The process runs again: what was kept for it is handed over, in order. */
  release(p: Process): void {
    const list = this.held.get(p)
    if (!list || list.length === 0) return
    this.held.delete(p)
    for (const fn of list) this.atProcess(p, p.host, RPC_HEADER, fn)
  }
}

// One residual dependency of a process on a node (a home agent, a forwarder, a home machine),
// kept across moves: each move that leaves the process depending on the node closes the span
// attributed to the previous move and opens one for this move, so every migration record lists
// what it left the process depending on; a dependency still open at the end is permanent.

import type { Node } from '../net/node'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'

export class Residual {
  private index = -1
  private holder: Node | null = null

  constructor(
    private readonly world: World,
    private readonly process: string,
    readonly what: string,
  ) {}

  /** The node depended on, or null. */
  get node(): Node | null {
    return this.holder
  }

  /** From now the process depends on `node` because of move `m` (null: from the start). */
  hold(node: Node, m: MigrationRecord | null): void {
    this.release()
    this.holder = node
    this.index = this.world.recorder.residual(this.process, m ? m.id : -1, node.name, this.what, this.world.now)
  }

  /** The dependency ends now. */
  release(): void {
    if (this.index < 0) return
    this.world.recorder.endResidual(this.index, this.world.now)
    this.index = -1
    this.holder = null
  }
}

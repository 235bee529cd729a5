// Flushing (Sprite; Douglis & Ousterhout 1991): freeze, flush dirty pages to the network file
// server, move the kernel state, resume with no pages and demand-page the working set from the
// file server. F = T_s + M_d/B_fs; no dependency on the source host (the file server is one
// while the working set is paged in).

import type { MigrationContext, MigrationMechanism } from '../migrator'

export const flushing: MigrationMechanism = {
  id: 'flushing',
  run(ctx: MigrationContext): void {
    const p = ctx.process
    const fs = ctx.fileServer
    ctx.freeze()
    ctx.transferring()
    const dirty = p.memory.dirtyAt(ctx.now)
    const afterFlush = () =>
      ctx.moveKernelState(() => {
        ctx.resume()
        ctx.demandPage({
          server: fs,
          pages: p.memory.pagesOf(p.memory.touchedAfterResume),
          what: 'pages on the file server',
          done: () => ctx.complete(),
        })
      })
    // A source that is its own file server flushes to its local disk: nothing crosses the network.
    if (fs === ctx.from || dirty === 0) afterFlush()
    else ctx.send(ctx.from, fs, dirty, 'toServer', afterFlush)
  },
}

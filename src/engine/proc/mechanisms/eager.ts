// Eager migration (Milojičić et al. 2000 §4): freeze, copy, resume.
//   eager-all    the whole address space (LOCUS, Charlotte, checkpoint/restart): F = T_s + M/B, no dependency
//   eager-dirty  only dirty pages (MOSIX): F = T_s + M_d/B; clean pages of the working set are paged in
//                from backing store (the file server) afterwards

import type { MigrationContext, MigrationMechanism } from '../migrator'

export const eagerAll: MigrationMechanism = {
  id: 'eager-all',
  run(ctx: MigrationContext): void {
    const p = ctx.process
    ctx.freeze()
    ctx.transferring()
    ctx.send(ctx.from, ctx.to, p.memory.pages * p.memory.pageSize, 'memory', () =>
      ctx.moveKernelState(() => {
        ctx.resume()
        ctx.complete()
      }),
    )
  },
}

export const eagerDirty: MigrationMechanism = {
  id: 'eager-dirty',
  run(ctx: MigrationContext): void {
    const mem = ctx.process.memory
    ctx.freeze()
    ctx.transferring()
    const dirty = mem.dirtyAt(ctx.now)
    ctx.send(ctx.from, ctx.to, dirty, 'memory', () =>
      ctx.moveKernelState(() => {
        ctx.resume()
        // The touched pages are spread over the address space: the clean share of them comes
        // from backing store as it is touched.
        const cleanShare = 1 - dirty / (mem.pages * mem.pageSize)
        ctx.demandPage({
          server: ctx.fileServer,
          pages: Math.round(mem.pagesOf(mem.touchedAfterResume) * cleanShare),
          what: 'clean pages on backing store',
          done: () => ctx.complete(),
        })
      }),
    )
  },
}

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
    ctx.send(ctx.from, ctx.to, p.memory.size, 'memory', () =>
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
    const p = ctx.process
    ctx.freeze()
    ctx.transferring()
    const dirty = p.memory.dirtyAt(ctx.now)
    ctx.send(ctx.from, ctx.to, dirty, 'memory', () =>
      ctx.moveKernelState(() => {
        ctx.resume()
        // The clean part of the working set comes from backing store as it is touched.
        const cleanShare = 1 - dirty / p.memory.size
        const pages = Math.round(p.memory.pagesOf(p.memory.touchedAfterResume) * cleanShare)
        ctx.demandPage(
          ctx.fileServer,
          pages,
          'clean pages on backing store',
          () => false,
          () => ctx.complete(),
        )
      }),
    )
  },
}

// Copy-on-reference (Accent; Zayas 1987): freeze, move the kernel state, resume at once; each page
// is pulled from the source the first time it is touched. F = T_s; the source is a residual
// dependency until the last page of the working set has been fetched.

import type { MigrationContext, MigrationMechanism } from '../migrator'

export const copyOnReference: MigrationMechanism = {
  id: 'copy-on-reference',
  run(ctx: MigrationContext): void {
    const p = ctx.process
    ctx.freeze()
    ctx.transferring()
    ctx.moveKernelState(() => {
      ctx.resume()
      ctx.demandPage({
        server: ctx.from,
        pages: p.memory.pagesOf(p.memory.touchedAfterResume),
        what: 'pages on the source',
        done: () => ctx.complete(),
      })
    })
  },
}

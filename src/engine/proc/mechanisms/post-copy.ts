// Post-copy (Hines & Gopalan 2009): move the CPU and kernel state first and resume on the
// destination at once; the source then pushes every page in the background while pages the
// process touches before they arrive fault across the network. F = T_s; total ≈ T_s + M/B; each
// page moves once; the source is a residual dependency until the push is done (its failure loses
// the process).

import type { MigrationContext, MigrationMechanism } from '../migrator'

export const postCopy: MigrationMechanism = {
  id: 'post-copy',
  run(ctx: MigrationContext): void {
    const p = ctx.process
    const mem = p.memory
    const rng = p.host.net.rng(`post-copy:${p.name}:${ctx.record.id}`)
    ctx.freeze()
    ctx.transferring()
    ctx.moveKernelState(() => {
      ctx.resume()
      const total = mem.pages
      let pushed = 0
      let pushDone = total === 0
      let faultsDone = false
      const finish = () => {
        if (pushDone && faultsDone) ctx.complete()
      }
      // Background push, in chunks, in page order; the source is needed until it is done.
      const chunkPages = ctx.options.chunkPages
      const dependency = ctx.dependOn(ctx.from, 'pages not yet pushed')
      for (let first = 0; first < total; first += chunkPages) {
        const n = Math.min(chunkPages, total - first)
        ctx.send(ctx.from, ctx.to, n * mem.pageSize, 'memory', () => {
          pushed += n
          if (pushed >= total) {
            pushDone = true
            dependency()
            finish()
          }
        })
      }
      // Demand faults for touched pages that the push has not delivered yet.
      const touched = mem.pagesOf(mem.touchedAfterResume)
      ctx.demandPage(
        ctx.from,
        touched,
        'pages not yet pushed',
        () => rng.int(Math.max(1, total)) < pushed,
        () => {
          faultsDone = true
          finish()
        },
      )
    })
  },
}

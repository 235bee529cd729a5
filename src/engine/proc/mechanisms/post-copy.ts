// Post-copy (Hines & Gopalan 2009): move the CPU and kernel state first and resume on the
// destination at once; the source then pushes the pages in the background while pages the
// process touches before they arrive fault across the network. F = T_s; total ≈ T_s + M/B; each
// page moves about once: a page fetched by a fault is left out of the push, unless its push chunk
// was already on the wire (then it crosses twice); the source is a residual dependency until every
// page is on the destination (its failure loses the process).
//
// The push keeps two chunks in flight on the kernel link, so the link stays busy while the
// source still knows which pages faults have taken. Touched pages are distinct and spread over
// the address space: the next one is present with probability
// (pushed and not yet touched) / (not yet touched); a faulted page is on the wire with
// probability (in flight) / (in flight + not yet sent).

import type { MigrationContext, MigrationMechanism } from '../migrator'

/** Push chunks in flight at once. */
const PUSH_WINDOW = 2

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
      const chunkPages = ctx.options.chunkPages
      let pushed = 0
      let inFlight = 0
      let chunksInFlight = 0
      /** Pages fetched by faults before the push sent them (left out of the push). */
      let faulted = 0
      let touched = 0
      let touchedPresent = 0
      let done = false
      const dependency = ctx.dependOn(ctx.from, 'pages not yet pushed')
      const pushDone = () => {
        if (done) return
        done = true
        dependency()
        ctx.complete()
      }
      const pump = () => {
        while (chunksInFlight < PUSH_WINDOW) {
          const n = Math.min(chunkPages, total - pushed - inFlight - faulted)
          if (n <= 0) break
          inFlight += n
          chunksInFlight++
          ctx.send(ctx.from, ctx.to, n * mem.pageSize, 'memory', () => {
            inFlight -= n
            chunksInFlight--
            pushed += n
            if (pushed + faulted >= total) pushDone()
            else pump()
          })
        }
      }
      if (total === 0) pushDone()
      else pump()
      ctx.demandPage({
        server: ctx.from,
        pages: mem.pagesOf(mem.touchedAfterResume),
        what: 'pages not yet pushed',
        depend: false,
        present: () => {
          const present = rng.uniform() * (total - touched) < pushed - touchedPresent
          touched++
          if (present) touchedPresent++
          return present
        },
        fetched: () => {
          const unsent = total - pushed - inFlight - faulted
          if (rng.uniform() * (inFlight + unsent) < unsent) faulted++
          if (pushed + faulted >= total && inFlight === 0) pushDone()
        },
        // The move completes when the push does: by then every page is present.
        done: () => {},
      })
    })
  },
}

// `miglab list [--json]`: what a study can compare and run, with the ids a spec uses.
import type { Command } from 'commander'
import { AVAILABLE } from '../../engine/available'
import { ARCHITECTURES, type CatalogEntry, MECHANISMS, WORKLOADS } from '../../engine/catalog'

// Only what this version implements is listed (the catalog describes more than is built).
const only = (entries: readonly CatalogEntry[], ids: readonly string[]) => entries.filter((e) => ids.includes(e.id))
const SECTIONS = [
  {
    key: 'architectures',
    title: 'Naming architectures (compare.architectures)',
    entries: only(ARCHITECTURES, AVAILABLE.architectures),
  },
  {
    key: 'mechanisms',
    title: 'Migration mechanisms (compare.mechanisms)',
    entries: only(MECHANISMS, AVAILABLE.mechanisms),
  },
  { key: 'workloads', title: 'Workloads (workloads[].kind)', entries: only(WORKLOADS, AVAILABLE.workloads) },
] as const

const plain = (e: CatalogEntry) => ({ id: e.id, title: e.title, description: e.description })

export function registerList(program: Command): void {
  program
    .command('list')
    .description('list the naming architectures, migration mechanisms and workloads, with their ids')
    .option('--json', 'print { architectures, mechanisms, workloads } as JSON')
    .action((options: { json?: boolean }) => {
      if (options.json) {
        const out = Object.fromEntries(SECTIONS.map((s) => [s.key, s.entries.map(plain)]))
        console.log(JSON.stringify(out, null, 2))
        return
      }
      for (const [i, section] of SECTIONS.entries()) {
        if (i > 0) console.log('')
        console.log(section.title)
        const width = Math.max(...section.entries.map((e) => e.id.length))
        for (const e of section.entries) console.log(`  ${e.id.padEnd(width)}  ${e.title}: ${e.description}`)
      }
    })
}

// From the paths errors and overrides carry (`topology.links[3].latency`, `processes.shell.host`)
// to the element the editor shows them on, and the field inside it. Lists are addressed by index
// in error paths and by name in sweep-style paths; both are understood.
import { parsePath } from '../../../engine/scenario/errors'
import { type ElementKey, linkName, type SpecInput, topologyOf } from './spec-types'

export type Located =
  | { on: 'element'; key: ElementKey; field: string }
  | { on: 'event'; list: 'migrations' | 'policies' | 'failures'; index: number; field: string }
  | { on: 'study'; field: string }

const LISTS = {
  'topology.networks': 'network',
  'topology.nodes': 'node',
  'topology.links': 'link',
  processes: 'process',
  workloads: 'workload',
} as const

export function locate(spec: SpecInput, path: string): Located {
  const keys = parsePath(path)
  const t = topologyOf(spec)
  const lists: Record<keyof typeof LISTS, { name: string }[]> = {
    'topology.networks': t.networks,
    'topology.nodes': t.nodes,
    'topology.links': t.links.map((l) => ({ name: linkName(l) })),
    processes: spec.processes ?? [],
    workloads: spec.workloads ?? [],
  }
  for (const [prefix, kind] of Object.entries(LISTS) as [keyof typeof LISTS, (typeof LISTS)[keyof typeof LISTS]][]) {
    const depth = prefix.split('.').length
    if (keys.slice(0, depth).join('.') !== prefix || keys.length <= depth) continue
    const sel = keys[depth]!
    const element = typeof sel === 'number' ? lists[prefix][sel] : lists[prefix].find((e) => e.name === sel)
    const rest = keys.slice(depth + 1)
    if (!element) return { on: 'study', field: path }
    if (kind === 'node' && rest[0] === 'attach' && typeof rest[1] === 'number') {
      const net = t.nodes.find((n) => n.name === element.name)?.attach?.[rest[1]]?.network
      if (net) return { on: 'element', key: `attach:${element.name}/${net}`, field: rest.slice(2).join('.') }
    }
    return { on: 'element', key: `${kind}:${element.name}`, field: fieldPath(rest) }
  }
  const [head, index, ...rest] = keys
  if ((head === 'migrations' || head === 'policies' || head === 'failures') && typeof index === 'number') {
    return { on: 'event', list: head, index, field: fieldPath(rest) }
  }
  return { on: 'study', field: path }
}

/** `['memory', 'size']` -> `memory.size`; `['ranks', 2]` -> `ranks`. */
function fieldPath(rest: (string | number)[]): string {
  return rest.filter((k): k is string => typeof k === 'string').join('.')
}

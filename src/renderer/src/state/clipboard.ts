// Copy and paste of drawn elements. A copied fragment is plain spec data; pasting gives every
// element a fresh name (references inside the fragment follow) and shifts it on the canvas, so a
// pasted workstation group is a second group, not a second definition of the first.
import { freshName, usedNames } from './spec-edit'
import {
  type ElementKey,
  type LinkInput,
  linkName,
  type NetworkInput,
  type NodeInput,
  type ProcessInput,
  parseKey,
  type SpecInput,
  topologyOf,
} from './spec-types'

export interface Fragment {
  networks: NetworkInput[]
  nodes: NodeInput[]
  links: LinkInput[]
  processes: ProcessInput[]
}

/** The selected networks, nodes and processes, with the links and processes among them. */
export function copyFragment(spec: SpecInput, keys: Iterable<ElementKey>): Fragment {
  const names = { network: new Set<string>(), node: new Set<string>(), process: new Set<string>() }
  for (const k of keys) {
    const { kind, name } = parseKey(k)
    if (kind === 'network' || kind === 'node' || kind === 'process') names[kind].add(name)
  }
  const t = topologyOf(spec)
  return {
    networks: t.networks.filter((n) => names.network.has(n.name)),
    nodes: t.nodes.filter((n) => names.node.has(n.name)),
    links: t.links.filter((l) => names.node.has(l.a) && names.node.has(l.b)),
    processes: (spec.processes ?? []).filter((p) => names.process.has(p.name) || names.node.has(p.host)),
  }
}

export function isEmptyFragment(f: Fragment): boolean {
  return f.networks.length + f.nodes.length + f.processes.length === 0
}

const OFFSET = 40

/** Adds a fragment under fresh names; returns the new spec and the keys of what was pasted. */
export function pasteFragment(spec: SpecInput, f: Fragment): [SpecInput, ElementKey[]] {
  const used = usedNames(spec)
  const map = new Map<string, string>()
  const fresh = (name: string) => {
    const base = name.replace(/\d+$/, '') || name
    const n = freshName(base, used)
    used.add(n)
    map.set(name, n)
    return n
  }
  const shift = (p?: { x: number; y: number }) => (p ? { x: p.x + OFFSET, y: p.y + OFFSET } : undefined)
  const networks = f.networks.map((n) => ({ ...n, name: fresh(n.name), position: shift(n.position) }))
  const netName = (n: string) => map.get(n) ?? n
  const nodes = f.nodes.map((n) => ({
    ...n,
    name: fresh(n.name),
    position: shift(n.position),
    attach: (n.attach ?? []).map((a) => ({ ...a, network: netName(a.network) })),
  }))
  const nodeName = (n: string) => map.get(n) ?? n
  const links = f.links.map((l) => {
    const a = nodeName(l.a)
    const b = nodeName(l.b)
    const name = freshName(`${a}-${b}-`, used)
    used.add(name)
    return { ...l, a, b, name }
  })
  const processes = f.processes.map((p) => ({
    ...p,
    name: fresh(p.name),
    host: nodeName(p.host),
    ...(p.home !== undefined ? { home: nodeName(p.home) } : {}),
  }))
  const t = topologyOf(spec)
  const next: SpecInput = {
    ...spec,
    topology: { networks: [...t.networks, ...networks], nodes: [...t.nodes, ...nodes], links: [...t.links, ...links] },
    processes: [...(spec.processes ?? []), ...processes],
  }
  const keys = [
    ...networks.map((n) => `network:${n.name}`),
    ...nodes.map((n) => `node:${n.name}`),
    ...links.map((l) => `link:${linkName(l)}`),
    ...processes.map((p) => `process:${p.name}`),
  ]
  return [next, keys]
}

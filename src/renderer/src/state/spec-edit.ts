// Edits of the drawn spec, as pure functions from one spec to the next (the history keeps the old
// one). Every edit the canvas, the forms and the time strip make goes through here, and writes
// exactly the data a scenario script would write with the same API call, so the visual and the
// scripted part of a study stay one study. References follow renames, and deleting an element
// deletes what cannot exist without it (a host's links and processes, a process's migrations).
import {
  type AttachmentInput,
  type ElementKey,
  type FailureInput,
  type LinkInput,
  linkName,
  type MigrationInput,
  type NetworkInput,
  type NodeInput,
  type PolicyInput,
  type Position,
  type ProcessInput,
  parseKey,
  roleOf,
  type SpecInput,
  topologyOf,
  type WorkloadInput,
  type WorkloadKind,
} from './spec-types'

export const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** Every name in use, across categories (nodes and networks share a namespace in the engine). */
export function usedNames(spec: SpecInput): Set<string> {
  const t = topologyOf(spec)
  return new Set([
    ...t.networks.map((n) => n.name),
    ...t.nodes.map((n) => n.name),
    ...t.links.map(linkName),
    ...(spec.processes ?? []).map((p) => p.name),
    ...(spec.workloads ?? []).map((w) => w.name),
  ])
}

/** `base1`, `base2`, ... : the first not in `used`. */
export function freshName(base: string, used: Set<string>): string {
  for (let i = 1; ; i++) {
    const n = `${base}${i}`
    if (!used.has(n)) return n
  }
}

function withTopology(spec: SpecInput, t: Partial<ReturnType<typeof topologyOf>>): SpecInput {
  return { ...spec, topology: { ...topologyOf(spec), ...t } }
}

// ---- adding -------------------------------------------------------------------------------------

export function addNetwork(spec: SpecInput, kind: 'lan' | 'wan', position: Position): [SpecInput, string] {
  const name = freshName(kind === 'lan' ? 'lan' : 'wan', usedNames(spec))
  const net: NetworkInput = kind === 'wan' ? { name, kind, latency: '20ms', position } : { name, kind, position }
  return [withTopology(spec, { networks: [...topologyOf(spec).networks, net] }), name]
}

export function addNode(
  spec: SpecInput,
  kind: 'host' | 'router',
  position: Position,
  options: { base?: string; role?: NodeInput['role'] } = {},
): [SpecInput, string] {
  const name = freshName(options.base ?? (kind === 'router' ? 'r' : 'h'), usedNames(spec))
  const node: NodeInput = { name, kind, attach: [], position, ...(options.role ? { role: options.role } : {}) }
  return [withTopology(spec, { nodes: [...topologyOf(spec).nodes, node] }), name]
}

/** Puts an infrastructure agent (home agent, rendezvous server...) on a node, as agent(role, node) does. */
export function setAgent(spec: SpecInput, role: string, node: string | null): SpecInput {
  const agents = { ...(spec.agents ?? {}) }
  if (node === null) delete agents[role]
  else agents[role] = node
  return { ...spec, agents }
}

/** Links two elements: a node and a network by an attachment, two nodes by a point-to-point link. */
export function connect(
  spec: SpecInput,
  a: ElementKey,
  b: ElementKey,
): { ok: true; spec: SpecInput; created: ElementKey } | { ok: false; message: string } {
  const ka = parseKey(a)
  const kb = parseKey(b)
  if (a === b) return { ok: false, message: 'a link needs two different elements' }
  if (ka.kind === 'network' && kb.kind === 'network') {
    return { ok: false, message: 'two networks are joined by a router attached to both, not by a link' }
  }
  if (ka.kind === 'network' || kb.kind === 'network') {
    const node = ka.kind === 'node' ? ka.name : kb.name
    const network = ka.kind === 'network' ? ka.name : kb.name
    const t = topologyOf(spec)
    const n = t.nodes.find((x) => x.name === node)
    if (!n) return { ok: false, message: `"${node}" is not a host or router` }
    if ((n.attach ?? []).some((x) => x.network === network)) {
      return { ok: false, message: `"${node}" is already attached to "${network}"` }
    }
    const nodes = t.nodes.map((x) => (x === n ? { ...x, attach: [...(x.attach ?? []), { network }] } : x))
    return { ok: true, spec: withTopology(spec, { nodes }), created: `attach:${node}/${network}` }
  }
  if (ka.kind !== 'node' || kb.kind !== 'node') return { ok: false, message: 'links join hosts, routers and networks' }
  const t = topologyOf(spec)
  if (t.links.some((l) => (l.a === ka.name && l.b === kb.name) || (l.a === kb.name && l.b === ka.name))) {
    return { ok: false, message: `"${ka.name}" and "${kb.name}" are already linked` }
  }
  const used = usedNames(spec)
  let name = `${ka.name}-${kb.name}`
  if (used.has(name)) name = freshName(`${name}-`, used)
  const link: LinkInput = { name, a: ka.name, b: kb.name, bandwidth: '100Mbps', latency: '1ms' }
  return { ok: true, spec: withTopology(spec, { links: [...t.links, link] }), created: `link:${name}` }
}

export function addProcess(spec: SpecInput, host: string): [SpecInput, string] {
  const name = freshName('proc', usedNames(spec))
  const p: ProcessInput = { name, host, memory: { size: '64MB', dirtyRate: '1MB/s' } }
  return [{ ...spec, processes: [...(spec.processes ?? []), p] }, name]
}

/** The remote nodes a workload's peer may be (hosts outside the cluster), in drawing order. */
export function remoteHosts(spec: SpecInput): string[] {
  const t = topologyOf(spec)
  return t.nodes.filter((n) => n.kind === 'host' && roleOf(n, t.networks) === 'remote').map((n) => n.name)
}

export function clusterHosts(spec: SpecInput): string[] {
  const t = topologyOf(spec)
  return t.nodes.filter((n) => n.kind === 'host' && roleOf(n, t.networks) === 'cluster').map((n) => n.name)
}

/** A workload of a kind for a process, with the schema's required fields filled sensibly. */
export function addWorkload(spec: SpecInput, kind: WorkloadKind, process: string): [SpecInput, string] {
  const name = freshName(kind, usedNames(spec))
  const peer = remoteHosts(spec)[0] ?? ''
  const w: WorkloadInput =
    kind === 'interactive'
      ? { kind, name, process, client: peer }
      : kind === 'bsp'
        ? { kind, name, ranks: [process], compute: { dist: 'constant', value: '10ms' } }
        : kind === 'web'
          ? { kind, name, servers: [process], clients: [{ node: peer }] }
          : { kind, name, process, peer }
  return [{ ...spec, workloads: [...(spec.workloads ?? []), w] }, name]
}

/** The names of the processes a workload involves. */
export function workloadProcesses(w: WorkloadInput): string[] {
  if (w.kind === 'bsp') return w.ranks
  if (w.kind === 'web') return w.servers
  return [w.process]
}

/** The remote nodes a workload talks to. */
export function workloadPeers(w: WorkloadInput): string[] {
  if (w.kind === 'interactive') return [w.client]
  if (w.kind === 'bulk') return [w.peer]
  if (w.kind === 'web') return w.clients.map((c) => c.node)
  return (w.external ?? []).map((x) => x.peer)
}

// ---- events on the time strip -------------------------------------------------------------------

export function addMigration(spec: SpecInput, m: MigrationInput): [SpecInput, number] {
  const list = spec.migrations ?? []
  return [{ ...spec, migrations: [...list, m] }, list.length]
}

export function updateMigration(spec: SpecInput, index: number, patch: Partial<MigrationInput>): SpecInput {
  return { ...spec, migrations: (spec.migrations ?? []).map((m, i) => (i === index ? { ...m, ...patch } : m)) }
}

export function addPolicy(spec: SpecInput, p: PolicyInput): [SpecInput, number] {
  const list = spec.policies ?? []
  return [{ ...spec, policies: [...list, p] }, list.length]
}

export function updatePolicy(spec: SpecInput, index: number, p: PolicyInput): SpecInput {
  return { ...spec, policies: (spec.policies ?? []).map((x, i) => (i === index ? p : x)) }
}

export function addFailure(spec: SpecInput, f: FailureInput): [SpecInput, number] {
  const list = spec.failures ?? []
  return [{ ...spec, failures: [...list, f] }, list.length]
}

export function updateFailure(spec: SpecInput, index: number, patch: Partial<FailureInput>): SpecInput {
  return { ...spec, failures: (spec.failures ?? []).map((f, i) => (i === index ? { ...f, ...patch } : f)) }
}

export type EventRef = { list: 'migrations' | 'policies' | 'failures'; index: number }

/** Sets one field of an event; undefined removes it (a failure that never recovers). */
export function setEventField(spec: SpecInput, e: EventRef, field: string, value: unknown): SpecInput {
  return {
    ...spec,
    [e.list]: ((spec[e.list] ?? []) as Record<string, unknown>[]).map((x, i) => {
      if (i !== e.index) return x
      const next = { ...x, [field]: value }
      if (value === undefined) delete next[field]
      return next
    }),
  }
}

export function removeEvent(spec: SpecInput, e: EventRef): SpecInput {
  return { ...spec, [e.list]: ((spec[e.list] ?? []) as unknown[]).filter((_, i) => i !== e.index) }
}

// ---- changing -----------------------------------------------------------------------------------

/** Replaces one element (found by key) with `next`, leaving everything else as it is. */
export function replaceElement(spec: SpecInput, key: ElementKey, next: (old: any) => any): SpecInput {
  const { kind, name } = parseKey(key)
  const t = topologyOf(spec)
  switch (kind) {
    case 'network':
      return withTopology(spec, { networks: t.networks.map((n) => (n.name === name ? next(n) : n)) })
    case 'node':
      return withTopology(spec, { nodes: t.nodes.map((n) => (n.name === name ? next(n) : n)) })
    case 'link':
      return withTopology(spec, { links: t.links.map((l) => (linkName(l) === name ? next(l) : l)) })
    case 'attach': {
      const [node, network] = name.split('/')
      return withTopology(spec, {
        nodes: t.nodes.map((n) =>
          n.name === node
            ? { ...n, attach: (n.attach ?? []).map((a: AttachmentInput) => (a.network === network ? next(a) : a)) }
            : n,
        ),
      })
    }
    case 'process':
      return { ...spec, processes: (spec.processes ?? []).map((p) => (p.name === name ? next(p) : p)) }
    case 'workload':
      return { ...spec, workloads: (spec.workloads ?? []).map((w) => (w.name === name ? next(w) : w)) }
  }
}

/** The drawn element a key names, or undefined (a generated one, or a stale key). */
export function findElement(spec: SpecInput, key: ElementKey): any {
  const { kind, name } = parseKey(key)
  const t = topologyOf(spec)
  switch (kind) {
    case 'network':
      return t.networks.find((n) => n.name === name)
    case 'node':
      return t.nodes.find((n) => n.name === name)
    case 'link':
      return t.links.find((l) => linkName(l) === name)
    case 'attach': {
      const [node, network] = name.split('/')
      return t.nodes.find((n) => n.name === node)?.attach?.find((a) => a.network === network)
    }
    case 'process':
      return (spec.processes ?? []).find((p) => p.name === name)
    case 'workload':
      return (spec.workloads ?? []).find((w) => w.name === name)
  }
}

/** Sets a field at a dot path inside an element (`memory.size`); undefined removes it. */
export function setField(spec: SpecInput, key: ElementKey, path: string, value: unknown): SpecInput {
  return replaceElement(spec, key, (el) => setIn(el, path.split('.'), value))
}

function setIn(obj: any, path: string[], value: unknown): any {
  const [head, ...rest] = path
  const copy = Array.isArray(obj) ? [...obj] : { ...(obj ?? {}) }
  if (rest.length === 0) {
    if (value === undefined) delete copy[head!]
    else copy[head!] = value
  } else copy[head!] = setIn(copy[head!], rest, value)
  return copy
}

export function moveElements(spec: SpecInput, positions: Map<ElementKey, Position>): SpecInput {
  const t = topologyOf(spec)
  const at = (kind: string, name: string) => positions.get(`${kind}:${name}`)
  return withTopology(spec, {
    networks: t.networks.map((n) => {
      const p = at('network', n.name)
      return p ? { ...n, position: p } : n
    }),
    nodes: t.nodes.map((n) => {
      const p = at('node', n.name)
      return p ? { ...n, position: p } : n
    }),
  })
}

/** Renames an element and every reference to it. */
export function rename(spec: SpecInput, key: ElementKey, to: string): SpecInput {
  const { kind, name: from } = parseKey(key)
  const r = (n: string) => (n === from ? to : n)
  const t = topologyOf(spec)
  if (kind === 'network') {
    return withTopology(spec, {
      networks: t.networks.map((n) => (n.name === from ? { ...n, name: to } : n)),
      nodes: t.nodes.map((n) => ({ ...n, attach: (n.attach ?? []).map((a) => ({ ...a, network: r(a.network) })) })),
    })
  }
  if (kind === 'link') {
    return {
      ...withTopology(spec, { links: t.links.map((l) => (linkName(l) === from ? { ...l, name: to } : l)) }),
      failures: (spec.failures ?? []).map((f) => (f.kind === 'link' ? { ...f, target: r(f.target) } : f)),
    }
  }
  if (kind === 'node') {
    const agents = Object.fromEntries(Object.entries(spec.agents ?? {}).map(([k, v]) => [k, r(v)]))
    return {
      ...withTopology(spec, {
        nodes: t.nodes.map((n) => (n.name === from ? { ...n, name: to } : n)),
        links: t.links.map((l) => ({ ...l, a: r(l.a), b: r(l.b) })),
      }),
      processes: (spec.processes ?? []).map((p) => ({
        ...p,
        host: r(p.host),
        ...(p.home !== undefined ? { home: r(p.home) } : {}),
      })),
      workloads: (spec.workloads ?? []).map((w) => renameInWorkload(w, { node: r })),
      migrations: (spec.migrations ?? []).map((m) => ({ ...m, to: r(m.to) })),
      policies: (spec.policies ?? []).map((p) =>
        p.kind === 'eviction'
          ? { ...p, host: r(p.host), ...(p.targets ? { targets: p.targets.map(r) } : {}) }
          : { ...p, ...(p.hosts ? { hosts: p.hosts.map(r) } : {}) },
      ),
      failures: (spec.failures ?? []).map((f) => (f.kind === 'node' ? { ...f, target: r(f.target) } : f)),
      agents,
    }
  }
  if (kind === 'process') {
    return {
      ...spec,
      processes: (spec.processes ?? []).map((p) => (p.name === from ? { ...p, name: to } : p)),
      workloads: (spec.workloads ?? []).map((w) => renameInWorkload(w, { process: r })),
      migrations: (spec.migrations ?? []).map((m) => ({ ...m, process: r(m.process) })),
    }
  }
  if (kind === 'workload') {
    return { ...spec, workloads: (spec.workloads ?? []).map((w) => (w.name === from ? { ...w, name: to } : w)) }
  }
  return spec
}

type Renamer = (n: string) => string

function renameInWorkload(w: WorkloadInput, r: { node?: Renamer; process?: Renamer }): WorkloadInput {
  const node = r.node ?? ((n: string) => n)
  const proc = r.process ?? ((n: string) => n)
  switch (w.kind) {
    case 'interactive':
      return { ...w, process: proc(w.process), client: node(w.client) }
    case 'bulk':
      return { ...w, process: proc(w.process), peer: node(w.peer) }
    case 'web':
      return { ...w, servers: w.servers.map(proc), clients: w.clients.map((c) => ({ ...c, node: node(c.node) })) }
    case 'bsp':
      return {
        ...w,
        ranks: w.ranks.map(proc),
        ...(w.external ? { external: w.external.map((x) => ({ ...x, rank: proc(x.rank), peer: node(x.peer) })) } : {}),
      }
  }
}

// ---- deleting -----------------------------------------------------------------------------------

/**
 * Deletes elements and what depends on them: a node's links, processes, agents and events; a
 * network's attachments; a process's migrations and the workloads it alone carries.
 */
export function deleteElements(spec: SpecInput, keys: Iterable<ElementKey>): SpecInput {
  const del = { network: new Set<string>(), node: new Set<string>(), link: new Set<string>() }
  const attach = new Set<string>()
  const procs = new Set<string>()
  const loads = new Set<string>()
  for (const key of keys) {
    const { kind, name } = parseKey(key)
    if (kind === 'network' || kind === 'node' || kind === 'link') del[kind].add(name)
    else if (kind === 'attach') attach.add(name)
    else if (kind === 'process') procs.add(name)
    else loads.add(name)
  }
  const t = topologyOf(spec)
  for (const p of spec.processes ?? []) if (del.node.has(p.host)) procs.add(p.name)
  const nodes = t.nodes
    .filter((n) => !del.node.has(n.name))
    .map((n) => {
      const kept = (n.attach ?? []).filter((a) => !del.network.has(a.network) && !attach.has(`${n.name}/${a.network}`))
      return kept.length === (n.attach ?? []).length ? n : { ...n, attach: kept }
    })
  const links = t.links.filter((l) => !del.link.has(linkName(l)) && !del.node.has(l.a) && !del.node.has(l.b))
  const kept = new Set(links.map(linkName))
  const removedLinks = new Set(t.links.map(linkName).filter((n) => !kept.has(n)))
  const workloads = (spec.workloads ?? []).flatMap((w): WorkloadInput[] => {
    if (loads.has(w.name)) return []
    if (w.kind === 'bsp') {
      const ranks = w.ranks.filter((r) => !procs.has(r))
      if (ranks.length === 0) return []
      const external = (w.external ?? []).filter((x) => !procs.has(x.rank) && !del.node.has(x.peer))
      return [{ ...w, ranks, ...(w.external ? { external } : {}) }]
    }
    if (w.kind === 'web') {
      const servers = w.servers.filter((s) => !procs.has(s))
      const clients = w.clients.filter((c) => !del.node.has(c.node))
      return servers.length === 0 || clients.length === 0 ? [] : [{ ...w, servers, clients }]
    }
    return workloadProcesses(w).some((p) => procs.has(p)) || workloadPeers(w).some((n) => del.node.has(n)) ? [] : [w]
  })
  const agents = Object.fromEntries(Object.entries(spec.agents ?? {}).filter(([, n]) => !del.node.has(n)))
  return {
    ...withTopology(spec, { networks: t.networks.filter((n) => !del.network.has(n.name)), nodes, links }),
    processes: (spec.processes ?? []).filter((p) => !procs.has(p.name)),
    workloads,
    migrations: (spec.migrations ?? []).filter((m) => !procs.has(m.process) && !del.node.has(m.to)),
    policies: (spec.policies ?? []).filter((p) => p.kind !== 'eviction' || !del.node.has(p.host)),
    failures: (spec.failures ?? []).filter((f) =>
      f.kind === 'node' ? !del.node.has(f.target) : !removedLinks.has(f.target),
    ),
    agents,
  }
}

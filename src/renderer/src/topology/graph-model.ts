// The canvas's picture of a study, as plain Cytoscape element definitions: the drawn topology, the
// elements the script generates (marked), processes under their hosts, attachments, links and the
// workload conversations between processes and remote peers. Pure, so the canvas can diff it
// against what is drawn and touch only what changed (a 2,000-node topology stays cheap to edit).
import type { ScenarioSpec } from '../../../engine/scenario/spec'
import type { Problems } from '../state/problems'
import { workloadPeers, workloadProcesses } from '../state/spec-edit'
import { type ElementKey, linkName, type Position, roleOf, type SpecInput, topologyOf } from '../state/spec-types'
import { agentTitle } from './agents'

export interface GraphElement {
  group: 'nodes' | 'edges'
  data: {
    id: string
    label: string
    source?: string
    target?: string
    /** For process nodes: the host they sit under and their place in its stack. */
    host?: string
    slot?: number
    error?: string
  }
  classes: string
  position?: Position
}

export interface GraphInput {
  drawn: SpecInput
  /** The last compiled spec without errors (holds the script's generated elements). */
  compiled: ScenarioSpec | null
  problems: Problems
}

const PROCESS_OFFSET = 34
const PROCESS_STEP = 20

export function processPosition(host: Position, slot: number): Position {
  return { x: host.x, y: host.y + PROCESS_OFFSET + slot * PROCESS_STEP }
}

function short(list: string[]): string {
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} +${list.length - 2}` : list.join(', ')
}

export function buildGraph({ drawn, compiled, problems }: GraphInput): GraphElement[] {
  const t = topologyOf(drawn)
  // What to draw: the drawn elements, then the ones only the compiled spec has (the script's).
  const drawnNames = {
    network: new Set(t.networks.map((n) => n.name)),
    node: new Set(t.nodes.map((n) => n.name)),
    link: new Set(t.links.map(linkName)),
    process: new Set((drawn.processes ?? []).map((p) => p.name)),
  }
  const ct = compiled?.topology
  const networks = [
    ...t.networks.map((n) => ({ n, generated: false })),
    ...(ct?.networks ?? []).filter((n) => !drawnNames.network.has(n.name)).map((n) => ({ n, generated: true })),
  ]
  // Drawn elements are shown as drawn (the compiled spec may be a moment behind an edit); what the
  // script changes in them is marked as overridden.
  const nodes = [
    ...t.nodes.map((n) => ({ n, generated: false })),
    ...(ct?.nodes ?? []).filter((n) => !drawnNames.node.has(n.name)).map((n) => ({ n, generated: true })),
  ]
  const links = [
    ...t.links.map((l) => ({ l, generated: false })),
    ...(ct?.links ?? []).filter((l) => !drawnNames.link.has(linkName(l))).map((l) => ({ l, generated: true })),
  ]
  const processes = [
    ...(drawn.processes ?? []).map((p) => ({ p, generated: false })),
    ...(compiled?.processes ?? []).filter((p) => !drawnNames.process.has(p.name)).map((p) => ({ p, generated: true })),
  ]
  const drawnWorkloads = new Set((drawn.workloads ?? []).map((w) => w.name))
  const workloads = [
    ...(drawn.workloads ?? []).map((w) => ({ w, generated: false })),
    ...(compiled?.workloads ?? []).filter((w) => !drawnWorkloads.has(w.name)).map((w) => ({ w, generated: true })),
  ]
  const agents = new Map<string, string[]>()
  for (const [role, node] of Object.entries({ ...compiled?.agents, ...drawn.agents })) {
    agents.set(node, [...(agents.get(node) ?? []), agentTitle(role)])
  }

  const allNetworks = networks.map((x) => x.n)
  const positions = new Map<string, Position>()
  const out: GraphElement[] = []
  const marks = (key: ElementKey, generated: boolean): { classes: string[]; error?: string } => {
    const classes: string[] = []
    if (generated) classes.push('generated')
    if (problems.overridden.has(key)) classes.push('overridden')
    const errs = problems.byElement.get(key)
    if (errs?.length) {
      classes.push('invalid')
      return { classes, error: errs.map((e) => e.message).join('\n') }
    }
    return { classes }
  }

  // Elements the script adds without a position go in a row under the first network they are
  // attached to, or else in a column right of the drawing.
  const drawnXs = [...t.networks, ...t.nodes].flatMap((e) => (e.position ? [e.position.x] : []))
  let freeX = (drawnXs.length ? Math.max(...drawnXs) : 0) + 160
  let freeY = 0
  const rows = new Map<string, number>()
  const place = (p: Position | undefined, near?: string): Position => {
    if (p) return p
    const anchor = near ? positions.get(near) : undefined
    if (anchor && near) {
      const k = rows.get(near) ?? 0
      rows.set(near, k + 1)
      return { x: anchor.x - 100 + k * 100, y: anchor.y + 220 }
    }
    const at = { x: freeX, y: freeY }
    freeY += 70
    if (freeY > 700) {
      freeY = 0
      freeX += 140
    }
    return at
  }

  for (const { n, generated } of networks) {
    const key = `network:${n.name}`
    const m = marks(key, generated)
    const position = place(n.position)
    positions.set(n.name, position)
    out.push({
      group: 'nodes',
      data: { id: key, label: n.name, ...(m.error ? { error: m.error } : {}) },
      classes: [n.kind, ...m.classes].join(' '),
      position,
    })
  }
  for (const { n, generated } of nodes) {
    const key = `node:${n.name}`
    const m = marks(key, generated)
    const position = place(n.position, n.attach?.[0]?.network)
    positions.set(n.name, position)
    const hosted = agents.get(n.name)
    const role = roleOf(n, allNetworks)
    out.push({
      group: 'nodes',
      data: {
        id: key,
        label: hosted ? `${n.name}\n★ ${short(hosted)}` : n.name,
        ...(m.error ? { error: m.error } : {}),
      },
      classes: [n.kind, role, n.legacy ? 'legacy' : '', hosted ? 'agent' : '', ...m.classes].filter(Boolean).join(' '),
      position,
    })
    for (const a of n.attach ?? []) {
      const akey = `attach:${n.name}/${a.network}`
      const am = marks(akey, generated)
      const over = [a.latency, a.bandwidth].filter(Boolean).join(' · ')
      out.push({
        group: 'edges',
        data: {
          id: akey,
          label: over,
          source: key,
          target: `network:${a.network}`,
          ...(am.error ? { error: am.error } : {}),
        },
        classes: ['attach', ...am.classes].join(' '),
      })
    }
  }
  for (const { l, generated } of links) {
    const name = linkName(l)
    const key = `link:${name}`
    const m = marks(key, generated)
    out.push({
      group: 'edges',
      data: {
        id: key,
        label: `${l.latency} · ${l.bandwidth}`,
        source: `node:${l.a}`,
        target: `node:${l.b}`,
        ...(m.error ? { error: m.error } : {}),
      },
      classes: ['link', ...m.classes].join(' '),
    })
  }
  const slots = new Map<string, number>()
  for (const { p, generated } of processes) {
    const key = `process:${p.name}`
    const m = marks(key, generated)
    const slot = slots.get(p.host) ?? 0
    slots.set(p.host, slot + 1)
    const host = positions.get(p.host)
    out.push({
      group: 'nodes',
      data: { id: key, label: p.name, host: p.host, slot, ...(m.error ? { error: m.error } : {}) },
      classes: ['process', ...m.classes].join(' '),
      position: host ? processPosition(host, slot) : place(undefined),
    })
  }
  const procNames = new Set(processes.map((x) => x.p.name))
  const nodeNames = new Set(nodes.map((x) => x.n.name))
  for (const { w, generated } of workloads) {
    const key = `workload:${w.name}`
    const m = marks(key, generated)
    const from = workloadProcesses(w).filter((p) => procNames.has(p))
    const to = workloadPeers(w).filter((n) => nodeNames.has(n))
    from.forEach((p, i) => {
      to.forEach((peer, j) => {
        out.push({
          group: 'edges',
          data: {
            id: `${key}#${i}.${j}`,
            label: i === 0 && j === 0 ? `${w.name} (${w.kind})` : '',
            source: `process:${p}`,
            target: `node:${peer}`,
            ...(m.error ? { error: m.error } : {}),
          },
          classes: ['workload', ...m.classes].join(' '),
        })
      })
    })
  }
  return out
}

/** The element key a canvas id stands for (workload edges carry a suffix per conversation). */
export function keyOfCanvasId(id: string): ElementKey {
  const hash = id.indexOf('#')
  return hash < 0 ? id : id.slice(0, hash)
}

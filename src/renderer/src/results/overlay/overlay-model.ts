// The topology overlay as plain Cytoscape elements: copies of a run's topology side by side on one
// canvas (a row per run, a column per phase: before and after the move), and on each copy the
// traffic the rerun counted — an edge per kind of traffic on every hop it crossed (data, tunnelled,
// signalling, ARP, dropped), thicker with more packets — the moved process on its host, and the
// nodes that held state for it (residual dependencies) during that window. Pure, so it is tested
// in Node.
import type { PacketKind } from '../../../../engine/metrics/packet-trace'
import type { MigrationRecord } from '../../../../engine/run/result'
import type { TopologySpec } from '../../../../engine/scenario/spec'
import type { TrafficWindow } from '../../../../service/api'

export type TrafficKind = PacketKind | 'dropped'

export const TRAFFIC_KINDS: TrafficKind[] = ['data', 'tunnelled', 'signalling', 'arp', 'dropped']

export interface OverlayElement {
  group: 'nodes' | 'edges'
  data: Record<string, string | number>
  classes: string
  position?: { x: number; y: number }
}

/** One copy of the topology on the canvas. */
export interface OverlayPanel {
  /** Prefix of its element ids, e.g. "r0c1". */
  id: string
  title: string
  topology: TopologySpec
  traffic: TrafficWindow
  process: { name: string; host: string } | null
  /** Nodes holding state for the moved process during the window, with what they hold. */
  residual: Map<string, string[]>
}

export interface OverlayLayout {
  elements: OverlayElement[]
  /** Hops the counts name that the drawn topology has no edge for (virtual networks, say). */
  unplaced: string[]
}

const GAP = 110
const TITLE_GAP = 56

/** Where each node and network sits: its drawn position, or a row below the others if it has none. */
export function positions(t: TopologySpec): Map<string, { x: number; y: number }> {
  const at = new Map<string, { x: number; y: number }>()
  const all = [...t.networks, ...t.nodes]
  let maxY = 0
  for (const e of all) if (e.position) maxY = Math.max(maxY, e.position.y)
  let next = 0
  for (const e of all) {
    if (e.position) at.set(e.name, { x: e.position.x, y: e.position.y })
    else at.set(e.name, { x: 100 * next++, y: maxY + 120 })
  }
  return at
}

/** The residual dependencies of `process` that overlap [from, to], by node. */
export function residualAt(
  migrations: readonly MigrationRecord[],
  process: string,
  from: number,
  to: number,
): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const m of migrations) {
    if (m.process !== process) continue
    for (const r of m.residualDependencies) {
      if (r.from > to || (r.until !== null && r.until < from)) continue
      const list = out.get(r.node) ?? []
      if (!list.includes(r.what)) list.push(r.what)
      out.set(r.node, list)
    }
  }
  return out
}

/** An edge's width for `packets` packets: logarithmic, so a bulk stream does not hide a signal. */
export function widthOf(packets: number): number {
  return Math.min(12, 1.5 + 2.2 * Math.log10(1 + packets))
}

const pair = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`)

/** Lays out `panels` in a grid of `columns` and builds every element. */
export function overlayElements(panels: readonly OverlayPanel[], columns: number): OverlayLayout {
  const elements: OverlayElement[] = []
  const unplaced = new Set<string>()
  if (panels.length === 0) return { elements, unplaced: [] }
  // One cell size for all copies: the largest topology's extent.
  let w = 0
  let h = 0
  const places = panels.map((p) => positions(p.topology))
  for (const at of places) {
    const xs = [...at.values()].map((q) => q.x)
    const ys = [...at.values()].map((q) => q.y)
    w = Math.max(w, Math.max(...xs) - Math.min(...xs))
    h = Math.max(h, Math.max(...ys) - Math.min(...ys))
  }
  panels.forEach((panel, i) => {
    const at = places[i]
    const minX = Math.min(...[...at.values()].map((q) => q.x))
    const minY = Math.min(...[...at.values()].map((q) => q.y))
    const dx = (i % columns) * (w + GAP + 120) - minX
    const dy = Math.floor(i / columns) * (h + GAP + TITLE_GAP + 60) - minY + TITLE_GAP
    const id = (name: string) => `${panel.id}:${name}`
    const pos = (name: string) => {
      const q = at.get(name)!
      return { x: q.x + dx, y: q.y + dy }
    }
    elements.push({
      group: 'nodes',
      data: { id: `${panel.id}:title`, label: panel.title },
      classes: 'title',
      position: { x: minX + dx + w / 2, y: minY + dy - TITLE_GAP },
    })
    const lans = new Set(panel.topology.networks.filter((n) => n.kind === 'lan').map((n) => n.name))
    for (const n of panel.topology.networks) {
      elements.push({
        group: 'nodes',
        data: { id: id(n.name), label: n.name },
        classes: `net ${n.kind}`,
        position: pos(n.name),
      })
    }
    const edges = new Map<string, { a: string; b: string; kind: 'attach' | 'link' }>()
    for (const n of panel.topology.nodes) {
      const role =
        n.role ??
        (n.kind === 'router' ? 'infrastructure' : n.attach.some((a) => lans.has(a.network)) ? 'cluster' : 'remote')
      const holds = panel.residual.get(n.name)
      elements.push({
        group: 'nodes',
        data: { id: id(n.name), label: holds ? `${n.name}\nholds: ${holds.join(', ')}` : n.name },
        classes: `${n.kind} ${role}${holds ? ' residual' : ''}`,
        position: pos(n.name),
      })
      for (const a of n.attach) edges.set(pair(n.name, a.network), { a: n.name, b: a.network, kind: 'attach' })
    }
    for (const l of panel.topology.links) edges.set(pair(l.a, l.b), { a: l.a, b: l.b, kind: 'link' })
    for (const [k, e] of edges) {
      elements.push({
        group: 'edges',
        data: { id: `${panel.id}:e:${k}`, source: id(e.a), target: id(e.b) },
        classes: `topo ${e.kind}`,
      })
    }
    // Traffic: both directions of a hop on one edge per kind.
    const byEdge = new Map<string, { a: string; b: string; kind: TrafficKind; packets: number; bytes: number }>()
    for (const hop of panel.traffic.hops) {
      const k = pair(hop.from, hop.to)
      const e = edges.get(k)
      if (!e) {
        unplaced.add(hop.hop)
        continue
      }
      const add = (kind: TrafficKind, packets: number, bytes: number) => {
        if (packets === 0) return
        const key = `${k}\u0000${kind}`
        const cur = byEdge.get(key) ?? { a: e.a, b: e.b, kind, packets: 0, bytes: 0 }
        cur.packets += packets
        cur.bytes += bytes
        byEdge.set(key, cur)
      }
      add(hop.kind, hop.packets, hop.bytes)
      add('dropped', hop.dropped, 0)
    }
    for (const [key, t] of byEdge) {
      elements.push({
        group: 'edges',
        data: {
          id: `${panel.id}:t:${key}`,
          source: id(t.a),
          target: id(t.b),
          label: t.kind === 'data' || t.kind === 'arp' ? '' : String(t.packets),
          packets: t.packets,
          bytes: t.bytes,
          width: widthOf(t.packets),
        },
        classes: `traffic ${t.kind}`,
      })
    }
    if (panel.process) {
      const host = pos(panel.process.host)
      elements.push({
        group: 'nodes',
        data: { id: id(`process:${panel.process.name}`), label: panel.process.name },
        classes: 'process',
        position: { x: host.x, y: host.y + 36 },
      })
    }
  })
  return { elements, unplaced: [...unplaced].sort() }
}

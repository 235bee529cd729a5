// A picture of the study's topology for the report: nodes at the positions the editor saved,
// LANs as buses, WANs as clouds, attachments and point-to-point links as lines, roles in colour
// (and in the legend, for grayscale print). Elements without a position are placed on a circle,
// in spec order, so the picture is still deterministic. Hand-written SVG: it is a diagram, not a
// chart, and needs nothing ECharts offers.

import type { ScenarioSpec } from '../scenario/spec'
import { FONT_FAMILY, INK } from './style'
import { escapeXml } from './xml'

type Role = 'cluster' | 'remote' | 'infrastructure'

const ROLE_FILL: Record<Role, string> = { cluster: '#c6dbef', remote: '#fdd0a2', infrastructure: '#e5e5e5' }

function roleOf(spec: ScenarioSpec, name: string): Role {
  const node = spec.topology.nodes.find((n) => n.name === name)!
  if (node.role) return node.role
  if (node.kind === 'router') return 'infrastructure'
  const onLan = node.attach.some((a) => spec.topology.networks.find((n) => n.name === a.network)?.kind === 'lan')
  return onLan ? 'cluster' : 'remote'
}

export function topologySvg(spec: ScenarioSpec, width = 516): string {
  const { networks, nodes, links } = spec.topology
  const all = [...networks.map((n) => n.name), ...nodes.map((n) => n.name)]
  const raw = new Map<string, { x: number; y: number }>()
  const positioned = [...networks, ...nodes]
  positioned.forEach((e, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, all.length)
    raw.set(e.name, e.position ?? { x: 300 + 250 * Math.cos(angle), y: 200 + 150 * Math.sin(angle) })
  })
  const xs = [...raw.values()].map((p) => p.x)
  const ys = [...raw.values()].map((p) => p.y)
  const pad = 40
  const spanX = Math.max(1, Math.max(...xs) - Math.min(...xs))
  const spanY = Math.max(1, Math.max(...ys) - Math.min(...ys))
  const scale = Math.min((width - 2 * pad) / spanX, 2)
  const height = Math.round(Math.max(120, spanY * scale + 2 * pad + 20))
  const offsetX = (width - spanX * scale) / 2
  const at = (name: string) => {
    const p = raw.get(name)!
    return { x: offsetX + (p.x - Math.min(...xs)) * scale, y: pad + (p.y - Math.min(...ys)) * scale }
  }
  const f = (x: number) => String(Math.round(x * 10) / 10)
  const text = (x: number, y: number, s: string, size = 8, anchor = 'middle') =>
    `<text x="${f(x)}" y="${f(y)}" font-size="${size}" text-anchor="${anchor}" fill="${INK.text}">${escapeXml(s)}</text>`

  const parts: string[] = []
  for (const node of nodes) {
    for (const a of node.attach) {
      const p = at(node.name)
      const q = at(a.network)
      parts.push(
        `<line x1="${f(p.x)}" y1="${f(p.y)}" x2="${f(q.x)}" y2="${f(q.y)}" stroke="${INK.axis}" stroke-width="0.8"/>`,
      )
    }
  }
  for (const link of links) {
    const p = at(link.a)
    const q = at(link.b)
    parts.push(
      `<line x1="${f(p.x)}" y1="${f(p.y)}" x2="${f(q.x)}" y2="${f(q.y)}" stroke="${INK.axis}" stroke-width="1.2" stroke-dasharray="4 2"/>`,
      text((p.x + q.x) / 2 + 4, (p.y + q.y) / 2 - 3, `${link.bandwidth}, ${link.latency}`, 6.5, 'start'),
    )
  }
  for (const net of networks) {
    const p = at(net.name)
    if (net.kind === 'lan') {
      parts.push(
        `<rect x="${f(p.x - 60)}" y="${f(p.y - 5)}" width="120" height="10" rx="5" fill="#ffffff" stroke="${INK.text}" stroke-width="1"/>`,
        text(p.x, p.y - 9, `${net.label ?? net.name} (LAN, ${net.bandwidth}, ${net.latency})`, 7),
      )
    } else {
      parts.push(
        `<ellipse cx="${f(p.x)}" cy="${f(p.y)}" rx="46" ry="20" fill="#ffffff" stroke="${INK.text}" stroke-width="1"/>`,
        text(p.x, p.y + 3, net.label ?? net.name, 8),
        text(p.x, p.y + 30, `WAN, ${net.latency} per attachment`, 6.5),
      )
    }
  }
  for (const node of nodes) {
    const p = at(node.name)
    const fill = ROLE_FILL[roleOf(spec, node.name)]
    parts.push(
      node.kind === 'router'
        ? `<circle cx="${f(p.x)}" cy="${f(p.y)}" r="11" fill="${fill}" stroke="${INK.text}" stroke-width="1"/>`
        : `<rect x="${f(p.x - 18)}" y="${f(p.y - 10)}" width="36" height="20" rx="2" fill="${fill}" stroke="${INK.text}" stroke-width="1"/>`,
      text(p.x, p.y + 3, node.label ?? node.name, 7.5),
    )
  }
  const legend = (['cluster', 'remote', 'infrastructure'] as const).map(
    (role, i) =>
      `<rect x="${8 + i * 90}" y="${height - 14}" width="10" height="8" fill="${ROLE_FILL[role]}" stroke="${INK.text}" stroke-width="0.6"/>` +
      text(22 + i * 90, height - 7, role, 7, 'start'),
  )
  return [
    `<svg width="${width}pt" height="${height}pt" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg" font-family="${escapeXml(FONT_FAMILY)}">`,
    `<title>Topology of ${escapeXml(spec.name)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    ...legend,
    '</svg>',
    '',
  ].join('\n')
}

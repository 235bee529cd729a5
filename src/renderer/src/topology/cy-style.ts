// How the canvas draws each kind of element, in both themes. In a large topology labels disappear
// below a readable size (`min-zoomed-font-size`), which is most of the level of detail that keeps a
// zoomed-out 2,000-node canvas fast: Cytoscape then skips drawing their text. A small study keeps
// its labels at every zoom.
import type { StylesheetJson } from 'cytoscape'

export type Theme = 'light' | 'dark'

interface Palette {
  text: string
  halo: string
  cluster: string
  remote: string
  infra: string
  router: string
  lan: string
  wan: string
  process: string
  processText: string
  edge: string
  attach: string
  workload: string
  accent: string
  error: string
  override: string
  agent: string
}

const PALETTES: Record<Theme, Palette> = {
  light: {
    text: '#0f172a',
    halo: '#ffffff',
    cluster: '#dbeafe',
    remote: '#ede9fe',
    infra: '#e2e8f0',
    router: '#cbd5e1',
    lan: '#ccfbf1',
    wan: '#e0f2fe',
    process: '#fde68a',
    processText: '#422006',
    edge: '#64748b',
    attach: '#94a3b8',
    workload: '#7c3aed',
    accent: '#2563eb',
    error: '#dc2626',
    override: '#ea580c',
    agent: '#ca8a04',
  },
  dark: {
    text: '#e2e8f0',
    halo: '#0b1220',
    cluster: '#1e3a5f',
    remote: '#3b2a63',
    infra: '#334155',
    router: '#475569',
    lan: '#134e4a',
    wan: '#0c4a6e',
    process: '#a16207',
    processText: '#fefce8',
    edge: '#94a3b8',
    attach: '#64748b',
    workload: '#a78bfa',
    accent: '#60a5fa',
    error: '#f87171',
    override: '#fb923c',
    agent: '#facc15',
  },
}

function cloud(fill: string, stroke: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="64" viewBox="0 0 120 64"><path d="M30 58h62a20 20 0 0 0 3-39.8A26 26 0 0 0 46 12a18 18 0 0 0-27 14A16 16 0 0 0 30 58z" fill="${fill}" stroke="${stroke}" stroke-width="2"/></svg>`
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`
}

export function canvasStyle(theme: Theme, large: boolean): StylesheetJson {
  const p = PALETTES[theme]
  const nodeLabels = large ? 7 : 0
  const edgeLabels = large ? 8 : 5
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: p.text,
        'font-family': 'Inter, "Segoe UI", system-ui, sans-serif',
        'font-size': 11,
        'min-zoomed-font-size': nodeLabels,
        'text-wrap': 'wrap',
        'text-max-width': '120px',
        'border-width': 1,
        'border-color': p.edge,
      },
    },
    {
      selector: 'node.host',
      style: {
        shape: 'round-rectangle',
        width: 72,
        height: 30,
        'text-valign': 'center',
        'text-halign': 'center',
        'background-color': p.cluster,
      },
    },
    { selector: 'node.host.remote', style: { 'background-color': p.remote } },
    { selector: 'node.host.infrastructure', style: { 'background-color': p.infra } },
    { selector: 'node.host.agent', style: { height: 40, 'font-size': 10 } },
    { selector: 'node.legacy', style: { 'border-style': 'double', 'border-width': 3 } },
    {
      selector: 'node.router',
      style: {
        shape: 'ellipse',
        width: 38,
        height: 38,
        'background-color': p.router,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-outline-color': p.halo,
        'text-outline-width': 2,
      },
    },
    { selector: 'node.agent', style: { 'border-color': p.agent, 'border-width': 2 } },
    {
      selector: 'node.lan',
      style: {
        shape: 'round-rectangle',
        width: 150,
        height: 24,
        'background-color': p.lan,
        'text-valign': 'center',
        'font-weight': 600,
      },
    },
    {
      selector: 'node.wan',
      style: {
        shape: 'round-rectangle',
        width: 120,
        height: 64,
        'background-opacity': 0,
        'border-width': 0,
        'background-image': cloud(p.wan, p.edge),
        'background-fit': 'contain',
        'background-clip': 'none',
        'text-valign': 'center',
        'font-weight': 600,
      },
    },
    {
      selector: 'node.process',
      style: {
        shape: 'round-rectangle',
        width: 66,
        height: 16,
        'font-size': 9,
        'background-color': p.process,
        color: p.processText,
        'border-width': 0,
        'text-valign': 'center',
      },
    },
    {
      selector: 'node.generated',
      style: { 'border-style': 'dashed', 'border-width': 2, 'border-color': p.edge, 'background-opacity': 0.55 },
    },
    { selector: 'node.wan.generated', style: { 'background-image-opacity': 0.55, 'border-width': 0 } },
    { selector: '.overridden', style: { 'border-color': p.override, 'border-width': 2.5, 'border-style': 'solid' } },
    { selector: 'node.invalid', style: { 'border-color': p.error, 'border-width': 3, 'border-style': 'solid' } },
    {
      selector: 'edge',
      style: {
        width: 2,
        'line-color': p.edge,
        'curve-style': 'straight',
        label: 'data(label)',
        'font-size': 9,
        'min-zoomed-font-size': edgeLabels,
        color: p.text,
        'text-background-color': p.halo,
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'text-rotation': 'autorotate',
      },
    },
    // Attachments are straight and arrowless: haystack edges are Cytoscape's cheapest to draw.
    {
      selector: 'edge.attach',
      style: { width: 1.5, 'line-color': p.attach, 'curve-style': 'haystack', 'haystack-radius': 0 },
    },
    {
      selector: 'edge.workload',
      style: {
        width: 1.5,
        'line-color': p.workload,
        'line-style': 'dashed',
        'curve-style': 'unbundled-bezier',
        'control-point-distances': [40],
        'control-point-weights': [0.5],
        'target-arrow-shape': 'triangle',
        'target-arrow-color': p.workload,
        'arrow-scale': 0.8,
        color: p.workload,
      },
    },
    { selector: 'edge.generated', style: { 'line-style': 'dashed', opacity: 0.7 } },
    { selector: 'edge.invalid', style: { 'line-color': p.error, width: 3 } },
    {
      selector: ':selected',
      style: { 'overlay-color': p.accent, 'overlay-opacity': 0.18, 'overlay-padding': 5 },
    },
    { selector: 'node:selected', style: { 'border-color': p.accent, 'border-width': 3 } },
    { selector: 'edge:selected', style: { 'line-color': p.accent } },
    { selector: '.dim', style: { opacity: 0.2 } },
    {
      selector: '.match',
      style: {
        'underlay-color': p.accent,
        'underlay-opacity': 0.35,
        'underlay-padding': 8,
        'underlay-shape': 'ellipse',
      },
    },
    {
      selector: '.drop-target',
      style: { 'underlay-color': p.accent, 'underlay-opacity': 0.45, 'underlay-padding': 10 },
    },
    { selector: 'node.link-cursor', style: { width: 1, height: 1, opacity: 0, label: '' } },
    {
      selector: 'edge.link-preview',
      style: { 'line-color': p.accent, 'line-style': 'dashed', width: 2, label: '', 'target-arrow-shape': 'none' },
    },
  ]
}

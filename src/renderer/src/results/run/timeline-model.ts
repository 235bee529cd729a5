// What the run timeline draws, as plain data: lane order, per-kind colours and markers in both
// themes, the rows handed to ECharts (one small array per record, built once per fetched window,
// never per frame), time labels that adapt to the zoom, and the window a view asks the service for.
// Pure, so it is unit-tested in Node.
import type { PointKind, SegmentKind, Timeline, TimelineLane } from '../../../../engine/run/result'

/** The resolved app theme (the topology canvas's Theme, repeated so this file stays free of Cytoscape). */
export type Theme = 'light' | 'dark'

export const SEGMENT_KINDS: SegmentKind[] = [
  'running',
  'precopy',
  'transferring',
  'frozen',
  'stalled',
  'residual',
  'outage',
  'connected',
  'tunnelled',
  'forwarded',
  'down',
]

export const POINT_KINDS: PointKind[] = [
  'host-change',
  'control',
  'retransmission',
  'timeout',
  'reset',
  'reconnect',
  'page-fault',
  'drop',
  'failure',
  'recovery',
]

/** Names as the papers say them (Theimer's pre-copy, Zayas's copy-on-reference faults, ...). */
export const SEGMENT_TITLES: Record<SegmentKind, string> = {
  running: 'running',
  precopy: 'pre-copy rounds',
  transferring: 'transferring state',
  frozen: 'frozen',
  stalled: 'stalled',
  residual: 'residual dependency',
  outage: 'connection outage',
  connected: 'connected',
  tunnelled: 'tunnelled',
  forwarded: 'forwarded',
  down: 'down',
}

export const POINT_TITLES: Record<PointKind, string> = {
  'host-change': 'host change',
  control: 'control message',
  retransmission: 'retransmission',
  timeout: 'retransmission timeout',
  reset: 'reset',
  reconnect: 'reconnect',
  'page-fault': 'page fault',
  drop: 'drop',
  failure: 'failure',
  recovery: 'recovery',
}

const SEGMENT_COLORS: Record<Theme, Record<SegmentKind, string>> = {
  // The paper figure's hues (engine/report/figures/timeline.ts), so the app and the export agree.
  light: {
    running: '#c6dbef',
    precopy: '#6baed6',
    transferring: '#2171b5',
    frozen: '#08306b',
    stalled: '#fd8d3c',
    residual: '#f59e0b',
    outage: '#a50f15',
    connected: '#c7e9c0',
    tunnelled: '#74c476',
    forwarded: '#238b45',
    down: '#334155',
  },
  // On a dark panel the most important phase (frozen) must be the brightest, not the darkest.
  dark: {
    running: '#27415f',
    precopy: '#3b82c4',
    transferring: '#60a5fa',
    frozen: '#dbeafe',
    stalled: '#f97316',
    residual: '#d97706',
    outage: '#f87171',
    connected: '#1f4d2c',
    tunnelled: '#22c55e',
    forwarded: '#86efac',
    down: '#94a3b8',
  },
}

export interface PointLook {
  symbol: string
  size: number
  /** Where in the lane the marker sits, in lane heights from its centre (events of one lane stack). */
  offset: number
  color: Record<Theme, string>
}

export const POINT_LOOKS: Record<PointKind, PointLook> = {
  'host-change': { symbol: 'diamond', size: 12, offset: 0, color: { light: '#7c3aed', dark: '#c4b5fd' } },
  control: { symbol: 'triangle', size: 9, offset: -0.24, color: { light: '#a16207', dark: '#facc15' } },
  retransmission: { symbol: 'circle', size: 6, offset: 0.2, color: { light: '#dc2626', dark: '#f87171' } },
  timeout: { symbol: 'emptyCircle', size: 9, offset: 0.2, color: { light: '#7f1d1d', dark: '#fecaca' } },
  reset: { symbol: 'rect', size: 8, offset: 0, color: { light: '#111827', dark: '#f3f4f6' } },
  reconnect: { symbol: 'emptyTriangle', size: 9, offset: 0, color: { light: '#0f766e', dark: '#5eead4' } },
  'page-fault': { symbol: 'circle', size: 4, offset: 0.26, color: { light: '#0284c7', dark: '#7dd3fc' } },
  drop: { symbol: 'emptyRect', size: 7, offset: 0.2, color: { light: '#6b7280', dark: '#d1d5db' } },
  failure: { symbol: 'pin', size: 14, offset: -0.1, color: { light: '#b91c1c', dark: '#fca5a5' } },
  recovery: { symbol: 'emptyDiamond', size: 11, offset: 0, color: { light: '#15803d', dark: '#86efac' } },
}

export function segmentColor(kind: SegmentKind, theme: Theme): string {
  return SEGMENT_COLORS[theme][kind]
}

/** Which part of a lane a segment fills: residual dependencies run under the phase they outlive. */
export function segmentBand(kind: SegmentKind): { top: number; height: number } {
  return kind === 'residual' ? { top: 0.18, height: 0.26 } : { top: -0.34, height: 0.5 }
}

const KIND_ORDER: TimelineLane['kind'][] = ['process', 'connection', 'agent', 'node']

/** Rows top to bottom: processes, then connections, agents, nodes; each kind in the engine's order. */
export function laneOrder(lanes: readonly TimelineLane[]): number[] {
  return lanes
    .map((_, i) => i)
    .sort((a, b) => KIND_ORDER.indexOf(lanes[a].kind) - KIND_ORDER.indexOf(lanes[b].kind) || a - b)
}

/** Segment row: [row, start, end, kind index, detail string index]. */
export type SegmentRow = [number, number, number, number, number]
/** Point row: [time, row + offset, detail string index, row]. */
export type PointRow = [number, number, number, number]

export interface ChartRows {
  segments: SegmentRow[]
  points: Map<PointKind, PointRow[]>
  /** The window's strings (merged records add "N × kind" details). */
  strings: string[]
  count: number
}

/** The rows of a fetched window; `rowOf[lane]` is the lane's row on screen. */
export function chartRows(t: Timeline, rowOf: readonly number[]): ChartRows {
  const sg = t.segments
  const segments: SegmentRow[] = new Array(sg.lane.length)
  for (let i = 0; i < sg.lane.length; i++) {
    segments[i] = [rowOf[sg.lane[i]], sg.start[i], sg.end[i], SEGMENT_KINDS.indexOf(sg.kind[i]), sg.detail[i]]
  }
  const points = new Map<PointKind, PointRow[]>()
  const pt = t.points
  for (let i = 0; i < pt.lane.length; i++) {
    const kind = pt.kind[i]
    let list = points.get(kind)
    if (!list) {
      list = []
      points.set(kind, list)
    }
    const row = rowOf[pt.lane[i]]
    list.push([pt.t[i], row + POINT_LOOKS[kind].offset, pt.detail[i], row])
  }
  return { segments, points, strings: t.strings, count: sg.lane.length + pt.lane.length }
}

const UNITS: [number, string][] = [
  [1e9, 's'],
  [1e6, 'ms'],
  [1e3, 'µs'],
  [1, 'ns'],
]

const UNIT_S = { factor: 1e9, unit: 's' }

/** The unit a span of `span` ns reads best in, and its factor. */
export function timeUnit(span: number): { factor: number; unit: string } {
  for (const [factor, unit] of UNITS) if (span >= 2 * factor || factor === 1) return { factor, unit }
  return { factor: 1, unit: 'ns' }
}

/**
 * A time label precise enough to tell apart ticks of a view `span` ns wide (a tenth of it), e.g.
 * "18 s" for the whole run and "18.0927 s" a millisecond wide: absolute times stay in seconds once
 * past the first second, so labels keep their meaning while zooming.
 */
export function formatTime(ns: number, span: number): string {
  const { factor, unit } = Math.abs(ns) >= 1e9 || span >= 1e9 ? UNIT_S : timeUnit(Math.max(Math.abs(ns), span))
  const digits = Math.max(0, Math.min(9, Math.ceil(-Math.log10(Math.max(span, 1) / factor / 10))))
  return `${(ns / factor).toFixed(digits)} ${unit}`
}

/** A duration in the unit that suits it: "40.8 ms", "2.1 s", "350 µs". */
export function formatDuration(ns: number): string {
  const { factor, unit } = timeUnit(Math.max(Math.abs(ns), 1))
  const v = ns / factor
  return `${v.toLocaleString('en', { maximumFractionDigits: Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2 })} ${unit}`
}

export interface Span {
  from: number
  to: number
}

/**
 * Whether the records fetched for `fetched` still serve a view of `view`: the view lies inside it
 * and, when the fetched records were merged, the view is not much narrower than what they were
 * merged for (zooming in asks for finer records; the exact ones serve every zoom inside them).
 */
export function covers(fetched: Span & { exact: boolean }, view: Span): boolean {
  if (view.from < fetched.from || view.to > fetched.to) return false
  if (fetched.exact) return true
  return (fetched.to - fetched.from) / Math.max(1, view.to - view.from) <= 2.5
}

/** The window to ask for behind a view: the view with half a view's margin each side, in the run. */
export function fetchWindow(view: Span, duration: number): Span {
  const span = view.to - view.from
  return { from: Math.max(0, Math.floor(view.from - span / 2)), to: Math.min(duration, Math.ceil(view.to + span / 2)) }
}

/** A zoom by `factor` (< 1 zooms in) around `at`, kept inside the run and no narrower than `min`. */
export function zoomed(view: Span, factor: number, at: number, duration: number, min: number): Span {
  const span = Math.min(duration, Math.max(min, (view.to - view.from) * factor))
  const k = (at - view.from) / Math.max(1, view.to - view.from)
  let from = at - k * span
  from = Math.max(0, Math.min(duration - span, from))
  return { from, to: from + span }
}

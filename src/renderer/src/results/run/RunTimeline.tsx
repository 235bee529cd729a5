// The migration timeline of one stored run: a lane per process, connection, agent and node; phase
// segments and events on them; zoom (wheel, drag, the buttons) and pan with a linked overview of the
// whole run underneath, whose window is the zoom. Drawn with ECharts on a canvas: a custom series
// for segments, a scatter series per kind of event.
//
// The service keeps the run parsed and answers each view with at most RECORD_BUDGET records —
// exact when the window holds that few, merged "N × kind" otherwise — so a million-record run
// costs the renderer no more than a small one. The chart redraws the records it holds at once
// while zooming and asks for the new window when the zoom settles (half a view of margin each
// side, so a pan does not wait); stale answers are dropped.

import type { CustomSeriesRenderItemAPI, CustomSeriesRenderItemParams } from 'echarts'
import { CustomChart, ScatterChart } from 'echarts/charts'
import {
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GraphicComponent,
  GridComponent,
  TooltipComponent,
} from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef, useState } from 'react'
import type { MigrationRecord, TimelineLane } from '../../../../engine/run/result'
import type { RunInfo } from '../../../../service/api'
import { messageOf } from '../../lab/call-error'
import { useLab } from '../../lab/use-lab'
import type { Theme } from '../../topology/cy-style'
import {
  type ChartRows,
  chartRows,
  covers,
  fetchWindow,
  formatDuration,
  formatTime,
  laneOrder,
  POINT_LOOKS,
  POINT_TITLES,
  type PointRow,
  SEGMENT_KINDS,
  SEGMENT_TITLES,
  type SegmentRow,
  type Span,
  segmentBand,
  segmentColor,
} from './timeline-model'

echarts.use([
  CustomChart,
  ScatterChart,
  GridComponent,
  GraphicComponent,
  TooltipComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  CanvasRenderer,
])

/** Records per view (segments + points): about two per pixel of a wide plot, per lane kind. */
export const RECORD_BUDGET = 6000
/** Records of the overview (the whole run, under the zoomed view). */
const OVERVIEW_BUDGET = 1500
/** The narrowest view: 100 µs, so single packets' effects can be told apart. */
export const MIN_SPAN = 100_000
const LANE_H = 26
const LABEL_W = 176
const RIGHT = 18
const TOP = 6
const AXIS_H = 24
const OVERVIEW_H = 34
const BOTTOM = 6
const FETCH_DELAY_MS = 90

/** A stretch of a run chosen on the timeline: its packets are what the detail view shows. */
export interface Selection {
  key: string
  from: number
  to: number
  lane: string
  what: string
  detail: string
}

interface Props {
  project: string
  info: RunInfo
  theme: Theme
  /** The view (ns), shared with a compared run so both time axes move together. */
  view: Span
  onView: (v: Span) => void
  selected: Selection | null
  onSelect: (s: Selection) => void
}

interface Fetched extends Span {
  exact: boolean
  rows: ChartRows
}

const LANE_GLYPH: Record<TimelineLane['kind'], string> = {
  process: 'proc',
  connection: 'conn',
  agent: 'agent',
  node: 'node',
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c)
}

/** The move of `process` under way (or whose residue lasts) at `t`, for hover details. */
function migrationAt(ms: readonly MigrationRecord[], process: string, t: number): MigrationRecord | undefined {
  return ms.find((m) => m.process === process && t >= Math.min(m.decidedAt, m.freezeAt) && t <= m.completedAt)
}

function migrationLines(m: MigrationRecord): string[] {
  const lines = [
    `migration ${m.id}: ${m.from} → ${m.to} (${m.trigger})`,
    `freeze ${formatDuration(m.freeze)} · total ${formatDuration(m.total)} · ${(m.bytes.total / 2 ** 20).toFixed(2)} MiB moved`,
  ]
  if (m.rounds.length > 0)
    lines.push(
      `${m.rounds.length} pre-copy rounds: ${m.rounds
        .slice(0, 6)
        .map((b) => `${(b / 2 ** 20).toFixed(2)}`)
        .join(', ')}${m.rounds.length > 6 ? ', …' : ''} MiB`,
    )
  if (m.pageFaults > 0) lines.push(`${m.pageFaults} page faults`)
  if (m.controlMessages > 0) lines.push(`${m.controlMessages} control messages (${m.controlBytes} B)`)
  return lines
}

export function RunTimeline(p: Props): React.JSX.Element {
  const { api } = useLab()
  const host = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)
  const [base, setBase] = useState<{
    lanes: TimelineLane[]
    rows: number[]
    order: number[]
    overview: ChartRows
  } | null>(null)
  const [fetched, setFetched] = useState<Fetched | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const duration = p.info.simulated
  const key = p.info.key

  // The lanes, their order on screen and the overview: the whole run, merged to a few records, once.
  useEffect(() => {
    let live = true
    api.timeline(p.project, key, { from: 0, to: duration, maxRecords: OVERVIEW_BUDGET }).then(
      (w) => {
        if (!live) return
        const lanes = w.timeline.lanes
        const order = laneOrder(lanes)
        const rows: number[] = new Array(lanes.length)
        order.forEach((lane, row) => {
          rows[lane] = row
        })
        setBase({ lanes, rows, order, overview: chartRows(w.timeline, rows) })
      },
      (e) => live && setError(messageOf(e)),
    )
    return () => {
      live = false
    }
  }, [api, p.project, key, duration])
  const lanes = base?.lanes ?? null
  const rowOf = base
  const overview = base?.overview ?? null

  // Kept in refs for the chart's callbacks, which are set up once.
  const latest = useRef(p)
  latest.current = p
  const fetchedRef = useRef(fetched)
  fetchedRef.current = fetched
  const lanesRef = useRef<{ lanes: TimelineLane[]; order: number[] } | null>(null)
  lanesRef.current = base ? { lanes: base.lanes, order: base.order } : null
  const viewSpan = useRef(p.view.to - p.view.from)
  viewSpan.current = p.view.to - p.view.from

  // The records behind the view: asked for when the view settles outside what is held.
  const request = useRef(0)
  useEffect(() => {
    if (!rowOf) return
    const f = fetchedRef.current
    if (f && covers(f, p.view)) return
    const timer = setTimeout(
      () => {
        const id = ++request.current
        const w = fetchWindow(p.view, duration)
        setLoading(true)
        api.timeline(p.project, key, { ...w, maxRecords: RECORD_BUDGET }).then(
          (answer) => {
            if (id !== request.current) return
            setFetched({ from: w.from, to: w.to, exact: answer.exact, rows: chartRows(answer.timeline, rowOf.rows) })
            setLoading(false)
            setError(null)
          },
          (e) => {
            if (id !== request.current) return
            setLoading(false)
            setError(messageOf(e))
          },
        )
      },
      f ? FETCH_DELAY_MS : 0,
    )
    return () => clearTimeout(timer)
  }, [api, p.project, key, duration, p.view, rowOf])

  const rowCount = lanes?.length ?? 0
  const mainH = Math.max(1, rowCount) * LANE_H
  const height = TOP + mainH + AXIS_H + OVERVIEW_H + BOTTOM

  // The chart: created once; wheel and drag zoom, the overview's window pans.
  useEffect(() => {
    const el = host.current
    if (!el) return
    const c = echarts.init(el, null, { renderer: 'canvas' })
    chart.current = c
    // The end-to-end tests and the benchmark find points on the chart through it.
    ;(el as HTMLElement & { miglabChart?: echarts.ECharts }).miglabChart = c
    c.on('datazoom', () => {
      const [from, to] = shownSpan(c)
      const v = latest.current.view
      if (Math.abs(from - v.from) > 0.5 || Math.abs(to - v.to) > 0.5) latest.current.onView({ from, to })
    })
    c.on('click', (e) => {
      const cur = latest.current
      const names = lanesRef.current
      if (!names || !Array.isArray(e.data)) return
      const id = String(e.seriesId ?? '')
      const strings = fetchedRef.current?.rows.strings ?? []
      if (id === 'segments') {
        const [row, start, end, kind, detail] = e.data as SegmentRow
        const lane = names.lanes[names.order[row]]
        cur.onSelect({
          key: cur.info.key,
          from: start,
          to: end,
          lane: lane.label,
          what: SEGMENT_TITLES[SEGMENT_KINDS[kind]],
          detail: strings[detail] ?? '',
        })
      } else if (id.startsWith('pt:')) {
        const [t, , detail, row] = e.data as PointRow
        const lane = names.lanes[names.order[row]]
        // An event's packets: those around it, a window of 1 % of the view (at least 2 ms) each side.
        const pad = Math.max(2e6, (cur.view.to - cur.view.from) / 100)
        cur.onSelect({
          key: cur.info.key,
          from: Math.max(0, Math.floor(t - pad)),
          to: Math.min(cur.info.simulated, Math.ceil(t + pad)),
          lane: lane.label,
          what: POINT_TITLES[id.slice(3) as keyof typeof POINT_TITLES],
          detail: strings[detail] ?? '',
        })
      }
    })
    c.on('finished', () => {
      el.dataset.rendered = String(Number(el.dataset.rendered ?? 0) + 1)
    })
    const resize = new ResizeObserver(() => c.resize())
    resize.observe(el)
    return () => {
      resize.disconnect()
      c.dispose()
      chart.current = null
    }
  }, [])

  // Axes, grids and the zoom components: when the lanes, the theme or the size change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the theme changes the CSS variables read here
  useEffect(() => {
    const c = chart.current
    if (!c || !lanes || !rowOf) return
    const css = getComputedStyle(document.documentElement)
    const text = css.getPropertyValue('--text').trim()
    const muted = css.getPropertyValue('--muted').trim()
    const border = css.getPropertyValue('--border').trim()
    const accent = css.getPropertyValue('--accent').trim()
    const panel2 = css.getPropertyValue('--panel-2').trim()
    const labels = rowOf.order.map((i) => lanes[i])
    const v = latest.current.view
    c.resize({ height })
    c.setOption({
      animation: false,
      grid: [
        { left: LABEL_W, right: RIGHT, top: TOP, height: mainH },
        { left: LABEL_W, right: RIGHT, top: TOP + mainH + AXIS_H, height: OVERVIEW_H },
      ],
      xAxis: [
        {
          type: 'value',
          gridIndex: 0,
          min: 0,
          max: duration,
          axisLabel: { color: muted, hideOverlap: true, formatter: (t: number) => formatTime(t, viewSpan.current) },
          axisLine: { lineStyle: { color: border } },
          splitLine: { lineStyle: { color: border, type: 'dashed', opacity: 0.6 } },
        },
        { type: 'value', gridIndex: 1, min: 0, max: duration, show: false },
      ],
      yAxis: [
        {
          type: 'value',
          gridIndex: 0,
          min: -0.5,
          max: labels.length - 0.5,
          inverse: true,
          axisLine: { show: false },
          axisTick: { show: false },
          splitLine: { show: false },
          axisLabel: { show: false },
        },
        {
          type: 'value',
          gridIndex: 1,
          min: -0.5,
          max: labels.length - 0.5,
          inverse: true,
          show: false,
        },
      ],
      dataZoom: [
        {
          id: 'inside',
          type: 'inside',
          xAxisIndex: 0,
          filterMode: 'weakFilter',
          minValueSpan: MIN_SPAN,
          startValue: v.from,
          endValue: v.to,
          // A wheel event zooms by 1.1; ECharts' default throttle (100 ms) drops most of a fast spin.
          throttle: 20,
          zoomOnMouseWheel: true,
          moveOnMouseMove: true,
          moveOnMouseWheel: false,
        },
        {
          id: 'overview',
          type: 'slider',
          xAxisIndex: 0,
          filterMode: 'weakFilter',
          minValueSpan: MIN_SPAN,
          left: LABEL_W,
          right: RIGHT,
          top: TOP + mainH + AXIS_H,
          height: OVERVIEW_H,
          showDataShadow: false,
          backgroundColor: 'transparent',
          borderColor: border,
          fillerColor: withAlpha(accent, 0.16),
          handleStyle: { color: accent, borderColor: accent },
          moveHandleStyle: { color: accent, opacity: 0.5 },
          textStyle: { color: muted },
          labelFormatter: (t: number) => formatTime(t, viewSpan.current),
          startValue: v.from,
          endValue: v.to,
        },
      ],
      // Lane names as text beside the grid: rows are fixed in pixels, so they never move.
      graphic: [
        {
          id: 'lane-labels',
          type: 'group',
          silent: true,
          children: labels.map((lane, row) => ({
            type: 'text',
            x: 10,
            y: TOP + row * LANE_H + LANE_H / 2,
            style: {
              text: `{k|${LANE_GLYPH[lane.kind]}}${lane.label}`,
              fill: text,
              font: '12px "Source Sans 3", system-ui, sans-serif',
              verticalAlign: 'middle',
              width: LABEL_W - 18,
              overflow: 'truncate',
              rich: { k: { fill: muted, font: '10px "Source Sans 3", system-ui, sans-serif', width: 36 } },
            },
          })),
        },
      ],
      tooltip: {
        trigger: 'item',
        confine: true,
        backgroundColor: panel2,
        borderColor: border,
        textStyle: { color: text, fontSize: 12 },
        formatter: (e: unknown) => tooltipOf.current(e as { seriesId?: string; data: unknown }),
      },
    })
  }, [lanes, rowOf, mainH, height, duration, p.theme])

  /** Hover details: what, where, when, how long, and the migration it belongs to. */
  const tooltipOf = useRef((_: { seriesId?: string; data: unknown }): string => '')
  tooltipOf.current = (e: { seriesId?: string; data: unknown }): string => {
    const names = lanesRef.current
    const f = fetchedRef.current
    if (!names || !f || !Array.isArray(e.data)) return ''
    const span = viewSpan.current
    const ms = latest.current.info.migrations
    const lines: string[] = []
    let lane: TimelineLane
    let at: number
    if (e.seriesId === 'segments') {
      const [row, start, end, kind, detail] = e.data as SegmentRow
      lane = names.lanes[names.order[row]]
      at = start
      lines.push(`<b>${escapeHtml(SEGMENT_TITLES[SEGMENT_KINDS[kind]])}</b> · ${escapeHtml(lane.label)}`)
      lines.push(`${formatTime(start, span)} → ${formatTime(end, span)} (${formatDuration(end - start)})`)
      const d = f.rows.strings[detail]
      if (d) lines.push(escapeHtml(d))
    } else if (e.seriesId?.startsWith('pt:')) {
      const [t, , detail, row] = e.data as PointRow
      lane = names.lanes[names.order[row]]
      at = t
      lines.push(
        `<b>${escapeHtml(POINT_TITLES[e.seriesId.slice(3) as keyof typeof POINT_TITLES])}</b> · ${escapeHtml(lane.label)}`,
      )
      lines.push(formatTime(t, span))
      const d = f.rows.strings[detail]
      if (d) lines.push(escapeHtml(d))
    } else return ''
    const m = lane.kind === 'process' ? migrationAt(ms, lane.label, at) : undefined
    if (m) lines.push(`<span style="opacity:.8">${migrationLines(m).map(escapeHtml).join('<br>')}</span>`)
    lines.push('<span style="opacity:.7">click: the packets behind it</span>')
    return lines.join('<br>')
  }

  // The series: whenever the records, the overview, the selection or the theme change.
  useEffect(() => {
    const c = chart.current
    if (!c || !rowOf) return
    const t = p.theme
    const colors = SEGMENT_KINDS.map((k) => segmentColor(k, t))
    const css = getComputedStyle(document.documentElement)
    const accent = css.getPropertyValue('--accent').trim()
    const band = css.getPropertyValue('--panel-2').trim()
    const rows = fetched?.rows
    const series: echarts.EChartsCoreOption[] = [
      {
        id: 'lanes',
        type: 'custom',
        silent: true,
        xAxisIndex: 0,
        yAxisIndex: 0,
        clip: true,
        data: Array.from({ length: rowOf.order.length }, (_, i) => [0, duration, i]),
        encode: { x: [0, 1], y: 2 },
        renderItem: (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
          const row = api.value(2) as number
          if (row % 2 === 1) return null
          const cs = params.coordSys as unknown as { x: number; y: number; width: number; height: number }
          const top = api.coord([0, row - 0.5])[1]
          const bottom = api.coord([0, row + 0.5])[1]
          return {
            type: 'rect',
            shape: { x: cs.x, y: top, width: cs.width, height: bottom - top },
            style: { fill: band },
          }
        },
      },
      {
        id: 'segments',
        type: 'custom',
        xAxisIndex: 0,
        yAxisIndex: 0,
        clip: true,
        data: rows?.segments ?? [],
        encode: { x: [1, 2], y: 0 },
        renderItem: (_: unknown, api: CustomSeriesRenderItemAPI) => {
          const row = api.value(0) as number
          const kind = api.value(3) as number
          const b = segmentBand(SEGMENT_KINDS[kind])
          const a = api.coord([api.value(1), row + b.top])
          const z = api.coord([api.value(2), row + b.top + b.height])
          // Short phases stay visible at any zoom: a frozen 40 ms in a 60 s run is under a pixel.
          const minW = kind === 0 ? 1 : 3
          const w = Math.max(minW, z[0] - a[0])
          return {
            type: 'rect',
            shape: {
              x: z[0] - a[0] < minW ? a[0] - (w - (z[0] - a[0])) / 2 : a[0],
              y: a[1],
              width: w,
              height: z[1] - a[1],
            },
            style: { fill: colors[kind] },
          }
        },
      },
      ...[...(rows?.points ?? new Map<string, PointRow[]>()).entries()].map(([kind, data]) => {
        const look = POINT_LOOKS[kind as keyof typeof POINT_LOOKS]
        return {
          id: `pt:${kind}`,
          type: 'scatter',
          xAxisIndex: 0,
          yAxisIndex: 0,
          symbol: look.symbol,
          symbolSize: look.size,
          itemStyle: { color: look.color[t], opacity: 0.95 },
          encode: { x: 0, y: 1 },
          data,
          large: data.length > 3000,
          largeThreshold: 3000,
          clip: true,
        }
      }),
      {
        id: 'ov-segments',
        type: 'custom',
        silent: true,
        xAxisIndex: 1,
        yAxisIndex: 1,
        clip: true,
        data: overview?.segments ?? [],
        encode: { x: [1, 2], y: 0 },
        renderItem: (_: unknown, api: CustomSeriesRenderItemAPI) => {
          const row = api.value(0) as number
          const kind = api.value(3) as number
          if (SEGMENT_KINDS[kind] === 'residual') return null
          const a = api.coord([api.value(1), row - 0.4])
          const z = api.coord([api.value(2), row + 0.4])
          return {
            type: 'rect',
            shape: {
              x: a[0],
              y: a[1],
              width: Math.max(kind === 0 ? 0.5 : 2, z[0] - a[0]),
              height: Math.max(1, z[1] - a[1]),
            },
            style: { fill: colors[kind] },
          }
        },
      },
      {
        id: 'selection',
        type: 'custom',
        silent: true,
        xAxisIndex: 0,
        yAxisIndex: 0,
        clip: true,
        z: 5,
        data: p.selected && p.selected.key === key ? [[p.selected.from, p.selected.to]] : [],
        encode: { x: [0, 1] },
        renderItem: (params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
          const cs = params.coordSys as unknown as { x: number; y: number; width: number; height: number }
          const a = api.coord([api.value(0), 0])[0]
          const z = api.coord([api.value(1), 0])[0]
          const w = Math.max(2, z - a)
          return {
            type: 'rect',
            shape: { x: z - a < 2 ? a - 1 : a, y: cs.y, width: w, height: cs.height },
            style: { fill: withAlpha(accent, 0.12), stroke: accent, lineWidth: 1 },
          }
        },
      },
    ]
    c.setOption({ series }, { replaceMerge: ['series'] })
    const el = host.current
    if (el && fetched) {
      el.dataset.from = String(fetched.from)
      el.dataset.to = String(fetched.to)
      el.dataset.records = String(fetched.rows.count)
      el.dataset.exact = String(fetched.exact)
      // What the view holds, by kind: segments' kinds, then events' kinds.
      el.dataset.kinds = [
        ...new Set(fetched.rows.segments.map((r) => SEGMENT_KINDS[r[3]])),
        ...fetched.rows.points.keys(),
      ].join(' ')
    }
  }, [fetched, overview, rowOf, p.selected, p.theme, duration, key])

  // A view changed elsewhere (the compared run, the zoom buttons): move this chart's zoom to it.
  useEffect(() => {
    const c = chart.current
    if (!c || !lanes) return
    const [from, to] = shownSpan(c)
    if (Math.abs(from - p.view.from) <= 0.5 && Math.abs(to - p.view.to) <= 0.5) return
    c.dispatchAction({ type: 'dataZoom', dataZoomId: 'inside', startValue: p.view.from, endValue: p.view.to })
    if (host.current) {
      host.current.dataset.viewFrom = String(Math.round(p.view.from))
      host.current.dataset.viewTo = String(Math.round(p.view.to))
    }
  }, [p.view, lanes])
  useEffect(() => {
    if (host.current) {
      host.current.dataset.viewFrom = String(Math.round(p.view.from))
      host.current.dataset.viewTo = String(Math.round(p.view.to))
    }
  }, [p.view])

  return (
    <div className="rt" data-testid={`run-timeline-${key.slice(0, 12)}`}>
      {error ? <div className="banner error small">{error}</div> : null}
      <div className="rt-status muted small" aria-live="polite">
        {fetched
          ? `${fetched.rows.count.toLocaleString('en')} of ${p.info.records.toLocaleString('en')} records around the view${
              fetched.exact ? ' (exact)' : ' (merged to fit: zoom in for every record)'
            }`
          : 'Loading the timeline…'}
        {loading ? ' · loading…' : ''}
      </div>
      <div
        ref={host}
        className="rt-chart"
        style={{ height }}
        data-testid="timeline-chart"
        data-lanes={base?.order.map((i) => `${base.lanes[i].kind}:${base.lanes[i].label}`).join('|') ?? ''}
      />
    </div>
  )
}

/** The time span the main grid shows now: its left and right edges in data coordinates. */
function shownSpan(c: echarts.ECharts): [number, number] {
  const from = c.convertFromPixel({ xAxisIndex: 0 }, LABEL_W) as number
  const to = c.convertFromPixel({ xAxisIndex: 0 }, c.getWidth() - RIGHT) as number
  return [from, to]
}

/** `color` (#rrggbb) with an alpha, for fills over the lanes. */
function withAlpha(color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color)
  if (!m) return color
  return `rgba(${Number.parseInt(m[1], 16)}, ${Number.parseInt(m[2], 16)}, ${Number.parseInt(m[3], 16)}, ${alpha})`
}

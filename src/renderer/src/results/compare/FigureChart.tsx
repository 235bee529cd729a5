// A figure of the report library drawn in the app: the figure model the service built for this
// query, turned into an ECharts option by the same echarts-option.ts the SVG/PDF export renders,
// at the width of the pane (screen fonts), on a white card — the paper figure, as Export writes
// it. On top of the paper figure: a tooltip per mark (mean ± CI and n) and clicks that say which
// runs a mark stands for.
import type { EChartsOption, SeriesOption } from 'echarts'
import { TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import { useEffect, useRef, useState } from 'react'
import { echartsOption } from '../../../../engine/report/echarts-option'
import { FIGURE_ECHARTS_PARTS } from '../../../../engine/report/echarts-parts'
import { layoutFigure } from '../../../../engine/report/figure-layout'
import type { Estimate, FigureModel, RunSelection } from '../../../../engine/report/figure-model'
import { DOUBLE_COLUMN, type PaperStyle } from '../../../../engine/report/style'

echarts.use([...FIGURE_ECHARTS_PARTS, TooltipComponent, SVGRenderer])

/** The paper style at screen size: the pane's width, fonts a screen reads. */
export function screenStyle(width: number): PaperStyle {
  return {
    ...DOUBLE_COLUMN,
    width: Math.max(320, Math.floor(width)),
    panelHeight: 250,
    fontSize: 12,
    tickFontSize: 11,
    lineWidth: 1.5,
    markerSize: 7,
  }
}

/** What a series of the option draws: a model series of a panel (error bars and the like: nothing). */
interface SeriesRef {
  panel: number
  series: number
}

function seriesRefs(model: FigureModel, option: EChartsOption): (SeriesRef | null)[] {
  const list = (option.series ?? []) as SeriesOption[]
  return list.map((s) => {
    if (s.type !== 'bar' && s.type !== 'line') return null
    const panel = (s as { xAxisIndex?: number }).xAxisIndex ?? 0
    const p = model.panels[panel]
    if (!p || p.type === 'timeline') return null
    const index = p.series.findIndex((x) => x.name === s.name)
    return index < 0 ? null : { panel, series: index }
  })
}

/** Three significant digits, no exponent for the values figures show. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '–'
  const a = Math.abs(x)
  if (a === 0) return '0'
  if (a >= 1000) return x.toLocaleString('en', { maximumFractionDigits: 0 })
  return x.toLocaleString('en', { maximumSignificantDigits: 3 })
}

/** "ms" from "Communication outage, mean (ms)". */
function unitOf(label: string): string {
  const m = /\(([^()]+)\)$/.exec(label)
  return m ? ` ${m[1]}` : ''
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}

function estimateLines(e: Estimate, unit: string): string {
  const interval =
    e.ciHigh > e.ciLow
      ? `95 % CI ${formatNumber(e.ciLow)} – ${formatNumber(e.ciHigh)}${unit}`
      : e.n < 2
        ? 'one replication: no interval'
        : 'no spread over replications'
  return `<b>${formatNumber(e.mean)}${unit}</b> ± ${formatNumber((e.ciHigh - e.ciLow) / 2)}${unit}<br/>${interval} · n = ${e.n}`
}

/** The tooltip of a mark: what it is, its mean with its interval, n, and what a click does. */
export function tooltipHtml(model: FigureModel, ref: SeriesRef, dataIndex: number, clickable: boolean): string {
  const panel = model.panels[ref.panel]
  if (panel.type === 'bars') {
    const s = panel.series[ref.series]
    const value = s.values[dataIndex]
    const category = panel.categories[dataIndex]?.replace(/\n/g, ' ') ?? ''
    const unit = unitOf(panel.y.label)
    const head = `<div class="tip-head">${escapeHtml(category)} · ${escapeHtml(s.name)}</div>`
    const what = `<div class="tip-metric">${escapeHtml(panel.y.label)}</div>`
    if (!value) return `${head}${what}no value`
    // Stacked parts carry the mean of the part; the stack's total has the interval.
    const body = panel.stacked
      ? `<b>${formatNumber(value.mean)}${unit}</b> of the outage${
          panel.totals?.[dataIndex] ? `<br/>total ${estimateLines(panel.totals[dataIndex]!, unit)}` : ''
        }`
      : estimateLines(value, unit)
    return `${head}${what}${body}${clickable ? '<div class="tip-hint">Click: the runs behind this bar</div>' : ''}`
  }
  if (panel.type === 'lines') {
    const s = panel.series[ref.series]
    const p = s.points[dataIndex]
    if (!p) return escapeHtml(s.name)
    const head = `<div class="tip-head">${escapeHtml(s.name)}</div>`
    if (panel.step) {
      return `${head}${formatNumber(p.x)}${unitOf(panel.x.label)}: ${formatNumber(p.y.mean * 100)} % of samples at or below${
        clickable ? '<div class="tip-hint">Click: the runs behind this line</div>' : ''
      }`
    }
    const x = panel.xCategories ? panel.xCategories[p.x] : `${formatNumber(p.x)}${unitOf(panel.x.label)}`
    return `${head}<div class="tip-metric">${escapeHtml(panel.y.label)} at ${escapeHtml(String(x))}</div>${estimateLines(
      p.y,
      unitOf(panel.y.label),
    )}${clickable ? '<div class="tip-hint">Click: the runs behind this point</div>' : ''}`
  }
  return ''
}

/** The runs a mark stands for, or null when the figure does not say. */
export function selectionOf(model: FigureModel, ref: SeriesRef, dataIndex: number): RunSelection | null {
  const panel = model.panels[ref.panel]
  if (panel.type === 'bars') {
    if (!panel.select) return null
    return { ...panel.select.categories[dataIndex], ...(panel.stacked ? {} : panel.select.series[ref.series]) }
  }
  if (panel.type === 'lines') {
    const s = panel.series[ref.series]
    if (!s.select) return null
    return { ...s.select, ...s.points[dataIndex]?.select }
  }
  return null
}

interface Props {
  model: FigureModel
  onSelect?: (selection: RunSelection) => void
  onHover?: (selection: RunSelection | null) => void
}

export function FigureChart({ model, onSelect, onHover }: Props): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null)
  const el = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  const handlers = useRef({ onSelect, onHover })
  handlers.current = { onSelect, onHover }

  useEffect(() => {
    const node = host.current
    if (!node) return
    const observer = new ResizeObserver(([entry]) => {
      // Whole pixels, and only real changes: a redraw per sub-pixel wobble would flicker.
      const w = Math.floor(entry.contentRect.width)
      setWidth((old) => (Math.abs(old - w) >= 2 ? w : old))
    })
    observer.observe(node)
    return () => observer.disconnect()
  }, [])

  const height = width > 0 ? layoutFigure(model, screenStyle(width)).height : 0

  useEffect(() => {
    const node = el.current
    if (!node || width === 0) return
    const style = screenStyle(width)
    const height = layoutFigure(model, style).height
    const chart = echarts.init(node, null, { renderer: 'svg', width: style.width, height })
    const option = echartsOption(model, style)
    const refs = seriesRefs(model, option)
    const clickable = (ref: SeriesRef, i: number) => selectionOf(model, ref, i) !== null && !!handlers.current.onSelect
    option.tooltip = {
      trigger: 'item',
      confine: true,
      transitionDuration: 0,
      className: 'figure-tip',
      textStyle: { fontFamily: '"Source Sans 3", Inter, system-ui, sans-serif', fontSize: 12.5, color: '#142033' },
      extraCssText: 'line-height: 1.4;',
      formatter: (params) => {
        const p = Array.isArray(params) ? params[0] : params
        const ref = refs[p.seriesIndex ?? -1]
        return ref ? tooltipHtml(model, ref, p.dataIndex, clickable(ref, p.dataIndex)) : ''
      },
    }
    chart.setOption(option)
    chart.on('click', (p) => {
      const ref = refs[p.seriesIndex ?? -1]
      const selection = ref ? selectionOf(model, ref, p.dataIndex) : null
      if (selection) handlers.current.onSelect?.(selection)
    })
    chart.on('mouseover', (p) => {
      const ref = refs[p.seriesIndex ?? -1]
      handlers.current.onHover?.(ref ? selectionOf(model, ref, p.dataIndex) : null)
    })
    chart.on('mouseout', () => handlers.current.onHover?.(null))
    // For tests and for the curious: the chart of this figure.
    ;(node as unknown as { miglabChart?: unknown }).miglabChart = chart
    return () => chart.dispose()
  }, [model, width])

  return (
    <div className="figure-host" ref={host}>
      <div
        className={`figure-card${onSelect ? ' clickable' : ''}`}
        ref={el}
        style={{ height: height || 200 }}
        data-testid="figure-chart"
        data-figure={model.id}
        role="img"
        aria-label={`${model.title}. ${model.caption}`}
      />
    </div>
  )
}

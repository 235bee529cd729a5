// Figure model -> ECharts option. The app draws this option in the browser (echarts/core with
// the SVGRenderer and the parts in echarts-parts.ts) and the exports render it server-side to
// SVG, so what a researcher sees in a result view is what the SVG and PDF contain. Error bars,
// timeline segments and stacked-total intervals are custom series (ECharts has no error bars).

import type {
  CustomSeriesOption,
  CustomSeriesRenderItemAPI,
  CustomSeriesRenderItemParams,
  CustomSeriesRenderItemReturn,
  EChartsOption,
  LegendComponentOption,
  SeriesOption,
  TitleComponentOption,
  XAXisComponentOption,
  YAXisComponentOption,
} from 'echarts'
import { LEGEND_ICON, layoutFigure, legendNames, type PanelBox, xRange } from './figure-layout'
import type { BarPanel, Estimate, FigureModel, LinePanel, TimelinePanel } from './figure-model'
import { INK, type Marker, type PaperStyle, type SeriesLook } from './style'

/** Bar geometry shared by the bars and their error bars (api.barLayout needs the same numbers). */
const BAR_GAP = '8%'
const BAR_CATEGORY_GAP = '28%'

const SYMBOLS: Record<Marker, string> = {
  circle: 'circle',
  square: 'rect',
  triangle: 'triangle',
  diamond: 'diamond',
  'open-circle': 'emptyCircle',
  'open-square': 'emptyRect',
  'open-triangle': 'emptyTriangle',
  'open-diamond': 'emptyDiamond',
}

export function echartsSymbol(marker: Marker): string {
  return SYMBOLS[marker]
}

function lineType(dash: readonly number[]): 'solid' | number[] {
  return dash.length === 0 ? 'solid' : [...dash]
}

/** An I-beam from (x, lo) to (x, hi) in pixel coordinates, with caps `half` wide. */
function errorBar(x: number, lo: number, hi: number, half: number, width: number): CustomSeriesRenderItemReturn {
  const style = { stroke: INK.errorBar, lineWidth: width }
  return {
    type: 'group',
    children: [
      { type: 'line', shape: { x1: x, y1: lo, x2: x, y2: hi }, style },
      { type: 'line', shape: { x1: x - half, y1: hi, x2: x + half, y2: hi }, style },
      { type: 'line', shape: { x1: x - half, y1: lo, x2: x + half, y2: lo }, style },
    ],
  }
}

/** Intervals with a real width; collapsed ones (n < 2, CDF steps) draw no bar. */
function hasInterval(e: Estimate | null): e is Estimate {
  return e !== null && e.ciHigh > e.ciLow
}

function axisText(style: PaperStyle) {
  return { fontSize: style.tickFontSize, color: INK.text, fontFamily: style.fontFamily }
}

function valueAxis(
  label: string,
  scale: 'linear' | 'log',
  style: PaperStyle,
  gridIndex: number,
  nameGap: number,
  vertical: boolean,
) {
  return {
    type: scale === 'log' ? ('log' as const) : ('value' as const),
    gridIndex,
    name: label,
    nameLocation: 'middle' as const,
    nameGap,
    nameRotate: vertical ? 90 : 0,
    nameTextStyle: { fontSize: style.fontSize, color: INK.text, fontFamily: style.fontFamily },
    axisLabel: axisText(style),
    axisLine: { show: true, lineStyle: { color: INK.axis, width: 0.6 } },
    axisTick: { show: true, lineStyle: { color: INK.axis, width: 0.6 } },
    splitLine: { show: true, lineStyle: { color: INK.grid, width: 0.5 } },
    scale: false,
  }
}

function barPanel(panel: BarPanel, index: number, box: PanelBox, style: PaperStyle) {
  const xAxis: XAXisComponentOption = {
    type: 'category',
    gridIndex: index,
    data: panel.categories,
    axisLabel: { ...axisText(style), interval: 0, rotate: box.rotateLabels ? 30 : 0 },
    axisLine: { show: true, lineStyle: { color: INK.axis, width: 0.6 } },
    axisTick: { show: true, alignWithLabel: false, lineStyle: { color: INK.axis, width: 0.6 } },
  }
  const yAxis = valueAxis(panel.y.label, panel.y.scale, style, index, box.left - 4 - style.fontSize, true)
  const series: SeriesOption[] = []
  const count = panel.stacked ? 1 : panel.series.length
  for (const [i, s] of panel.series.entries()) {
    series.push({
      type: 'bar',
      name: s.name,
      xAxisIndex: index,
      yAxisIndex: index,
      // Stack names are per panel: ECharts would otherwise stack the panels' series onto each other.
      stack: panel.stacked ? `total-${index}` : undefined,
      barGap: BAR_GAP,
      barCategoryGap: BAR_CATEGORY_GAP,
      data: s.values.map((v) => (v === null ? '-' : v.mean)),
      itemStyle: { color: s.look.color, borderColor: INK.barEdge, borderWidth: 0.5 },
    })
    if (!panel.stacked) series.push(errorBarSeries(s.values, index, i, count, style))
  }
  if (panel.stacked && panel.totals) series.push(errorBarSeries(panel.totals, index, 0, 1, style))
  return { xAxis, yAxis, series }
}

/** Error bars of one bar series (the `slot`-th of `count` bars in each category). */
function errorBarSeries(
  values: readonly (Estimate | null)[],
  axisIndex: number,
  slot: number,
  count: number,
  style: PaperStyle,
): CustomSeriesOption {
  return {
    type: 'custom',
    name: `error-bars-${axisIndex}-${slot}`,
    xAxisIndex: axisIndex,
    yAxisIndex: axisIndex,
    silent: true,
    z: 10,
    encode: { x: 0, y: [1, 2] },
    data: values.flatMap((v, i) => (hasInterval(v) ? [[i, v.ciLow, v.ciHigh]] : [])),
    renderItem: (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
      const layout = api.barLayout({ count, barGap: BAR_GAP, barCategoryGap: BAR_CATEGORY_GAP })
      const slotLayout = layout?.[slot]
      const lo = api.coord([api.value(0), api.value(1)])
      const hi = api.coord([api.value(0), api.value(2)])
      const x = lo[0] + (slotLayout?.offsetCenter ?? 0)
      const half = Math.min(3, (slotLayout?.width ?? 8) / 4)
      return errorBar(x, lo[1], hi[1], half, style.lineWidth * 0.6)
    },
  }
}

/** Explicit x bounds with a margin; the odd bound values themselves get no label. */
function xBounds(panel: LinePanel, style: PaperStyle) {
  const range = xRange(
    panel.series.flatMap((s) => s.points.map((p) => p.x)),
    panel.x.scale,
  )
  if (!range) return {}
  return { min: range[0], max: range[1], axisLabel: { ...axisText(style), showMinLabel: false, showMaxLabel: false } }
}

function linePanel(panel: LinePanel, index: number, box: PanelBox, style: PaperStyle) {
  const xName = { nameGap: style.tickFontSize + 8 }
  const xAxis: XAXisComponentOption = panel.xCategories
    ? {
        type: 'category',
        gridIndex: index,
        data: panel.xCategories,
        name: panel.x.label,
        nameLocation: 'middle',
        ...xName,
        nameTextStyle: { fontSize: style.fontSize, color: INK.text, fontFamily: style.fontFamily },
        axisLabel: { ...axisText(style), interval: 0, rotate: box.rotateLabels ? 30 : 0 },
        axisLine: { show: true, lineStyle: { color: INK.axis, width: 0.6 } },
      }
    : {
        ...valueAxis(panel.x.label, panel.x.scale, style, index, xName.nameGap, false),
        splitLine: { show: false },
        ...xBounds(panel, style),
      }
  const yAxis = valueAxis(panel.y.label, panel.y.scale, style, index, box.left - 4 - style.fontSize, true)
  if (panel.step) Object.assign(yAxis, { min: 0, max: 1 })
  const series: SeriesOption[] = []
  for (const s of panel.series) {
    series.push({
      type: 'line',
      name: s.name,
      xAxisIndex: index,
      yAxisIndex: index,
      step: panel.step ? 'end' : undefined,
      // Without markers the legend shows the dashed line alone, as the plot does.
      showSymbol: panel.markers,
      symbol: panel.markers ? echartsSymbol(s.look.marker) : 'none',
      symbolSize: style.markerSize,
      data: s.points.map((p) => [p.x, p.y.mean]),
      lineStyle: { color: s.look.color, width: style.lineWidth, type: lineType(s.look.dash) },
      itemStyle: { color: s.look.color, borderColor: s.look.color },
    })
    const intervals = s.points.filter((p) => hasInterval(p.y))
    if (intervals.length > 0) {
      series.push({
        type: 'custom',
        name: `error-bars-${index}-${s.name}`,
        xAxisIndex: index,
        yAxisIndex: index,
        silent: true,
        encode: { x: 0, y: [1, 2] },
        data: intervals.map((p) => [p.x, p.y.ciLow, p.y.ciHigh]),
        renderItem: (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
          const lo = api.coord([api.value(0), api.value(1)])
          const hi = api.coord([api.value(0), api.value(2)])
          return errorBar(lo[0], lo[1], hi[1], 2.5, style.lineWidth * 0.6)
        },
      })
    }
  }
  return { xAxis, yAxis, series }
}

function timelinePanel(panel: TimelinePanel, index: number, box: PanelBox, style: PaperStyle) {
  const xAxis = {
    ...valueAxis(panel.x.label, 'linear', style, index, style.tickFontSize + 8, false),
    min: panel.window[0],
    max: panel.window[1],
  }
  const yAxis: YAXisComponentOption = {
    type: 'category',
    gridIndex: index,
    data: panel.lanes,
    inverse: true,
    axisLabel: { ...axisText(style), interval: 0, width: box.left - 12, overflow: 'truncate' },
    axisLine: { show: true, lineStyle: { color: INK.axis, width: 0.6 } },
    axisTick: { show: false },
    splitLine: { show: true, lineStyle: { color: INK.grid, width: 0.5 } },
  }
  const series: SeriesOption[] = []
  for (const { kind, color } of panel.segmentLooks) {
    series.push({
      type: 'custom',
      name: kind,
      xAxisIndex: index,
      yAxisIndex: index,
      encode: { x: [1, 2], y: 0 },
      itemStyle: { color },
      data: panel.segments.filter((s) => s.kind === kind).map((s) => [s.lane, s.start, s.end]),
      renderItem: (_params: CustomSeriesRenderItemParams, api: CustomSeriesRenderItemAPI) => {
        const a = api.coord([api.value(1), api.value(0)])
        const b = api.coord([api.value(2), api.value(0)])
        const band = (api.size!([0, 1]) as number[])[1] * 0.56
        return {
          type: 'rect',
          shape: { x: a[0], y: a[1] - band / 2, width: Math.max(0.6, b[0] - a[0]), height: band },
          style: { fill: color, stroke: INK.barEdge, lineWidth: 0.3 },
        }
      },
    })
  }
  for (const { kind, look } of panel.pointLooks) {
    series.push({
      type: 'scatter',
      name: kind,
      xAxisIndex: index,
      yAxisIndex: index,
      symbol: echartsSymbol(look.marker),
      symbolSize: style.markerSize + 1,
      z: 5,
      itemStyle: { color: look.color, borderColor: look.color },
      data: panel.points.filter((p) => p.kind === kind).map((p) => [p.t, p.lane]),
    })
  }
  return { xAxis, yAxis, series }
}

/** Legend icons: bars and segments as boxes, lines and points as their marker (and dash). */
function legendData(model: FigureModel): LegendComponentOption['data'] {
  const panel = model.panels[0]
  if (panel.type === 'timeline') {
    return [
      ...panel.segmentLooks.map((s) => ({ name: s.kind, icon: 'rect' })),
      ...panel.pointLooks.map((p) => ({ name: p.kind, icon: echartsSymbol(p.look.marker) })),
    ]
  }
  if (panel.type === 'bars') return panel.series.map((s) => ({ name: s.name, icon: 'rect' }))
  // ECharts draws a circle for lines without markers; a transparent marker leaves the dashed line.
  return panel.series.map((s: { name: string; look: SeriesLook }) =>
    panel.markers ? { name: s.name } : { name: s.name, itemStyle: { opacity: 0 } },
  )
}

export function echartsOption(model: FigureModel, style: PaperStyle): EChartsOption {
  const layout = layoutFigure(model, style)
  const grid = layout.panels.map((b) => ({
    left: b.left,
    top: b.top,
    width: b.width,
    height: b.height,
    containLabel: false,
  }))
  const xAxis: XAXisComponentOption[] = []
  const yAxis: YAXisComponentOption[] = []
  const series: SeriesOption[] = []
  const title: TitleComponentOption[] = []
  for (const [i, panel] of model.panels.entries()) {
    const box = layout.panels[i]
    const parts =
      panel.type === 'bars'
        ? barPanel(panel, i, box, style)
        : panel.type === 'lines'
          ? linePanel(panel, i, box, style)
          : timelinePanel(panel, i, box, style)
    xAxis.push(parts.xAxis as XAXisComponentOption)
    yAxis.push(parts.yAxis as YAXisComponentOption)
    series.push(...parts.series)
    if (box.titleTop !== null) {
      title.push({
        text: panel.title,
        left: box.left,
        top: box.titleTop,
        padding: 0,
        textStyle: { fontSize: style.fontSize, fontWeight: 'bold', color: INK.text, fontFamily: style.fontFamily },
      })
    }
  }
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: style.fontFamily, fontSize: style.fontSize, color: INK.text },
    title,
    legend: {
      type: 'plain',
      top: layout.legendTop,
      left: 'center',
      width: layout.width - 8,
      itemWidth: LEGEND_ICON.width,
      itemHeight: LEGEND_ICON.height,
      itemGap: LEGEND_ICON.itemGap,
      padding: 0,
      textStyle: { fontSize: style.fontSize, color: INK.text, fontFamily: style.fontFamily },
      data: legendData(model),
      show: legendNames(model).length > 0,
    },
    grid,
    xAxis,
    yAxis,
    series,
  }
}

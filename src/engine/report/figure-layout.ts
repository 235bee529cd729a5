// Figure layout in points, shared by the ECharts and the PGFPlots renderers so both place the
// legend and panels alike: a legend block on top, then the panels stacked top to bottom. Text
// widths are estimated from character counts (no font metrics exist outside a browser), which is
// good enough to reserve space and keeps the layout deterministic.

import type { FigureModel, Panel } from './figure-model'
import type { PaperStyle } from './style'

/** Average advance of a character of a sans-serif font, in ems. */
const EM_PER_CHAR = 0.52

export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * EM_PER_CHAR
}

export interface LegendItem {
  name: string
}

export const LEGEND_ICON = { width: 16, height: 7, gap: 4, itemGap: 9 }

/** Legend entries of a figure: the series of the first panel (panels share their series). */
export function legendNames(model: FigureModel): string[] {
  const panel = model.panels[0]
  if (panel.type === 'timeline')
    return [...panel.segmentLooks.map((s) => s.kind), ...panel.pointLooks.map((p) => p.kind)]
  return panel.series.map((s) => s.name)
}

/** Rows a horizontally wrapped legend needs in `width`. */
export function legendRows(names: readonly string[], width: number, fontSize: number): number {
  let rows = names.length > 0 ? 1 : 0
  let x = 0
  for (const name of names) {
    const w = LEGEND_ICON.width + LEGEND_ICON.gap + textWidth(name, fontSize) + LEGEND_ICON.itemGap
    if (x > 0 && x + w > width) {
      rows++
      x = 0
    }
    x += w
  }
  return rows
}

export interface PanelBox {
  /** Plot area (inside the axes), in points from the top-left of the figure. */
  left: number
  top: number
  width: number
  height: number
  /** Where the panel title's baseline block starts, when the panel has a title shown. */
  titleTop: number | null
  /** Category labels are rotated when they do not fit side by side. */
  rotateLabels: boolean
}

export interface FigureLayout {
  width: number
  height: number
  legendTop: number
  legendRowHeight: number
  legendRows: number
  panels: PanelBox[]
}

/** Whether panel titles are drawn: several panels need them, one panel's y label says enough. */
export function showPanelTitles(model: FigureModel): boolean {
  return model.panels.length > 1
}

function categoryLabels(panel: Panel): string[] {
  if (panel.type === 'bars') return panel.categories
  if (panel.type === 'lines') return panel.xCategories ?? []
  return []
}

/**
 * Range of a numeric x axis: the data's range with a margin, so markers and error bars at the
 * first and last value are not cut by the frame (ECharts and PGFPlots both get these bounds).
 */
export function xRange(values: readonly number[], scale: 'linear' | 'log'): [number, number] | null {
  const v = values.filter((x) => Number.isFinite(x) && (scale === 'linear' || x > 0))
  if (v.length === 0) return null
  const lo = Math.min(...v)
  const hi = Math.max(...v)
  if (scale === 'log') return [lo / 1.2, hi * 1.2]
  const pad = hi > lo ? 0.06 * (hi - lo) : Math.max(Math.abs(hi) * 0.1, 1)
  return [lo - pad, hi + pad]
}

/** Lines of a (category) label: figures break long labels with "\n". */
export function labelLines(label: string): string[] {
  return label.split('\n')
}

export function layoutFigure(model: FigureModel, style: PaperStyle): FigureLayout {
  const pad = 4
  const names = legendNames(model)
  const rowHeight = style.fontSize + 5
  const rows = legendRows(names, style.width - 2 * pad, style.fontSize)
  const legendTop = pad
  let y = legendTop + rows * rowHeight + (rows > 0 ? 6 : 0)
  const titles = showPanelTitles(model)
  const boxes: PanelBox[] = []
  for (const panel of model.panels) {
    const yLabelBlock = style.fontSize + 4
    const tickLabels =
      panel.type === 'timeline'
        ? Math.min(style.width * 0.3, Math.max(...panel.lanes.map((l) => textWidth(l, style.tickFontSize)), 20))
        : textWidth('0.000', style.tickFontSize)
    const left = pad + yLabelBlock + tickLabels + 6
    const right = pad + 6
    const plotWidth = style.width - left - right
    const cats = categoryLabels(panel)
    const widest = Math.max(0, ...cats.flatMap((c) => labelLines(c).map((l) => textWidth(l, style.tickFontSize))))
    const lines = Math.max(1, ...cats.map((c) => labelLines(c).length))
    const rotateLabels = cats.length > 0 && widest + 4 > plotWidth / cats.length
    const tickBlock = rotateLabels ? widest * 0.5 + style.tickFontSize + 6 : lines * (style.tickFontSize + 2) + 4
    const xNameBlock = panel.type === 'bars' ? 0 : style.fontSize + 6
    const titleTop = titles ? y : null
    if (titles) y += style.fontSize + 6
    const height =
      panel.type === 'timeline'
        ? Math.max(60, panel.lanes.length * (style.tickFontSize + 9))
        : style.panelHeight - tickBlock - xNameBlock - (titles ? style.fontSize + 6 : 0)
    boxes.push({ left, top: y, width: plotWidth, height, titleTop, rotateLabels })
    y += height + tickBlock + xNameBlock + 10
  }
  return {
    width: style.width,
    height: Math.ceil(y + pad),
    legendTop,
    legendRowHeight: rowHeight,
    legendRows: rows,
    panels: boxes,
  }
}

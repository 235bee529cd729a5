// The figure model: a small, plain, JSON-serialisable description of one figure, built from an
// analysis table or run results. Renderers turn it into an ECharts option (the app and the SVG/PDF
// exports) and into PGFPlots source (papers). Because both read the same model — values already
// in display units, looks already chosen — the app view, the SVG, the PDF and the TikZ figure
// show the same numbers with the same markers and dash patterns. The model can cross the
// service/renderer boundary (IPC, WebSocket); the ECharts option, which holds functions, cannot.

import type { z } from 'zod'
import type { PointKind, SegmentKind } from '../run/result'
import type { Figure as FigureSpecSchema } from '../scenario/spec'
import type { Provenance } from './provenance'
import type { SeriesLook } from './style'

export type FigureKind = z.infer<typeof FigureSpecSchema>['kind']

/** A mean with its 95 % confidence interval, in the axis's display unit. */
export interface Estimate {
  mean: number
  ciLow: number
  ciHigh: number
  /** Replications behind the estimate. */
  n: number
}

/**
 * The stored runs a mark of a figure stands for: a bar of one architecture and mechanism at one
 * sweep point, a line of one configuration. The app opens them when the mark is clicked; the SVG
 * and PGFPlots renderers ignore it.
 */
export interface RunSelection {
  architecture?: string
  mechanism?: string
  pointIndex?: number
}

export interface ValueAxis {
  /** Label with its unit, e.g. "Freeze (ms)". */
  label: string
  scale: 'linear' | 'log'
}

/** Grouped (or stacked) bars: one group per category, one bar per series. */
export interface BarPanel {
  type: 'bars'
  title: string
  categories: string[]
  xLabel: string
  y: ValueAxis
  stacked: boolean
  series: { name: string; look: SeriesLook; values: (Estimate | null)[] }[]
  /**
   * For stacked bars: each category's total with its interval, drawn as an error bar on top of
   * the stack (the stacked parts carry no interval of their own).
   */
  totals?: (Estimate | null)[]
  /** The runs behind each bar: category's selection merged with the series'. */
  select?: { categories: RunSelection[]; series: RunSelection[] }
}

/** Lines over a numeric x axis, with error bars; `step` draws empirical CDFs as staircases. */
export interface LinePanel {
  type: 'lines'
  title: string
  x: ValueAxis
  /** Tick labels for a swept parameter whose values are not numbers (x = index then). */
  xCategories?: string[]
  y: ValueAxis
  step: boolean
  /** Markers on every point (off for dense CDFs, whose series then differ by dash and colour). */
  markers: boolean
  series: {
    name: string
    look: SeriesLook
    points: { x: number; y: Estimate; select?: RunSelection }[]
    /** The runs behind the line (a point's own selection adds to it). */
    select?: RunSelection
  }[]
}

/** A migration timeline: lanes (rows), phase segments and instantaneous points. */
export interface TimelinePanel {
  type: 'timeline'
  title: string
  x: ValueAxis
  /** Lane labels, top to bottom. */
  lanes: string[]
  segments: { lane: number; start: number; end: number; kind: SegmentKind }[]
  points: { lane: number; t: number; kind: PointKind }[]
  /** Displayed window [from, to] on the x axis. */
  window: [number, number]
  /** Fill of each segment kind and marker of each point kind shown, in legend order. */
  segmentLooks: { kind: SegmentKind; color: string }[]
  pointLooks: { kind: PointKind; look: SeriesLook }[]
}

export type Panel = BarPanel | LinePanel | TimelinePanel

export interface FigureModel {
  kind: FigureKind
  /** Short, file-name-safe identifier, e.g. "outage-freeze-p0"; also prefixes SVG ids. */
  id: string
  title: string
  /** A caption a paper can start from: what is shown and how it was derived. */
  caption: string
  /** Panels stacked top to bottom; they share the legend. */
  panels: Panel[]
  provenance: Provenance
}

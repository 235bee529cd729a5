// Paper style: figure sizes and fonts that match a 9–10 pt paper body, and series looks that stay
// apart in grayscale print. Every series gets a colour AND a marker AND a dash pattern, so a
// figure reads the same in colour, in grayscale and for colour-blind readers. The ECharts and the
// PGFPlots renderers both take their looks from here, so the SVG/PDF and the TikZ figure match.

/**
 * The figures' font: Source Sans 3, which the PDF export embeds (fonts.ts). The fallbacks are for
 * SVGs viewed on machines without it; the name is quoted because CSS does not allow an unquoted
 * family name with a token that starts with a digit.
 */
export const FONT_FAMILY = "'Source Sans 3', 'Helvetica Neue', Arial, sans-serif"

/** Lengths are in PostScript points (1/72 in): one SVG user unit is exported as one point. */
export interface PaperStyle {
  id: 'single-column' | 'double-column'
  /** Figure width: a column (3.5 in) or the full text width of a two-column paper (7.17 in). */
  width: number
  /** Height of one panel (plot area plus its axes). */
  panelHeight: number
  fontFamily: string
  /** Axis labels, panel titles, legend. */
  fontSize: number
  /** Tick labels. */
  tickFontSize: number
  lineWidth: number
  markerSize: number
}

/** A figure as wide as one column of a two-column paper (ACM/IEEE: 241–252 pt). */
export const SINGLE_COLUMN: PaperStyle = {
  id: 'single-column',
  width: 252,
  panelHeight: 150,
  fontFamily: FONT_FAMILY,
  fontSize: 8,
  tickFontSize: 7,
  lineWidth: 1,
  markerSize: 4,
}

/** A figure across both columns (figure* in LaTeX: 506–516 pt). */
export const DOUBLE_COLUMN: PaperStyle = {
  id: 'double-column',
  width: 516,
  panelHeight: 190,
  fontFamily: FONT_FAMILY,
  fontSize: 9,
  tickFontSize: 8,
  lineWidth: 1.2,
  markerSize: 5,
}

export const PAPER_STYLES = { 'single-column': SINGLE_COLUMN, 'double-column': DOUBLE_COLUMN } as const
export type PaperStyleId = keyof typeof PAPER_STYLES

/**
 * Viridis sampled at eight stops (van der Walt & Smith): perceptually uniform, readable by
 * colour-blind readers, and its lightness rises monotonically, so the stops stay apart in gray.
 */
const SEQUENCE = ['#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#fde725'] as const

/** Markers in the order series get them; each has the same shape in ECharts and PGFPlots. */
export const MARKERS = [
  'circle',
  'square',
  'triangle',
  'diamond',
  'open-circle',
  'open-square',
  'open-triangle',
  'open-diamond',
] as const
export type Marker = (typeof MARKERS)[number]

/** Dash patterns as on/off lengths in points (empty: solid). */
export const DASHES: readonly (readonly number[])[] = [[], [4, 2], [1, 1.5], [4, 1.5, 1, 1.5], [6, 3], [2, 2, 2, 4]]

export interface SeriesLook {
  /** Line and marker colour; bar fill. */
  color: string
  marker: Marker
  dash: readonly number[]
}

/**
 * Colours for `count` series, spread over the whole lightness range so that two series are as far
 * apart in gray as possible. `forLines` leaves out the lightest stops, which vanish on white as
 * thin lines but are fine as outlined bar fills.
 */
export function seriesColors(count: number, forLines: boolean): string[] {
  const stops = forLines ? SEQUENCE.slice(0, 6) : SEQUENCE
  if (count <= 1) return [stops[0]]
  return Array.from(
    { length: count },
    (_, i) => stops[Math.round((i * (stops.length - 1)) / (count - 1)) % stops.length],
  )
}

/** The look of series `index` out of `count`; markers and dashes cycle independently. */
export function seriesLook(index: number, count: number, forLines: boolean): SeriesLook {
  return {
    color: seriesColors(count, forLines)[index % Math.max(1, count)],
    marker: MARKERS[index % MARKERS.length],
    dash: DASHES[index % DASHES.length],
  }
}

/** Axis, grid and text colours: dark gray text on white, light gridlines that vanish in print. */
export const INK = { text: '#222222', axis: '#444444', grid: '#dddddd', errorBar: '#111111', barEdge: '#222222' }

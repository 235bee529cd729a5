// Figure model -> PGFPlots/TikZ source with the data inline, for papers. The geometry comes from
// the same layout as the ECharts figure (plot areas in points, stacked top to bottom), and the
// looks from the same series looks (colour, marker, dash pattern), so the TeX figure matches the
// SVG/PDF. The file compiles on its own (`pdflatex figure.tex` gives a PDF of the figure's size)
// and can be `\input` into a paper that loads pgfplots: it detects an enclosing document (LaTeX
// turns \documentclass into \@twoclasseserror once a class is loaded) and then skips its own
// preamble. Needs pgfplots 1.16 or newer; nothing beyond pgfplots itself.

import { labelLines, layoutFigure, legendNames, type PanelBox, xRange } from './figure-layout'
import type { BarPanel, Estimate, FigureModel, LinePanel, TimelinePanel } from './figure-model'
import { escapeLatex, latexProvenance, plainNumber } from './latex'
import type { Marker, PaperStyle, SeriesLook } from './style'
import { INK } from './style'

const MARKS: Record<Marker, string> = {
  circle: 'mark=*',
  square: 'mark=square*',
  triangle: 'mark=triangle*',
  diamond: 'mark=diamond*',
  'open-circle': 'mark=o, mark options={solid, fill=white}',
  'open-square': 'mark=square, mark options={solid, fill=white}',
  'open-triangle': 'mark=triangle, mark options={solid, fill=white}',
  'open-diamond': 'mark=diamond, mark options={solid, fill=white}',
}

const n = plainNumber
// The layout is in PostScript points, TeX's "bp" (TeX's "pt" is 1/72.27 in).
const pt = (x: number) => `${n(x)}bp`

function dashPattern(dash: readonly number[]): string {
  if (dash.length === 0) return 'solid'
  const parts: string[] = []
  for (let i = 0; i < dash.length; i += 2) parts.push(`on ${pt(dash[i])} off ${pt(dash[i + 1] ?? dash[i])}`)
  return `dash pattern=${parts.join(' ')}`
}

/** Colours are defined once per figure as mlc0, mlc1, …; looks refer to them by name. */
class Palette {
  private readonly names = new Map<string, string>()
  name(hex: string): string {
    let name = this.names.get(hex)
    if (name === undefined) {
      name = `mlc${this.names.size}`
      this.names.set(hex, name)
    }
    return name
  }
  definitions(): string {
    return [...this.names.entries()]
      .map(([hex, name]) => `\\definecolor{${name}}{HTML}{${hex.replace('#', '').toUpperCase()}}`)
      .join('\n')
  }
}

function fonts(style: PaperStyle) {
  const f = (size: number) => `\\fontsize{${n(size)}}{${n(size * 1.2)}}\\selectfont`
  return { label: f(style.fontSize), tick: f(style.tickFontSize) }
}

function commonAxis(box: PanelBox, style: PaperStyle, first: boolean, legend: string[]): string[] {
  // The legend is centred on the figure, not on the plot area (which long lane labels push right).
  const centre = (style.width / 2 - box.left) / box.width
  const { label, tick } = fonts(style)
  const opts = [
    'scale only axis',
    `width=${pt(box.width)}`,
    `height=${pt(box.height)}`,
    `at={(${pt(box.left)},${pt(-box.top)})}`,
    'anchor=north west',
    `label style={font=${label}}`,
    `tick label style={font=${tick}}`,
    `title style={font=\\bfseries${label}, anchor=south west, at={(0,1)}}`,
    'axis line style={draw=mlaxis, line width=0.6pt}',
    'major tick style={draw=mlaxis, line width=0.6pt}',
    'major grid style={draw=mlgrid, line width=0.5pt}',
    'tick align=outside',
    // Axis lines on the left and bottom only, as in the SVG.
    'axis x line*=bottom',
    'axis y line*=left',
    'scaled ticks=false',
    'ylabel style={yshift=2pt}',
  ]
  if (first && legend.length > 0) {
    opts.push(
      `legend style={font=${label}, draw=none, fill=none, at={(${n(centre)},1)}, anchor=south, yshift=${pt(box.titleTop === null ? 6 : style.fontSize + 10)}, legend cell align=left}`,
      `legend columns=${legendColumns(legend, style)}`,
      'legend image post style={line width=0.8pt}',
      '/tikz/every even column/.append style={column sep=8pt}',
    )
  }
  return opts
}

/** As many equal columns as fit the figure's width (PGFPlots legends have fixed columns). */
function legendColumns(names: string[], style: PaperStyle): number {
  const widest = Math.max(...names.map((x) => x.length)) * style.fontSize * 0.45 + 24
  return Math.max(1, Math.min(names.length, Math.floor((style.width - 8) / widest)))
}

function table(columns: string[], rows: number[][]): string {
  return `{${columns.join(' ')}\\\\\n${rows.map((r) => `${r.map(n).join(' ')}\\\\`).join('\n')}\n}`
}

/**
 * The value axis: log, or linear from zero — unless something shown is negative (a paired
 * difference, an interval reaching below zero), when the axis extends below zero and a zero line
 * is drawn, as ECharts does.
 */
function yScale(scale: 'linear' | 'log', lowest = 0): string[] {
  if (scale === 'log') return ['ymode=log', 'log origin=infty', 'log basis y=10']
  if (lowest >= 0) return ['ymin=0']
  return [
    'extra y ticks={0}',
    'extra y tick labels={}',
    'extra y tick style={grid=major, major grid style={draw=mlaxis, line width=0.6pt}}',
  ]
}

/** The lowest mean or interval bound of a bar panel. */
function lowestOf(panel: BarPanel): number {
  const estimates = [...panel.series.flatMap((s) => s.values), ...(panel.totals ?? [])]
  return Math.min(0, ...estimates.flatMap((e) => (e ? [e.mean, e.ciLow] : [])).filter(Number.isFinite))
}

function ticks(labels: string[], axis: 'x' | 'y'): string[] {
  const multiLine = labels.some((l) => labelLines(l).length > 1)
  const text = labels.map((l) => `{${labelLines(l).map(escapeLatex).join('\\\\')}}`)
  return [
    `${axis}tick={${labels.map((_, i) => i).join(',')}}`,
    `${axis}ticklabels={${text.join(',')}}`,
    ...(multiLine ? [`${axis}ticklabel style={align=center}`] : []),
  ]
}

const ERROR_BARS =
  'error bars/.cd, y dir=both, y explicit, error bar style={draw=mlerr, line width=0.5pt, solid}, error mark options={draw=mlerr, rotate=90, mark size=1.6pt, line width=0.5pt, solid}'

function barPanel(panel: BarPanel, box: PanelBox, style: PaperStyle, palette: Palette, legend: string[]): string {
  const count = panel.stacked ? 1 : panel.series.length
  const band = box.width / Math.max(1, panel.categories.length)
  const barWidth = (band * 0.72) / (count + (count - 1) * 0.08)
  const opts = [
    ...commonAxis(box, style, legend.length > 0, legend),
    panel.stacked ? 'ybar stacked' : `ybar=${pt(barWidth * 0.08)}`,
    'area legend',
    `bar width=${pt(barWidth)}`,
    `xmin=-0.5`,
    `xmax=${panel.categories.length - 0.5}`,
    ...ticks(panel.categories, 'x'),
    ...(box.rotateLabels ? ['xticklabel style={rotate=30, anchor=north east}'] : []),
    'major x tick style={draw=none}',
    'ymajorgrids',
    ...yScale(panel.y.scale, lowestOf(panel)),
    `ylabel={${escapeLatex(panel.y.label)}}`,
  ]
  if (box.titleTop !== null) opts.push(`title={${escapeLatex(panel.title)}}`)
  const plots: string[] = []
  for (const s of panel.series) {
    const color = palette.name(s.look.color)
    const rows = s.values.flatMap((v, i): number[][] => {
      if (v === null) return panel.stacked ? [[i, 0, 0, 0]] : []
      return [[i, v.mean, v.ciHigh - v.mean, v.mean - v.ciLow]]
    })
    const style = [`fill=${color}`, 'draw=mledge', 'line width=0.4pt', ...(panel.stacked ? [] : [ERROR_BARS])]
    plots.push(
      `\\addplot[${style.join(', ')}] table[x=x, y=y${panel.stacked ? '' : ', y error plus=ep, y error minus=em'}, row sep=\\\\] ${table(['x', 'y', 'ep', 'em'], rows)};`,
    )
    if (legend.length > 0) plots.push(`\\addlegendentry{${escapeLatex(s.name)}}`)
  }
  // The totals' intervals are drawn as paths: an extra \addplot would be stacked onto the bars.
  for (const [i, t] of (panel.totals ?? []).entries()) {
    if (t === null || !(t.ciHigh > t.ciLow)) continue
    plots.push(errorBarPath(i, t))
  }
  return `\\begin{axis}[\n  ${opts.join(',\n  ')}\n]\n${plots.join('\n')}\n\\end{axis}`
}

function errorBarPath(x: number, e: Estimate): string {
  const lo = `(axis cs:${n(x)},${n(e.ciLow)})`
  const hi = `(axis cs:${n(x)},${n(e.ciHigh)})`
  return `\\draw[draw=mlerr, line width=0.5pt] ${lo} -- ${hi} ${lo} ++(-1.6pt,0) -- ++(3.2pt,0) ${hi} ++(-1.6pt,0) -- ++(3.2pt,0);`
}

function lookOptions(look: SeriesLook, palette: Palette, markers: boolean, style: PaperStyle): string[] {
  const color = palette.name(look.color)
  return [
    `color=${color}`,
    `line width=${pt(style.lineWidth)}`,
    dashPattern(look.dash),
    markers ? MARKS[look.marker] : 'mark=none',
    `mark size=${pt(style.markerSize / 2)}`,
  ]
}

function linePanel(panel: LinePanel, box: PanelBox, style: PaperStyle, palette: Palette, legend: string[]): string {
  const opts = [
    ...commonAxis(box, style, legend.length > 0, legend),
    `xlabel={${escapeLatex(panel.x.label)}}`,
    `ylabel={${escapeLatex(panel.y.label)}}`,
    'ymajorgrids',
  ]
  if (panel.xCategories) {
    opts.push(...ticks(panel.xCategories, 'x'), `xmin=-0.5`, `xmax=${panel.xCategories.length - 0.5}`)
  } else {
    const range = xRange(
      panel.series.flatMap((s) => s.points.map((p) => p.x)),
      panel.x.scale,
    )
    if (panel.x.scale === 'log') opts.push('xmode=log', 'log basis x=10')
    if (range) opts.push(`xmin=${n(range[0])}`, `xmax=${n(range[1])}`)
  }
  if (panel.y.scale === 'log') opts.push('ymode=log', 'log basis y=10')
  if (panel.step) opts.push('ymin=0', 'ymax=1')
  if (box.titleTop !== null) opts.push(`title={${escapeLatex(panel.title)}}`)
  const plots: string[] = []
  for (const s of panel.series) {
    const withBars = s.points.some((p) => p.y.ciHigh > p.y.ciLow)
    const options = [...lookOptions(s.look, palette, panel.markers, style)]
    if (panel.step) options.push('const plot')
    if (withBars) options.push(ERROR_BARS)
    const rows = s.points.map((p) => [p.x, p.y.mean, p.y.ciHigh - p.y.mean, p.y.mean - p.y.ciLow])
    plots.push(
      `\\addplot[${options.join(', ')}] table[x=x, y=y${withBars ? ', y error plus=ep, y error minus=em' : ''}, row sep=\\\\] ${table(['x', 'y', 'ep', 'em'], rows)};`,
    )
    if (legend.length > 0) plots.push(`\\addlegendentry{${escapeLatex(s.name)}}`)
  }
  return `\\begin{axis}[\n  ${opts.join(',\n  ')}\n]\n${plots.join('\n')}\n\\end{axis}`
}

function timelinePanel(
  panel: TimelinePanel,
  box: PanelBox,
  style: PaperStyle,
  palette: Palette,
  legend: string[],
): string {
  const opts = [
    ...commonAxis(box, style, legend.length > 0, legend),
    `xlabel={${escapeLatex(panel.x.label)}}`,
    `xmin=${n(panel.window[0])}`,
    `xmax=${n(panel.window[1])}`,
    'ymin=-0.5',
    `ymax=${panel.lanes.length - 0.5}`,
    'y dir=reverse',
    ...ticks(panel.lanes, 'y'),
    'major y tick style={draw=none}',
    'xmajorgrids',
    'clip=true',
  ]
  if (box.titleTop !== null) opts.push(`title={${escapeLatex(panel.title)}}`)
  const body: string[] = []
  for (const { kind, color } of panel.segmentLooks) {
    const c = palette.name(color)
    if (legend.length > 0) {
      body.push(`\\addlegendimage{area legend, fill=${c}, draw=mledge, line width=0.3pt}`, `\\addlegendentry{${kind}}`)
    }
    for (const s of panel.segments.filter((x) => x.kind === kind)) {
      body.push(
        `\\fill[fill=${c}, draw=mledge, line width=0.3pt] (axis cs:${n(s.start)},${n(s.lane - 0.28)}) rectangle (axis cs:${n(Math.max(s.end, s.start))},${n(s.lane + 0.28)});`,
      )
    }
  }
  for (const { kind, look } of panel.pointLooks) {
    const coords = panel.points
      .filter((p) => p.kind === kind)
      .map((p) => `(${n(p.t)},${p.lane})`)
      .join(' ')
    body.push(`\\addplot[only marks, ${lookOptions(look, palette, true, style).join(', ')}] coordinates {${coords}};`)
    if (legend.length > 0) body.push(`\\addlegendentry{${kind}}`)
  }
  return `\\begin{axis}[\n  ${opts.join(',\n  ')}\n]\n${body.join('\n')}\n\\end{axis}`
}

const STANDALONE_HEAD = String.raw`\expandafter\ifx\csname @twoclasseserror\endcsname\documentclass
  % \input into a document: the paper's preamble loads pgfplots.
\else
  \documentclass{article}
  \usepackage[T1]{fontenc}
  \usepackage{lmodern}
  \usepackage{pgfplots}
  \pgfplotsset{compat=1.16}
  \pagestyle{empty}
  \hoffset=-1in \voffset=-1in \oddsidemargin=0pt \evensidemargin=0pt \topmargin=0pt
  \headheight=0pt \headsep=0pt \footskip=0pt \textwidth=2000pt \textheight=2000pt \parindent=0pt
  \newsavebox\MigLabFigure
  \def\MigLabStandaloneEnd{\end{lrbox}%
    \pdfpagewidth=\wd\MigLabFigure \pdfpageheight=\dimexpr\ht\MigLabFigure+\dp\MigLabFigure\relax
    \usebox\MigLabFigure\end{document}}
  \begin{document}\begin{lrbox}{\MigLabFigure}%
\fi`

export function figurePgfplots(model: FigureModel, style: PaperStyle): string {
  const layout = layoutFigure(model, style)
  const palette = new Palette()
  const names = legendNames(model)
  const axes = model.panels.map((panel, i) => {
    const legend = i === 0 ? names : []
    const box = layout.panels[i]
    if (panel.type === 'bars') return barPanel(panel, box, style, palette, legend)
    if (panel.type === 'lines') return linePanel(panel, box, style, palette, legend)
    return timelinePanel(panel, box, style, palette, legend)
  })
  const colors = [
    `\\definecolor{mlaxis}{HTML}{${INK.axis.slice(1)}}`,
    `\\definecolor{mlgrid}{HTML}{${INK.grid.slice(1)}}`,
    `\\definecolor{mlerr}{HTML}{${INK.errorBar.slice(1)}}`,
    `\\definecolor{mledge}{HTML}{${INK.barEdge.slice(1)}}`,
    palette.definitions(),
  ].join('\n')
  return [
    `% MigLab figure "${model.kind}": ${model.title}`,
    `% ${model.caption}`,
    latexProvenance(model.provenance),
    `% Standalone: pdflatex this file. In a paper: \\usepackage{pgfplots} in the preamble, then \\input this file.`,
    `% Size: ${style.id} (${style.width} pt wide).`,
    STANDALONE_HEAD,
    '\\begin{tikzpicture}',
    // An invisible frame of the figure's full size, so the picture has the SVG's dimensions.
    `\\path (0,0) rectangle (${pt(layout.width)},${pt(-layout.height)});`,
    colors,
    ...axes,
    '\\end{tikzpicture}%',
    '\\ifdefined\\MigLabStandaloneEnd\\expandafter\\MigLabStandaloneEnd\\fi',
    '',
  ].join('\n')
}

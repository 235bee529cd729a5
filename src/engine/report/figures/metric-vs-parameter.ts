// Figure "metric-vs-parameter": a metric against a swept parameter, one line per architecture
// (colour and marker) and mechanism (dash pattern), with 95 % CI error bars. Parameter values
// written with units ("20ms", "100Mbps", "64KiB") are parsed with the spec's own unit parsers and
// shown in a display unit; other values (names, booleans) become evenly spaced categories.

import { parseDuration, parseRate, parseSize } from '../../core/units'
import type { SweepValue } from '../../scenario/spec'
import { displayUnit, withUnit } from '../display-units'
import type { FigureModel, LinePanel } from '../figure-model'
import { architectureLabel, mechanismLabel } from '../labels'
import { describeMetric, type Quantity } from '../metric-names'
import { formatPoint, provenanceOf } from '../provenance'
import { architecturesOf, mechanismsOf, pointsOf, RowIndex, requireMetric, type StudyResults } from '../study-results'
import { DASHES, MARKERS, seriesColors } from '../style'
import { chooseScale, estimateOf, slug } from './common'

export interface MetricVsParameterOptions {
  metric: string
  /** Sweep parameter path; default: the first parameter that varies. */
  parameter?: string
  mechanisms?: string[]
  scale?: 'linear' | 'log' | 'auto'
  title?: string
}

/** Parameter values as numbers in raw units (ns, bytes, bit/s), or null when they are not quantities. */
function numericValues(values: SweepValue[]): { raw: number[]; quantity: Quantity } | null {
  if (values.every((v) => typeof v === 'number')) return { raw: values as number[], quantity: 'count' }
  const parsers: [Quantity, (v: unknown) => number][] = [
    ['time', parseDuration],
    ['size', parseSize],
    ['rate', parseRate],
  ]
  for (const [quantity, parse] of parsers) {
    try {
      return { raw: values.map((v) => parse(v)), quantity }
    } catch {
      // Not this kind of quantity: try the next parser.
    }
  }
  return null
}

/** "topology.links.uplink.latency" -> "uplink latency". */
function parameterTitle(path: string): string {
  return path.split('.').slice(-2).join(' ')
}

export function metricVsParameterFigure(study: StudyResults, options: MetricVsParameterOptions): FigureModel {
  const name = 'metric-vs-parameter figure'
  const { metric } = options
  requireMetric(study, metric, name)
  const points = pointsOf(study)
  const varying = [...new Set(points.flatMap((p) => Object.keys(p.point)))].filter(
    (k) => new Set(points.map((p) => JSON.stringify(p.point[k]))).size > 1,
  )
  const parameter = options.parameter ?? varying[0]
  if (parameter === undefined) throw new Error(`${name}: the study sweeps no parameter`)
  if (!points.some((p) => parameter in p.point)) {
    throw new Error(`${name}: no sweep point sets "${parameter}"; swept: ${varying.join(', ') || 'nothing'}`)
  }
  const swept = points.filter((p) => parameter in p.point)
  const distinct = [...new Set(swept.map((p) => p.point[parameter]))]
  const numeric = numericValues(distinct)
  const xUnit = numeric ? displayUnit(numeric.quantity, Math.max(...numeric.raw.map(Math.abs))) : null
  const xOf = (v: SweepValue): number =>
    numeric && xUnit ? numeric.raw[distinct.indexOf(v)] / xUnit.factor : distinct.indexOf(v)
  // Other parameters that vary split the lines: each combination is its own series.
  const others = varying.filter((k) => k !== parameter)
  const restOf = (point: Record<string, SweepValue>) => Object.fromEntries(others.map((k) => [k, point[k]]))
  const rests = [...new Map(swept.map((p) => [JSON.stringify(restOf(p.point)), restOf(p.point)])).values()]

  const architectures = architecturesOf(study)
  const mechanisms = options.mechanisms ?? mechanismsOf(study)
  const rows = new RowIndex(study.table)
  const description = describeMetric(metric)
  const raw = study.table.rows.filter((r) => r.metric === metric).map((r) => Math.abs(r.stats.ciHigh))
  const unit = displayUnit(description.quantity, Math.max(0, ...raw))
  const colors = seriesColors(architectures.length, true)

  const series: LinePanel['series'] = []
  for (const [ai, a] of architectures.entries()) {
    for (const [mi, m] of mechanisms.entries()) {
      for (const rest of rests) {
        const pts = swept
          .filter((p) => JSON.stringify(restOf(p.point)) === JSON.stringify(rest))
          .flatMap((p) => {
            const row = rows.get(p.index, a, m, metric)
            return row
              ? [{ x: xOf(p.point[parameter]), y: estimateOf(row.stats, unit), select: { pointIndex: p.index } }]
              : []
          })
          .sort((p, q) => p.x - q.x)
        if (pts.length === 0) continue
        const parts = [architectureLabel(a)]
        if (mechanisms.length > 1) parts.push(mechanismLabel(m))
        if (others.length > 0) parts.push(formatPoint(rest))
        series.push({
          name: parts.join(', '),
          // Architecture: colour and marker; mechanism: dash (one mechanism: dash by architecture,
          // so lines stay apart without markers too).
          look: {
            color: colors[ai],
            marker: MARKERS[ai % MARKERS.length],
            dash: DASHES[(mechanisms.length > 1 ? mi : ai) % DASHES.length],
          },
          points: pts,
          select: { architecture: a, mechanism: m },
        })
      }
    }
  }

  const panel: LinePanel = {
    type: 'lines',
    title: description.title,
    x: {
      label: xUnit ? withUnit(parameterTitle(parameter), xUnit) : parameterTitle(parameter),
      scale: numeric ? chooseScale(distinct.map(xOf)) : 'linear',
    },
    y: {
      label: withUnit(description.title, unit),
      scale: chooseScale(
        series.flatMap((s) => s.points.map((p) => p.y.mean)),
        options.scale,
      ),
    },
    step: false,
    markers: true,
    series,
  }
  if (!numeric) panel.xCategories = distinct.map(String)
  return {
    kind: 'metric-vs-parameter',
    id: `metric-vs-parameter-${slug(metric)}-${slug(parameter)}`,
    title: options.title ?? `${description.title} against ${parameterTitle(parameter)}`,
    caption:
      `${description.title} (${metric}) against the swept parameter ${parameter}, one line per architecture` +
      `${mechanisms.length > 1 ? ' and mechanism' : ''}. Points are means over replications; error bars are 95 % ` +
      'confidence intervals (Student t).',
    panels: [panel],
    provenance: provenanceOf(
      study,
      swept.map((p) => p.index),
    ),
  }
}

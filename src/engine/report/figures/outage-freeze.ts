// Figure "outage-freeze": the two costs of a migration the remote peer feels, per architecture
// (groups) and mechanism (bars), at one sweep point. The freeze is the mechanism's doing; the
// communication outage adds the naming update and the transport's recovery (MODELS.md §0, §1.3),
// so the pair shows how much of the outage each architecture adds on top of the freeze.

import type { FigureModel } from '../figure-model'
import { formatPoint, provenanceOf } from '../provenance'
import {
  architecturesOf,
  mechanismsOf,
  pointsOf,
  RowIndex,
  requireMetric,
  resolvePoint,
  type StudyResults,
} from '../study-results'
import { FREEZE_METRIC, OUTAGE_METRIC } from './common'
import { metricBarPanel } from './metric-bars'

export { FREEZE_METRIC, OUTAGE_METRIC }

export interface OutageFreezeOptions {
  pointIndex?: number
  freezeMetric?: string
  outageMetric?: string
  scale?: 'linear' | 'log' | 'auto'
  title?: string
}

export function outageFreezeFigure(study: StudyResults, options: OutageFreezeOptions = {}): FigureModel {
  const name = 'outage-freeze figure'
  const point = resolvePoint(study, options.pointIndex, name)
  const metrics = [options.freezeMetric ?? FREEZE_METRIC, options.outageMetric ?? OUTAGE_METRIC]
  for (const m of metrics) requireMetric(study, m, name)
  const architectures = architecturesOf(study)
  const mechanisms = mechanismsOf(study)
  const rows = new RowIndex(study.table)

  const panels = metrics.map((metric) => metricBarPanel(rows, point, metric, architectures, mechanisms, options.scale))

  const pointText = formatPoint(pointsOf(study).find((p) => p.index === point)?.point ?? {})
  return {
    kind: 'outage-freeze',
    id: `outage-freeze-p${point}`,
    title: options.title ?? 'Freeze and communication outage per migration',
    caption:
      `${panels[0].title} (${metrics[0]}) and ${panels[1].title.toLowerCase()} (${metrics[1]}) per naming ` +
      `architecture and migration mechanism at sweep point #${point} (${pointText}). Bars are means over ` +
      'replications; error bars are 95 % confidence intervals (Student t).',
    panels,
    provenance: provenanceOf(study, [point]),
  }
}

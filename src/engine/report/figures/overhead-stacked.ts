// Figure "overhead-stacked": what each migration's communication outage is made of — freeze,
// naming update, transport recovery (outage-decomposition.ts says how each part is derived from
// the run records) — per architecture, one panel per mechanism, at one sweep point. Bars are the
// means over every (migration, connection) pair of every replication; the error bar on top is
// the 95 % interval of the total over replications.

import { describe } from '../../metrics/stats'
import { displayUnit, withUnit } from '../display-units'
import type { BarPanel, Estimate, FigureModel } from '../figure-model'
import { architectureLabel, mechanismLabel } from '../labels'
import { decomposeOutage, type OutageDecomposition } from '../outage-decomposition'
import { formatPoint, provenanceOf } from '../provenance'
import { architecturesOf, mechanismsOf, pointsOf, requireRuns, resolvePoint, type StudyResults } from '../study-results'
import { seriesLook } from '../style'

export interface OverheadOptions {
  pointIndex?: number
  /** Only these mechanisms (default: all of the study). */
  mechanisms?: string[]
  title?: string
}

const PARTS = [
  { key: 'freeze', name: 'Freeze' },
  { key: 'namingUpdate', name: 'Naming update' },
  { key: 'transportRecovery', name: 'Transport recovery' },
] as const

interface Group {
  parts: OutageDecomposition[]
  /** Mean total per replication that had at least one restored connection. */
  runTotals: number[]
  broken: number
}

export function overheadFigure(study: StudyResults, options: OverheadOptions = {}): FigureModel {
  const name = 'overhead-stacked figure'
  const point = resolvePoint(study, options.pointIndex, name)
  const runs = requireRuns(study, name).filter((r) => r.job.pointIndex === point)
  const architectures = architecturesOf(study)
  const mechanisms = options.mechanisms ?? mechanismsOf(study)

  const groups = new Map<string, Group>()
  for (const run of runs) {
    const key = JSON.stringify([run.job.architecture, run.job.mechanism])
    const group = groups.get(key) ?? { parts: [], runTotals: [], broken: 0 }
    groups.set(key, group)
    const totals: number[] = []
    for (const m of run.migrations) {
      for (const c of m.connections) {
        const d = decomposeOutage(run, m, c)
        if (d === null) group.broken++
        else {
          group.parts.push(d)
          totals.push(d.total)
        }
      }
    }
    if (totals.length > 0) group.runTotals.push(totals.reduce((a, b) => a + b, 0) / totals.length)
  }
  const groupOf = (a: string, m: string) => groups.get(JSON.stringify([a, m]))

  const largest = Math.max(0, ...[...groups.values()].flatMap((g) => g.runTotals))
  const unit = displayUnit('time', largest)
  let broken = 0
  for (const g of groups.values()) broken += g.broken

  const panels: BarPanel[] = mechanisms.map((mechanism) => ({
    type: 'bars',
    title: mechanismLabel(mechanism),
    // An architecture whose connections never came back has no bar; its label says why.
    categories: architectures.map((a) => {
      const g = groupOf(a, mechanism)
      return g && g.parts.length === 0 && g.broken > 0 ? `${architectureLabel(a)}\n(broken)` : architectureLabel(a)
    }),
    xLabel: 'Naming architecture',
    y: { label: withUnit('Outage per connection', unit), scale: 'linear' },
    stacked: true,
    series: PARTS.map((part, i) => ({
      name: part.name,
      look: seriesLook(i, PARTS.length, false),
      values: architectures.map((a): Estimate | null => {
        const g = groupOf(a, mechanism)
        if (!g || g.parts.length === 0) return null
        const mean = g.parts.reduce((s, d) => s + d[part.key], 0) / g.parts.length / unit.factor
        return { mean, ciLow: mean, ciHigh: mean, n: g.runTotals.length }
      }),
    })),
    // A stack stands for the runs of its architecture with this panel's mechanism.
    select: {
      categories: architectures.map((architecture) => ({ architecture, mechanism, pointIndex: point })),
      series: PARTS.map(() => ({})),
    },
    totals: architectures.map((a) => {
      const g = groupOf(a, mechanism)
      if (!g || g.runTotals.length === 0) return null
      const ci = describe(g.runTotals)!
      // Centre the interval on the stack's top (the pooled mean), which can differ slightly from
      // the mean of per-replication means when replications had different numbers of connections.
      const top = g.parts.reduce((s, d) => s + d.total, 0) / g.parts.length
      return {
        mean: top / unit.factor,
        ciLow: (top - (ci.mean - ci.ciLow)) / unit.factor,
        ciHigh: (top + (ci.ciHigh - ci.mean)) / unit.factor,
        n: ci.n,
      }
    }),
  }))

  const pointText = formatPoint(pointsOf(study).find((p) => p.index === point)?.point ?? {})
  return {
    kind: 'overhead-stacked',
    id: `overhead-stacked-p${point}`,
    title: options.title ?? 'What a migration outage is made of',
    caption:
      `Decomposition of the communication outage of each migrated connection into freeze, naming update ` +
      `(resume to the last naming signal before traffic flowed again) and transport recovery (the rest: ` +
      `retransmission back-off, reconnection) at sweep point #${point} (${pointText}); means over all ` +
      `migrations and connections of ${runs.length} runs, error bars: 95 % interval of the total over ` +
      `replications.${broken > 0 ? ` ${broken} connection outages that never ended are left out.` : ''}`,
    panels,
    provenance: provenanceOf({ ...study, runs }, [point]),
  }
}

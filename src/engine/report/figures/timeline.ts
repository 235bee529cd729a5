// Figure "timeline": what happened around one migration of one run — a lane per process,
// connection, agent and node that had activity in the window, phase segments (running, pre-copy,
// frozen, outage, tunnelled, …) as bars and instantaneous events (host change, retransmissions,
// naming signalling, page faults) as markers. Time is shown relative to the freeze, so the
// figure reads directly as "what the migration cost".

import type { MigrationRecord, PointKind, RunResult, SegmentKind } from '../../run/result'
import { displayUnit, withUnit } from '../display-units'
import type { FigureModel, TimelinePanel } from '../figure-model'
import { architectureLabel, mechanismLabel } from '../labels'
import { provenanceOf } from '../provenance'
import { requireRuns, type StudyResults } from '../study-results'
import { type Marker, seriesColors } from '../style'

export interface TimelineOptions {
  /** Result key of the run; default: the first run (in the order given) that has a migration. */
  run?: string
  /** MigrationRecord.id within the run; default: the first. */
  migration?: number
  title?: string
}

/** Fills per segment kind: related phases share a hue, and lightness tells them apart in gray. */
const SEGMENT_COLORS: Record<SegmentKind, string> = {
  running: '#c6dbef',
  precopy: '#6baed6',
  transferring: '#2171b5',
  frozen: '#08306b',
  residual: '#fdd0a2',
  stalled: '#fd8d3c',
  outage: '#a50f15',
  connected: '#c7e9c0',
  tunnelled: '#74c476',
  forwarded: '#238b45',
  down: '#000000',
}

/** Markers of events: no squares, which the legend would draw like the segments' swatches. */
const POINT_MARKERS: Marker[] = ['circle', 'triangle', 'diamond', 'open-circle', 'open-triangle', 'open-diamond']

const POINT_ORDER: PointKind[] = [
  'host-change',
  'control',
  'retransmission',
  'timeout',
  'reset',
  'reconnect',
  'page-fault',
  'drop',
  'failure',
  'recovery',
]

function chooseMigration(runs: readonly RunResult[], options: TimelineOptions): { run: RunResult; m: MigrationRecord } {
  const candidates = options.run === undefined ? runs : runs.filter((r) => r.key === options.run)
  if (candidates.length === 0) throw new Error(`timeline figure: no run with key "${options.run}"`)
  for (const run of candidates) {
    const m =
      options.migration === undefined ? run.migrations[0] : run.migrations.find((x) => x.id === options.migration)
    if (m) return { run, m }
  }
  throw new Error(
    options.migration === undefined
      ? 'timeline figure: no run has a migration'
      : `timeline figure: run has no migration #${options.migration}`,
  )
}

export function timelineFigure(study: StudyResults, options: TimelineOptions = {}): FigureModel {
  const { run, m } = chooseMigration(requireRuns(study, 'timeline figure'), options)
  const { timeline } = run
  // The window: from the decision to the end of the last outage or dependency of this move, with
  // a margin of 15 % on each side so the steady state before and after is visible.
  const outageEnd = Math.max(
    m.completedAt,
    ...m.connections.flatMap((c) =>
      [c.outageIn, c.outageOut].filter((o): o is number => o !== null).map((o) => m.freezeAt + o),
    ),
  )
  const start = Math.min(m.decidedAt, m.freezeAt)
  const margin = Math.max(1, Math.round(0.15 * (outageEnd - start)))
  const from = Math.max(0, start - margin)
  const to = outageEnd + margin
  const unit = displayUnit('time', Math.max(Math.abs(from - m.freezeAt), Math.abs(to - m.freezeAt)))
  const rel = (t: number) => (t - m.freezeAt) / unit.factor

  const active = new Set<number>()
  const segments: TimelinePanel['segments'] = []
  for (let i = 0; i < timeline.segments.start.length; i++) {
    const s = timeline.segments.start[i]
    const e = timeline.segments.end[i]
    if (e < from || s > to) continue
    active.add(timeline.segments.lane[i])
    segments.push({
      lane: timeline.segments.lane[i],
      start: rel(Math.max(s, from)),
      end: rel(Math.min(e, to)),
      kind: timeline.segments.kind[i],
    })
  }
  const points: TimelinePanel['points'] = []
  for (let i = 0; i < timeline.points.t.length; i++) {
    const t = timeline.points.t[i]
    if (t < from || t > to) continue
    active.add(timeline.points.lane[i])
    points.push({ lane: timeline.points.lane[i], t: rel(t), kind: timeline.points.kind[i] })
  }
  // Lanes renumbered to those with activity, in the timeline's order.
  const laneIds = [...active].sort((a, b) => a - b)
  const laneIndex = new Map(laneIds.map((l, i) => [l, i]))
  const segmentKinds = (Object.keys(SEGMENT_COLORS) as SegmentKind[]).filter((k) => segments.some((s) => s.kind === k))
  const pointKinds = POINT_ORDER.filter((k) => points.some((p) => p.kind === k))

  const panel: TimelinePanel = {
    type: 'timeline',
    title: `${m.process}: ${m.from} → ${m.to}`,
    x: { label: withUnit('Time relative to freeze', unit), scale: 'linear' },
    lanes: laneIds.map((l) => timeline.lanes[l].label),
    segments: segments.map((s) => ({ ...s, lane: laneIndex.get(s.lane)! })),
    points: points.map((p) => ({ ...p, lane: laneIndex.get(p.lane)! })),
    window: [rel(from), rel(to)],
    segmentLooks: segmentKinds.map((kind) => ({ kind, color: SEGMENT_COLORS[kind] })),
    pointLooks: pointKinds.map((kind, i) => ({
      kind,
      look: {
        color: seriesColors(pointKinds.length, true)[i],
        marker: POINT_MARKERS[i % POINT_MARKERS.length],
        dash: [],
      },
    })),
  }
  return {
    kind: 'timeline',
    id: `timeline-${run.key.slice(0, 12)}-m${m.id}`,
    title:
      options.title ??
      `Migration of ${m.process} under ${architectureLabel(run.job.architecture)}, ${mechanismLabel(run.job.mechanism)}`,
    caption:
      `Timeline of migration #${m.id} (${m.trigger}) of ${m.process} from ${m.from} to ${m.to} in run ${run.key} ` +
      `(architecture ${run.job.architecture}, mechanism ${run.job.mechanism}, sweep point #${run.job.pointIndex}, ` +
      `replication ${run.job.replication}, seed ${run.job.seed}); time 0 is the freeze.` +
      (timeline.truncated ? ' The engine truncated this timeline, so some records are missing.' : ''),
    panels: [panel],
    provenance: provenanceOf({ ...study, runs: [run] }, [run.job.pointIndex]),
  }
}

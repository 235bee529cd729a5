// The recorder: everything the engine reports about a run passes through here as compact
// records — timeline segments and points, migrations, sessions (the logical connections of
// workloads) with their deliveries, control messages of the naming architecture, residual
// dependencies, page faults, samples — and the reducers in summary.ts turn them into a RunResult.

import type { Time } from '../core'
import type { MigrationRecord, PointKind, ResidualDependency, SegmentKind, Timeline, TimelineLane } from '../run/result'

/** Timeline records beyond this are dropped (and the timeline marked truncated). */
export const TIMELINE_LIMIT = 2_000_000

export type Direction = 'in' | 'out'

/**
 * A logical connection of a workload between a process in the cluster and a remote peer (or
 * another process). It outlives transport connections: a reconnect continues the same session.
 */
export class Session {
  /** Delivery times per direction ('in': toward the process; 'out': from it). */
  readonly inTimes: number[] = []
  readonly outTimes: number[] = []
  /** One-way delays (ns) of data delivered toward the process, with their times and sizes, for stretch. */
  readonly inDelays: number[] = []
  readonly inDelayTimes: number[] = []
  readonly inSizes: number[] = []
  /** Times of retransmissions and of packets of this session that were dropped. */
  readonly retxTimes: number[] = []
  readonly dropTimes: number[] = []
  rtoExpiries = 0
  bytesIn = 0
  bytesOut = 0
  retransmissions = 0
  timeouts = 0
  resets = 0
  reconnects = 0
  lost = 0
  openedAt: number | null = null
  closedAt: number | null = null
  transport = 'tcp'
  readonly lane: number

  constructor(
    readonly id: string,
    readonly workload: string,
    readonly process: string,
    readonly peer: string,
    lane: number,
  ) {
    this.lane = lane
  }
}

export interface ControlMessage {
  t: Time
  what: string
  from: string
  to: string
  bytes: number
  /** The migration it belongs to, or -1 (periodic refreshes, set-up). */
  migration: number
}

export class Recorder {
  readonly lanes: TimelineLane[] = []
  private readonly laneIds = new Map<string, number>()
  private readonly seg = {
    lane: [] as number[],
    start: [] as number[],
    end: [] as number[],
    kind: [] as SegmentKind[],
    detail: [] as number[],
  }
  private readonly pts = { lane: [] as number[], t: [] as number[], kind: [] as PointKind[], detail: [] as number[] }
  private readonly strings: string[] = []
  private readonly stringIds = new Map<string, number>()
  private truncated = false
  readonly migrations: MigrationRecord[] = []
  readonly sessions: Session[] = []
  readonly control: ControlMessage[] = []
  readonly samples = new Map<string, { t: number[]; v: number[] }>()
  readonly counters = new Map<string, number>()
  /** Residual dependencies by process, open ones have until === null. */
  readonly residuals: (ResidualDependency & { process: string; migration: number })[] = []

  lane(id: string, kind: TimelineLane['kind'], label: string): number {
    const k = this.laneIds.get(id)
    if (k !== undefined) return k
    const idx = this.lanes.length
    this.lanes.push({ id, kind, label })
    this.laneIds.set(id, idx)
    return idx
  }

  private str(s: string | undefined): number {
    if (s === undefined) return -1
    const k = this.stringIds.get(s)
    if (k !== undefined) return k
    const idx = this.strings.length
    this.strings.push(s)
    this.stringIds.set(s, idx)
    return idx
  }

  private full(): boolean {
    if (this.seg.lane.length + this.pts.lane.length < TIMELINE_LIMIT) return false
    this.truncated = true
    return true
  }

  segment(lane: number, start: Time, end: Time, kind: SegmentKind, detail?: string): void {
    if (end < start || this.full()) return
    this.seg.lane.push(lane)
    this.seg.start.push(start)
    this.seg.end.push(end)
    this.seg.kind.push(kind)
    this.seg.detail.push(this.str(detail))
  }

  point(lane: number, t: Time, kind: PointKind, detail?: string): void {
    if (this.full()) return
    this.pts.lane.push(lane)
    this.pts.t.push(t)
    this.pts.kind.push(kind)
    this.pts.detail.push(this.str(detail))
  }

  session(id: string, workload: string, process: string, peer: string): Session {
    const s = new Session(id, workload, process, peer, this.lane(`conn:${id}`, 'connection', id))
    this.sessions.push(s)
    return s
  }

  controlMessage(m: ControlMessage): void {
    this.control.push(m)
  }

  sample(series: string, t: Time, v: number): void {
    let s = this.samples.get(series)
    if (!s) {
      s = { t: [], v: [] }
      this.samples.set(series, s)
    }
    s.t.push(t)
    s.v.push(v)
  }

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by)
  }

  /** Opens a residual dependency; returns its index for endResidual. */
  residual(process: string, migration: number, node: string, what: string, from: Time): number {
    this.residuals.push({ process, migration, node, what, from, until: null })
    return this.residuals.length - 1
  }

  endResidual(k: number, at: Time): void {
    const r = this.residuals[k]
    if (r && r.until === null) r.until = at
  }

  timeline(): Timeline {
    return {
      lanes: this.lanes,
      segments: this.seg,
      points: this.pts,
      strings: this.strings,
      truncated: this.truncated,
    }
  }
}

// The timeline of a run: what lands on which lane, and a downsampler for views of long runs.
//
// Lanes and what they carry:
//   process      phase segments (running, precopy, frozen, transferring, stalled), residual
//                dependencies, host changes, page faults, refusals and evictions, its death
//   connection   (a workload session) outages after moves, retransmissions, RTO expiries,
//                resets, reconnects
//   agent        a naming architecture's signalling (control messages)
//   node         failures and recoveries of nodes and links (as `down` segments and points),
//                owners returning to their workstations
//
// Phase segments come from the processes themselves (ProcessObserver.phaseEnded); the phases
// still open at the end of the run, the residual dependencies, outages and down times are
// closed by closeTimeline() when the run ends.

import { parseDuration, type Time } from '../core'
import type { Process, ProcessObserver, ProcessPhase } from '../proc/process'
import type { PointKind, SegmentKind, Timeline } from '../run/result'
import type { World } from '../sim/world'
import type { Recorder } from './recorder'

function phaseDetail(p: Process, phase: ProcessPhase): string {
  const where =
    phase === 'running' || phase === 'stalled' || p.migratingTo === null
      ? p.host.name
      : `${p.host.name}→${p.migratingTo.name}`
  return p.phaseNote === null ? where : `${p.phaseNote}, ${where}`
}

/** Records a process's phases on its lane as they end, and its death. */
export function processTimeline(rec: Recorder): ProcessObserver {
  return {
    phaseEnded(p, phase, since, now) {
      if (phase === 'dead' || now <= since) return
      rec.segment(p.lane, since, now, phase, phaseDetail(p, phase))
    },
    died(p, why) {
      rec.point(p.lane, p.phaseSince, 'failure', `dies: ${why}`)
    },
  }
}

/** Closes what is still open when the run ends at `end`. */
export function closeTimeline(world: World, end: Time): void {
  const rec = world.recorder
  for (const p of world.processes.values()) {
    const phase = p.phase
    if (phase !== 'dead' && end > p.phaseSince) rec.segment(p.lane, p.phaseSince, end, phase, phaseDetail(p, phase))
    for (const r of rec.residuals) {
      if (r.process === p.name) rec.segment(p.lane, r.from, r.until ?? end, 'residual', `${r.what} (${r.node})`)
    }
  }
  for (const s of rec.sessions) {
    for (const m of rec.migrations) {
      if (m.process !== s.process || m.freezeAt < 0) continue
      const e = m.connections.find((c) => c.connection === s.id)
      const outage = e ? Math.max(e.outageIn ?? 0, e.outageOut ?? 0) : 0
      if (outage > 0) rec.segment(s.lane, m.freezeAt, m.freezeAt + outage, 'outage', `migration ${m.id}`)
    }
  }
  for (const f of world.spec.failures) {
    const from = parseDuration(f.at)
    if (from > end) continue
    const until = Math.min(end, f.recover ? parseDuration(f.recover) : end)
    const lane =
      f.kind === 'node'
        ? rec.lane(`node:${f.target}`, 'node', f.target)
        : rec.lane(`link:${f.target}`, 'node', `link ${f.target}`)
    rec.segment(lane, from, until, 'down', f.kind === 'node' ? `${f.target} down` : `link ${f.target} down`)
  }
}

// ---- downsampling --------------------------------------------------------------------------------

/** Segments overlapping [from, to] plus points inside it: what an exact view of it would draw. */
export function recordsInWindow(t: Timeline, from: Time, to: Time): number {
  let n = 0
  const sg = t.segments
  for (let i = 0; i < sg.lane.length; i++) if (sg.end[i] >= from && sg.start[i] <= to) n++
  const pt = t.points
  for (let i = 0; i < pt.lane.length; i++) if (pt.t[i] >= from && pt.t[i] <= to) n++
  return n
}

/**
 * The part of a timeline that a view of [from, to] shows, with at most `maxRecords` segments and
 * points together. When the window holds no more than that, it is exact: every segment that
 * overlaps the window and every point in it, unchanged. Otherwise records are merged per lane and
 * kind at the coarsest time resolution that is needed (doubling from (to − from) / maxRecords):
 * points in one time bucket become one point at the first one's time, detailed "N × kind";
 * segments shorter than the resolution merge with their neighbours of the same kind closer than
 * the resolution into one segment spanning them, detailed "N × kind". Segments longer than the
 * resolution are kept as they are. If even one record per lane and kind is too many, the result
 * keeps the earliest records and says `truncated`.
 */
export function downsampleTimeline(t: Timeline, from: Time, to: Time, maxRecords: number): Timeline {
  if (!(to >= from)) throw new RangeError(`downsampleTimeline: the window ends (${to}) before it starts (${from})`)
  if (!Number.isInteger(maxRecords) || maxRecords < 1) {
    throw new RangeError(`downsampleTimeline: maxRecords must be a positive integer, got ${maxRecords}`)
  }
  const segs: number[] = []
  const sg = t.segments
  for (let i = 0; i < sg.lane.length; i++) if (sg.end[i] >= from && sg.start[i] <= to) segs.push(i)
  const pts: number[] = []
  const pt = t.points
  for (let i = 0; i < pt.lane.length; i++) if (pt.t[i] >= from && pt.t[i] <= to) pts.push(i)

  const out: Timeline = {
    lanes: t.lanes,
    segments: { lane: [], start: [], end: [], kind: [], detail: [] },
    points: { lane: [], t: [], kind: [], detail: [] },
    strings: [...t.strings],
    truncated: t.truncated,
  }
  if (segs.length + pts.length <= maxRecords) {
    for (const i of segs) pushSegment(out, sg.lane[i], sg.start[i], sg.end[i], sg.kind[i], sg.detail[i])
    for (const i of pts) pushPoint(out, pt.lane[i], pt.t[i], pt.kind[i], pt.detail[i])
    return out
  }

  // Group by lane and kind, each group in time order, once; then merge at growing resolutions.
  const segGroups = groupBy(segs, sg.lane, sg.kind, sg.start)
  const ptGroups = groupBy(pts, pt.lane, pt.kind, pt.t)
  const span = Math.max(1, to - from)
  let width = span / maxRecords
  for (;;) {
    const merged = mergeAt(width, segGroups, ptGroups, t, from)
    const coarsest = width >= span
    if (merged.count <= maxRecords || coarsest) {
      const strings = new Map<string, number>()
      const str = (s: string) => {
        let k = strings.get(s)
        if (k === undefined) {
          k = out.strings.length
          out.strings.push(s)
          strings.set(s, k)
        }
        return k
      }
      let budget = maxRecords
      // Segments first, then points, each in time order, while the budget lasts.
      const segRecs = merged.segments.sort((a, b) => a.start - b.start || a.lane - b.lane)
      const ptRecs = merged.points.sort((a, b) => a.t - b.t || a.lane - b.lane)
      for (const r of segRecs) {
        if (budget === 0) break
        budget--
        const detail = r.n === 1 ? r.detail : str(`${r.n} × ${r.kind}`)
        pushSegment(out, r.lane, r.start, r.end, r.kind, detail)
      }
      for (const r of ptRecs) {
        if (budget === 0) break
        budget--
        pushPoint(out, r.lane, r.t, r.kind, r.n === 1 ? r.detail : str(`${r.n} × ${r.kind}`))
      }
      if (merged.count > maxRecords) out.truncated = true
      return out
    }
    width *= 2
  }
}

interface SegRec {
  lane: number
  start: Time
  end: Time
  kind: SegmentKind
  detail: number
  n: number
}

interface PtRec {
  lane: number
  t: Time
  kind: PointKind
  detail: number
  n: number
}

/** Record indices grouped by lane and kind, each group in time order. */
function groupBy(idx: number[], lanes: number[], kinds: string[], times: number[]): number[][] {
  const kindIds = new Map<string, number>()
  const groups = new Map<number, number[]>()
  for (const i of idx) {
    let k = kindIds.get(kinds[i])
    if (k === undefined) {
      k = kindIds.size
      kindIds.set(kinds[i], k)
    }
    const key = lanes[i] * 64 + k
    let g = groups.get(key)
    if (!g) {
      g = []
      groups.set(key, g)
    }
    g.push(i)
  }
  const list = [...groups.values()]
  // Records are mostly appended in time order already: sort only the groups that are not.
  for (const g of list) {
    let sorted = true
    for (let j = 1; j < g.length && sorted; j++) sorted = times[g[j - 1]] <= times[g[j]]
    if (!sorted) g.sort((a, b) => times[a] - times[b] || a - b)
  }
  return list
}

function mergeAt(
  width: number,
  segGroups: number[][],
  ptGroups: number[][],
  t: Timeline,
  from: Time,
): { segments: SegRec[]; points: PtRec[]; count: number } {
  const sg = t.segments
  const pt = t.points
  const segments: SegRec[] = []
  for (const g of segGroups) {
    let cur: SegRec | null = null
    for (const i of g) {
      const start = sg.start[i]
      const end = sg.end[i]
      const short = end - start < width
      if (cur !== null && short && start - cur.end < width) {
        cur.end = Math.max(cur.end, end)
        cur.n++
        continue
      }
      cur = { lane: sg.lane[i], start, end, kind: sg.kind[i], detail: sg.detail[i], n: 1 }
      segments.push(cur)
      if (!short) cur = null
    }
  }
  const points: PtRec[] = []
  for (const g of ptGroups) {
    let cur: PtRec | null = null
    let bucket = -1
    for (const i of g) {
      const b = Math.floor((pt.t[i] - from) / width)
      if (cur !== null && b === bucket) {
        cur.n++
        continue
      }
      bucket = b
      cur = { lane: pt.lane[i], t: pt.t[i], kind: pt.kind[i], detail: pt.detail[i], n: 1 }
      points.push(cur)
    }
  }
  return { segments, points, count: segments.length + points.length }
}

function pushSegment(out: Timeline, lane: number, start: Time, end: Time, kind: SegmentKind, detail: number): void {
  const s = out.segments
  s.lane.push(lane)
  s.start.push(start)
  s.end.push(end)
  s.kind.push(kind)
  s.detail.push(detail)
}

function pushPoint(out: Timeline, lane: number, t: Time, kind: PointKind, detail: number): void {
  const p = out.points
  p.lane.push(lane)
  p.t.push(t)
  p.kind.push(kind)
  p.detail.push(detail)
}

// The time strip under the canvas: the study's events on its time axis. One lane per process for
// its migrations, one for owner evictions and one for failures. Drag an event along the axis to
// change when it happens; drag it up onto a host of the canvas to choose where it goes (a
// migration's destination, the evicted workstation, the node that fails). New events are dragged
// in from the chips on the left. Events the script adds are drawn too, hatched, and stay put.
import { type RefObject, useRef, useState } from 'react'
import { formatDuration, parseDuration } from '../../../engine/core/units'
import { useProblems } from '../state/problems'
import {
  addFailure,
  addMigration,
  addPolicy,
  clusterHosts,
  type EventRef,
  removeEvent,
  updateFailure,
  updateMigration,
  updatePolicy,
} from '../state/spec-edit'
import { type EvictionInput, parseKey, type SpecInput, topologyOf } from '../state/spec-types'
import { useProjectSession, useSession } from '../state/use-session'
import type { CanvasApi } from '../topology/canvas-api'
import { Icon, type IconName } from '../ui/Icon'
import { notify } from '../ui/notices'
import { beginPointerDrag } from '../ui/pointer-drag'
import { niceStep, ticks } from './time-axis'

type EventKind = 'migrate' | 'evict' | 'fail'

/** One marker: an event (or one owner return of an eviction) at a time, in a lane. */
interface Marker {
  ref: EventRef
  /** Which of an eviction's owner returns. */
  returnIndex?: number
  lane: string
  at: number
  until?: number
  label: string
  kind: EventKind
  generated: boolean
  error?: string
}

const DEFAULT_DURATION = 60e9

function safeDuration(text: unknown): number | null {
  try {
    return parseDuration(text)
  } catch {
    return null
  }
}

type Counts = { migrations: number; policies: number; failures: number }

/**
 * The drawn events (as drawn now) followed by the ones the script adds: the compiled spec holds
 * the drawn events first, so whatever lies past their count in it is the script's.
 */
function withScriptEvents(drawn: SpecInput, compiled: SpecInput | null, counts: Counts): SpecInput {
  if (!compiled) return drawn
  return {
    ...drawn,
    migrations: [...(drawn.migrations ?? []), ...(compiled.migrations ?? []).slice(counts.migrations)],
    policies: [...(drawn.policies ?? []), ...(compiled.policies ?? []).slice(counts.policies)],
    failures: [...(drawn.failures ?? []), ...(compiled.failures ?? []).slice(counts.failures)],
  }
}

function markersOf(spec: SpecInput, generatedFrom: Counts, end: number) {
  const out: Marker[] = []
  ;(spec.migrations ?? []).forEach((m, index) => {
    const at = safeDuration(m.at)
    if (at === null) return
    out.push({
      ref: { list: 'migrations', index },
      lane: `process:${m.process}`,
      at,
      label: `→ ${m.to}`,
      kind: 'migrate',
      generated: index >= generatedFrom.migrations,
    })
  })
  ;(spec.policies ?? []).forEach((p, index) => {
    if (p.kind !== 'eviction') return
    p.ownerReturns.forEach((t, returnIndex) => {
      const at = safeDuration(t)
      if (at === null) return
      out.push({
        ref: { list: 'policies', index },
        returnIndex,
        lane: 'evictions',
        at,
        label: `owner of ${p.host}`,
        kind: 'evict',
        generated: index >= generatedFrom.policies,
      })
    })
  })
  ;(spec.failures ?? []).forEach((f, index) => {
    const at = safeDuration(f.at)
    if (at === null) return
    const until = f.recover === undefined ? end : (safeDuration(f.recover) ?? end)
    out.push({
      ref: { list: 'failures', index },
      lane: 'failures',
      at,
      until,
      label: `${f.kind === 'link' ? 'link' : ''} ${f.target} down`.trim(),
      kind: 'fail',
      generated: index >= generatedFrom.failures,
    })
  })
  return out
}

export function TimeStrip({ canvas }: { canvas: RefObject<CanvasApi | null> }): React.JSX.Element {
  const session = useProjectSession()
  const drawn = useSession((s) => s.draft.spec)
  const good = useSession((s) => s.good)
  const problems = useProblems()
  const selected = useSession((s) => s.event)
  const [dragging, setDragging] = useState<{ marker: Marker; at: number; target: string | null } | null>(null)
  const track = useRef<HTMLDivElement>(null)

  const end = safeDuration(drawn.duration) ?? safeDuration(good?.spec.duration) ?? DEFAULT_DURATION
  const step = niceStep(end)
  const counts = {
    migrations: (drawn.migrations ?? []).length,
    policies: (drawn.policies ?? []).length,
    failures: (drawn.failures ?? []).length,
  }
  const markers = markersOf(withScriptEvents(drawn, good?.spec ?? null, counts), counts, end).map((m) => {
    const errs = problems.byEvent.get(`${m.ref.list}:${m.ref.index}`)
    return errs ? { ...m, error: errs.map((e) => e.message).join('\n') } : m
  })
  const processes = [
    ...(drawn.processes ?? []).map((p) => ({ name: p.name, host: p.host, generated: false })),
    ...(good?.spec.processes ?? [])
      .filter((p) => !(drawn.processes ?? []).some((d) => d.name === p.name))
      .map((p) => ({ name: p.name, host: p.host, generated: true })),
  ]
  const lanes = [
    ...processes.map((p) => ({
      id: `process:${p.name}`,
      label: p.name,
      sub: `starts on ${p.host}`,
      generated: p.generated,
    })),
    { id: 'evictions', label: 'Owner returns', sub: 'evicts foreign processes', generated: false },
    { id: 'failures', label: 'Failures', sub: 'nodes and links down', generated: false },
  ]

  /** The time under a screen x, snapped to the axis step; null when outside the track. */
  const timeAt = (clientX: number): number | null => {
    const box = track.current?.getBoundingClientRect()
    if (!box || box.width === 0) return null
    const f = Math.min(1, Math.max(0, (clientX - box.left) / box.width))
    return Math.min(end, Math.round((f * end) / (step / 10)) * (step / 10))
  }
  const laneAt = (clientY: number): string | null => {
    // Lanes are grid rows of display: contents, so their cells carry the lane (they have boxes).
    const rows = track.current?.parentElement?.querySelectorAll<HTMLElement>('[data-lane]') ?? []
    for (const r of rows) {
      const b = r.getBoundingClientRect()
      if (clientY >= b.top && clientY <= b.bottom) return r.dataset.lane ?? null
    }
    return null
  }

  // ---- new events from the chips ----------------------------------------------------------------
  const dropNew = (kind: EventKind, clientX: number, clientY: number) => {
    const at = timeAt(clientX)
    const lane = laneAt(clientY)
    if (at === null || lane === null) return
    const when = formatDuration(at)
    const spec = session.draft.spec
    const hosts = clusterHosts(spec)
    if (kind === 'migrate') {
      if (!lane.startsWith('process:')) return notify('Drop “Migrate” on the lane of the process that moves', 'error')
      const name = parseKey(lane).name
      const from = processes.find((p) => p.name === name)?.host
      const to = hosts.find((h) => h !== from)
      if (!to) return notify('A migration needs a second cluster host to move to', 'error')
      session.edit(`Migrate ${name} at ${when}`, (s) => addMigration(s, { process: name, to, at: when })[0])
      return
    }
    if (kind === 'evict') {
      const host = selectedNode(session.selection, spec, 'host') ?? processes[0]?.host ?? hosts[0]
      if (!host) return notify('An owner eviction needs a cluster host', 'error')
      const existing = (spec.policies ?? []).findIndex((p) => p.kind === 'eviction' && p.host === host)
      session.edit(`Owner of ${host} returns at ${when}`, (s) => {
        if (existing < 0) return addPolicy(s, { kind: 'eviction', host, ownerReturns: [when] })[0]
        const p = (s.policies ?? [])[existing] as EvictionInput
        return updatePolicy(s, existing, { ...p, ownerReturns: [...p.ownerReturns, when] })
      })
      return
    }
    const target =
      selectedNode(session.selection, spec, 'any') ?? topologyOf(spec).nodes.find((n) => n.kind === 'router')?.name
    if (!target) return notify('A failure needs a node: select one on the canvas first', 'error')
    session.edit(`${target} fails at ${when}`, (s) => addFailure(s, { kind: 'node', target, at: when })[0])
  }

  // ---- moving and retargeting markers ----------------------------------------------------------
  const startMove = (m: Marker, e: React.PointerEvent) => {
    session.selectEvent({ ref: m.ref, returnIndex: m.returnIndex, generated: m.generated })
    if (m.generated) return
    const strip = track.current?.closest('.time-strip')?.getBoundingClientRect()
    let current = { at: m.at, target: null as string | null }
    beginPointerDrag(e, {
      ghost: m.label,
      move: (x, y) => {
        const at = timeAt(x) ?? m.at
        const above = strip && y < strip.top
        const target = above ? (canvas.current?.elementAt(x, y, ['node']) ?? null) : null
        canvas.current?.highlight(target)
        current = { at, target }
        setDragging({ marker: m, at, target })
      },
      drop: () => {
        canvas.current?.highlight(null)
        setDragging(null)
        commitMove(m, current.at, current.target)
      },
      cancel: () => {
        canvas.current?.highlight(null)
        setDragging(null)
      },
    })
  }

  const commitMove = (m: Marker, at: number, target: string | null) => {
    const when = formatDuration(at)
    const node = target ? parseKey(target).name : null
    const spec = session.draft.spec
    if (m.kind === 'migrate') {
      const mig = spec.migrations?.[m.ref.index]
      if (!mig) return
      const patch = { ...(at !== m.at ? { at: when } : {}), ...(node && node !== mig.to ? { to: node } : {}) }
      if (Object.keys(patch).length === 0) return
      session.edit(
        `Migration of ${mig.process}${patch.to ? ` to ${patch.to}` : ''}${patch.at ? ` at ${when}` : ''}`,
        (s) => updateMigration(s, m.ref.index, patch),
      )
    } else if (m.kind === 'evict') {
      const p = spec.policies?.[m.ref.index]
      if (p?.kind !== 'eviction') return
      const returns = p.ownerReturns.map((t, i) => (i === m.returnIndex ? when : t))
      session.edit(`Owner returns at ${when}`, (s) =>
        updatePolicy(s, m.ref.index, { ...p, ownerReturns: returns, ...(node ? { host: node } : {}) }),
      )
    } else {
      const f = spec.failures?.[m.ref.index]
      if (!f) return
      const shift = at - m.at
      const recover = f.recover === undefined ? undefined : formatDuration((safeDuration(f.recover) ?? at) + shift)
      session.edit(`Failure at ${when}`, (s) =>
        updateFailure(s, m.ref.index, {
          at: when,
          ...(recover ? { recover } : {}),
          ...(node ? { kind: 'node', target: node } : {}),
        }),
      )
    }
  }

  const pct = (t: number) => `${(100 * t) / end}%`
  const chip = (kind: EventKind, label: string, icon: IconName, hint: string) => (
    <button
      type="button"
      className={`strip-chip ${kind}`}
      title={hint}
      data-testid={`strip-new-${kind}`}
      onPointerDown={(e) => beginPointerDrag(e, { ghost: label, drop: (x, y) => dropNew(kind, x, y) })}
    >
      <Icon name={icon} size={14} /> {label}
    </button>
  )
  const sel =
    selected &&
    markers.find(
      (m) =>
        m.ref.list === selected.ref.list &&
        m.ref.index === selected.ref.index &&
        m.returnIndex === selected.returnIndex,
    )

  return (
    <div className="time-strip" data-testid="time-strip">
      <div className="strip-chips">
        {chip('migrate', 'Migrate', 'migrate', 'Drag onto a process lane at the time it moves')}
        {chip('evict', 'Owner returns', 'evict', 'Drag onto the strip: the selected workstation’s owner comes back')}
        {chip('fail', 'Failure', 'failure', 'Drag onto the strip: the selected node goes down')}
        <span className="muted small strip-help">
          Drag events along time; drag one up onto a host to send it there.
        </span>
      </div>
      <div className="strip-grid">
        <div className="strip-axis-label" />
        <div className="strip-axis" ref={track}>
          {ticks(end, step).map((t) => (
            <span key={t} className="strip-tick" style={{ left: pct(t) }}>
              {t === 0 ? '0s' : formatDuration(t)}
            </span>
          ))}
        </div>
        {lanes.map((lane) => (
          <div key={lane.id} className={`strip-lane${lane.generated ? ' generated' : ''}`}>
            <div className="strip-lane-label" title={lane.sub} data-lane={lane.id}>
              <strong>{lane.label}</strong>
              <span>{lane.sub}</span>
            </div>
            <div className="strip-lane-track" data-lane={lane.id}>
              {ticks(end, step).map((t) => (
                <span key={t} className="strip-gridline" style={{ left: pct(t) }} />
              ))}
              {markers
                .filter((m) => m.lane === lane.id)
                .map((m) => {
                  const live = dragging && dragging.marker === m ? dragging.at : m.at
                  const isSel = sel === m
                  return (
                    <button
                      key={`${m.ref.list}-${m.ref.index}-${m.returnIndex ?? 0}`}
                      type="button"
                      className={`strip-marker ${m.kind}${m.generated ? ' generated' : ''}${isSel ? ' selected' : ''}${m.error ? ' invalid' : ''}`}
                      style={{
                        left: pct(live),
                        ...(m.until !== undefined ? { width: pct(Math.max(0, m.until - live)) } : {}),
                      }}
                      title={`${m.label} at ${formatDuration(live)}${m.generated ? ' (from scenario.ts)' : ''}${m.error ? `\n${m.error}` : ''}`}
                      data-testid={`marker-${m.ref.list}-${m.ref.index}`}
                      onPointerDown={(e) => startMove(m, e)}
                      onClick={() =>
                        session.selectEvent({ ref: m.ref, returnIndex: m.returnIndex, generated: m.generated })
                      }
                      onKeyDown={(e) => {
                        if ((e.key === 'Delete' || e.key === 'Backspace') && !m.generated) {
                          // The strip's own delete: the canvas's Delete command must not also run.
                          e.preventDefault()
                          session.edit('Delete event', (s) => removeEvent(s, m.ref))
                          session.selectEvent(null)
                        }
                      }}
                    >
                      <span>{m.label}</span>
                      {dragging?.marker === m ? (
                        <span className="marker-time">
                          {formatDuration(dragging.at)}
                          {dragging.target ? ` → ${parseKey(dragging.target).name}` : ''}
                        </span>
                      ) : null}
                    </button>
                  )
                })}
            </div>
          </div>
        ))}
      </div>
    </div>
  )
}

function selectedNode(selection: ReadonlySet<string>, spec: SpecInput, kind: 'host' | 'any'): string | undefined {
  for (const k of selection) {
    const { kind: k2, name } = parseKey(k)
    if (k2 !== 'node') continue
    const n = topologyOf(spec).nodes.find((x) => x.name === name)
    if (n && (kind === 'any' || n.kind === 'host')) return name
  }
  return undefined
}

// The packets and messages behind a stretch of a run's timeline. The results store keeps only the
// compact timeline; this detail is rebuilt on demand by rerunning the stored job deterministically
// with full tracing over the chosen window (LabApi.tracePackets), so it is exactly what happened in
// the run — and only a run of the project's current study can be rerun. The list is virtual: only
// the rows in sight are in the DOM, so tens of thousands of records scroll smoothly.
import { useEffect, useMemo, useRef, useState } from 'react'
import type { PacketKind, PacketRecord } from '../../../../engine/metrics/packet-trace'
import type { PacketTrace } from '../../../../service/api'
import { messageOf } from '../../lab/call-error'
import { useLab } from '../../lab/use-lab'
import type { Selection } from '../run/RunTimeline'
import { formatDuration, formatTime } from '../run/timeline-model'

/** Records asked for: enough for a second of a busy study, little enough to move and list at once. */
export const PACKET_LIMIT = 20_000
const ROW_H = 22
const OVERSCAN = 12

type KindFilter = PacketKind | 'dropped' | 'all'
const FILTERS: { id: KindFilter; title: string }[] = [
  { id: 'all', title: 'All' },
  { id: 'data', title: 'Data' },
  { id: 'tunnelled', title: 'Tunnelled' },
  { id: 'signalling', title: 'Signalling' },
  { id: 'arp', title: 'ARP' },
  { id: 'dropped', title: 'Dropped' },
]

interface Props {
  project: string
  selection: Selection
  /** False for a run of an earlier spec or engine version: it cannot be rerun. */
  current: boolean
  /** A label for the run when two are open. */
  run?: string
  onClose: () => void
}

export function PacketView({ project, selection, current, run, onClose }: Props): React.JSX.Element {
  const { api } = useLab()
  const [trace, setTrace] = useState<(PacketTrace & { ms: number }) | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [kind, setKind] = useState<KindFilter>('all')
  const [needle, setNeedle] = useState('')
  const { key, from, to } = selection

  useEffect(() => {
    setTrace(null)
    setError(null)
    if (!current) return
    let live = true
    const t0 = performance.now()
    api.tracePackets(project, key, from, to, PACKET_LIMIT).then(
      (t) => live && setTrace({ ...t, ms: performance.now() - t0 }),
      (e) => live && setError(`Rerunning the job with full tracing failed: ${messageOf(e)}`),
    )
    return () => {
      live = false
    }
  }, [api, project, key, from, to, current])

  const counts = useMemo(() => {
    const c: Record<KindFilter, number> = { all: 0, data: 0, tunnelled: 0, signalling: 0, arp: 0, dropped: 0 }
    for (const r of trace?.records ?? []) {
      c.all++
      if (r.dropped !== undefined) c.dropped++
      else c[r.kind]++
    }
    return c
  }, [trace])

  const shown = useMemo(() => {
    const records = trace?.records ?? []
    const n = needle.trim().toLowerCase()
    if (kind === 'all' && n === '') return records
    return records.filter(
      (r) =>
        (kind === 'all' ||
          (kind === 'dropped' ? r.dropped !== undefined : r.kind === kind && r.dropped === undefined)) &&
        (n === '' || `${r.hop} ${r.what} ${r.src} ${r.dst} ${r.inner ?? ''} ${r.detail}`.toLowerCase().includes(n)),
    )
  }, [trace, kind, needle])

  const span = to - from
  return (
    <section className="pv" data-testid="packet-view" aria-label="Packets behind the selection">
      <header className="pv-head">
        <div className="pv-title">
          <strong>{selection.what}</strong>
          <span>
            {' '}
            · {selection.lane}
            {run ? ` · ${run}` : ''}
          </span>
          <span className="muted">
            {' '}
            · {formatTime(from, span)} → {formatTime(to, span)} ({formatDuration(span)})
          </span>
          {selection.detail ? <span className="muted"> · {selection.detail}</span> : null}
        </div>
        <button type="button" className="button small ghost" onClick={onClose} aria-label="Close the packet view">
          Close
        </button>
      </header>
      {!current ? (
        <div className="banner warn small" data-testid="packet-view-old">
          This run was made from an earlier version of the study (its spec or the engine changed). Packet detail is
          rebuilt by rerunning the run's job, and only the current study's jobs can be rerun: run the study again to
          look at its packets.
        </div>
      ) : error ? (
        <div className="banner error small" data-testid="packet-view-error">
          {error}
        </div>
      ) : trace === null ? (
        <p className="muted small pad" data-testid="packet-view-loading">
          Rerunning the job deterministically with full tracing of {formatDuration(span)}…
        </p>
      ) : (
        <>
          <div className="pv-bar">
            <div className="pv-filters">
              {FILTERS.map((f) => (
                <button
                  type="button"
                  key={f.id}
                  aria-pressed={kind === f.id}
                  className={`pv-chip${kind === f.id ? ' active' : ''}`}
                  disabled={f.id !== 'all' && counts[f.id] === 0}
                  onClick={() => setKind(f.id)}
                >
                  {f.title} <span className="pv-chip-count">{counts[f.id].toLocaleString('en')}</span>
                </button>
              ))}
            </div>
            <input
              className="filter"
              placeholder="Filter by hop, address, protocol"
              aria-label="Filter packets"
              value={needle}
              onChange={(e) => setNeedle(e.target.value)}
            />
            <span className="muted small" data-testid="packet-view-summary">
              {shown.length.toLocaleString('en')} of {trace.records.length.toLocaleString('en')} records · rerun in{' '}
              {(trace.ms / 1000).toFixed(1)} s
            </span>
          </div>
          {trace.truncated ? (
            <div className="banner warn small">
              The window holds more than {PACKET_LIMIT.toLocaleString('en')} records; these are the first ones. Zoom in
              and click a shorter stretch to see the rest.
            </div>
          ) : null}
          {trace.records.length === 0 ? (
            <p className="muted small pad">No packet crossed any hop in this window.</p>
          ) : (
            <PacketList records={shown} from={from} />
          )}
        </>
      )}
    </section>
  )
}

function PacketList({ records, from }: { records: readonly PacketRecord[]; from: number }): React.JSX.Element {
  const box = useRef<HTMLDivElement>(null)
  const [scroll, setScroll] = useState({ top: 0, height: 240 })
  useEffect(() => {
    const el = box.current
    if (!el) return
    const measure = () => setScroll({ top: el.scrollTop, height: el.clientHeight })
    measure()
    const resize = new ResizeObserver(measure)
    resize.observe(el)
    return () => resize.disconnect()
  }, [])
  const first = Math.max(0, Math.floor(scroll.top / ROW_H) - OVERSCAN)
  const last = Math.min(records.length, Math.ceil((scroll.top + scroll.height) / ROW_H) + OVERSCAN)
  const rows: React.JSX.Element[] = []
  for (let i = first; i < last; i++) {
    const r = records[i]
    rows.push(
      <div
        key={i}
        className={`pv-row kind-${r.kind}${r.dropped !== undefined ? ' dropped' : ''}`}
        style={{ top: i * ROW_H }}
      >
        <span className="num" title={`${r.t} ns`}>
          {((r.t - from) / 1e6).toFixed(3)}
        </span>
        <span>{r.hop}</span>
        <span>
          <span className={`pv-kind kind-${r.kind}`}>{r.kind}</span>
        </span>
        <span>{r.what}</span>
        <span className="num">{r.size}</span>
        <span>
          {r.src} → {r.dst}
        </span>
        <span title={r.inner}>{r.inner ?? ''}</span>
        <span title={r.dropped ? `dropped: ${r.dropped}` : r.detail}>
          {r.dropped !== undefined ? <strong className="pv-drop">dropped: {r.dropped}</strong> : r.detail}
        </span>
      </div>,
    )
  }
  return (
    <div className="pv-table" data-testid="packet-list">
      <div className="pv-row pv-header">
        <span className="num">+ms</span>
        <span>Hop</span>
        <span>Kind</span>
        <span>What</span>
        <span className="num">Bytes</span>
        <span>Source → destination</span>
        <span>Inner packet</span>
        <span>Detail</span>
      </div>
      <div
        ref={box}
        className="pv-scroll"
        onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
      >
        <div style={{ height: records.length * ROW_H, position: 'relative' }}>{rows}</div>
      </div>
    </div>
  )
}

// The project's stored runs as a table: one row per run (architecture, mechanism, sweep point,
// replication), its status and the study's summary metrics in display units chosen per column.
// It refreshes as jobs of this project finish, so results appear while a run is still going.
import { useEffect, useMemo, useState } from 'react'
import { displayUnit, withUnit } from '../../../engine/report/display-units'
import { describeMetric } from '../../../engine/report/metric-names'
import type { RunStatus, RunSummary } from '../../../service/api'
import { messageOf } from '../lab/call-error'
import { useLab } from '../lab/use-lab'
import { useSession } from '../state/use-session'
import { Icon } from '../ui/Icon'

/** Metrics shown when the study names none: the two questions every study answers, first. */
const PREFERRED = ['connection.outage.max', 'migration.freeze.mean', 'migration.total.mean', 'migration.bytes.sum']
const MAX_METRICS = 6
const REFRESH_MS = 600

type SortKey = { column: string; descending: boolean }

/** The swept values of a run's point ("10ms"), or its index when nothing is swept. */
function pointLabel(r: RunSummary): string {
  const values = Object.values(r.job.point)
  return values.length === 0 ? String(r.job.pointIndex) : values.map(String).join(', ')
}

export function ResultsPanel({ runs }: { runs: RunStatus[] }): React.JSX.Element {
  const { api } = useLab()
  const path = useSession((s) => s.path)
  const studyMetrics = useSession((s) => s.good?.spec.metrics ?? null)
  const [rows, setRows] = useState<RunSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [filter, setFilter] = useState('')
  const [sort, setSort] = useState<SortKey>({ column: 'architecture', descending: false })

  // Refresh when a run of this project moves on (a job finished) or the project changed on disk.
  const progress = runs
    .filter((r) => r.project === path)
    .map((r) => `${r.id}:${r.done}:${r.failed}:${r.state}`)
    .join(',')
  const [changed, setChanged] = useState(0)
  useEffect(
    () =>
      api.subscribe((e) => {
        if (e.kind === 'project-changed' && e.path === path) setChanged((n) => n + 1)
      }),
    [api, path],
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: progress and changed say when to refresh
  useEffect(() => {
    const timer = setTimeout(() => {
      api.listResults(path).then(
        (r) => {
          setRows(r)
          setError(null)
        },
        (e) => setError(messageOf(e)),
      )
    }, REFRESH_MS)
    return () => clearTimeout(timer)
  }, [api, path, progress, changed])

  const metrics = useMemo(() => {
    const present = new Set((rows ?? []).flatMap((r) => Object.keys(r.summary)))
    const wanted = [...(studyMetrics ?? []), ...PREFERRED, ...[...present].sort()]
    return [...new Set(wanted)].filter((m) => present.has(m)).slice(0, MAX_METRICS)
  }, [rows, studyMetrics])
  const units = useMemo(
    () =>
      new Map(
        metrics.map((m) => {
          const d = describeMetric(m)
          const largest = Math.max(0, ...(rows ?? []).map((r) => Math.abs(r.summary[m] ?? 0)))
          return [m, { d, unit: displayUnit(d.quantity, largest) }]
        }),
      ),
    [metrics, rows],
  )

  if (error) return <div className="banner error">{error}</div>
  if (rows === null) return <p className="muted small pad">Loading the results…</p>
  if (rows.length === 0) {
    return (
      <div className="empty-state" data-testid="results-empty">
        <Icon name="book" size={28} />
        <p>
          No results of the study as it was last run. Runs land here as they finish, stored in the project's results/
          folder; runs of earlier versions of the study stay there and are reused when you go back to one.
        </p>
      </div>
    )
  }
  const needle = filter.trim().toLowerCase()
  const value = (r: RunSummary, column: string): string | number => {
    if (column === 'architecture') return r.job.architecture
    if (column === 'mechanism') return r.job.mechanism
    if (column === 'point') return r.job.pointIndex
    if (column === 'replication') return r.job.replication
    if (column === 'status') return r.status
    if (column === 'migrations') return r.migrations
    return r.summary[column] ?? Number.NEGATIVE_INFINITY
  }
  const shown = rows
    .filter(
      (r) => needle === '' || `${r.job.architecture} ${r.job.mechanism} ${r.status}`.toLowerCase().includes(needle),
    )
    .sort((a, b) => {
      const x = value(a, sort.column)
      const y = value(b, sort.column)
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
      return sort.descending ? -c : c
    })
  const header = (column: string, label: string, numeric = false) => (
    <th
      key={column}
      className={numeric ? 'num' : undefined}
      aria-sort={sort.column === column ? (sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="th-button"
        onClick={() => setSort({ column, descending: sort.column === column ? !sort.descending : false })}
      >
        {label}
        {sort.column === column ? (sort.descending ? ' ▾' : ' ▴') : ''}
      </button>
    </th>
  )
  return (
    <div className="results" data-testid="results">
      <div className="results-bar">
        <input
          className="filter"
          placeholder="Filter by architecture, mechanism or status"
          value={filter}
          aria-label="Filter results"
          onChange={(e) => setFilter(e.target.value)}
        />
        <span className="muted small">
          {shown.length} of {rows.length} runs · {rows.filter((r) => r.status !== 'ok').length} not ok
        </span>
      </div>
      <div className="table-wrap">
        <table className="results-table" data-testid="results-table">
          <thead>
            <tr>
              {header('architecture', 'Architecture')}
              {header('mechanism', 'Mechanism')}
              {header('point', 'Sweep point')}
              {header('replication', 'Rep.', true)}
              {header('status', 'Status')}
              {header('migrations', 'Migrations', true)}
              {metrics.map((m) => {
                const u = units.get(m)!
                return header(m, withUnit(u.d.title, u.unit), true)
              })}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.key} className={r.status === 'ok' ? undefined : 'not-ok'} title={r.error}>
                <td>{r.job.architecture}</td>
                <td>{r.job.mechanism}</td>
                <td title={`sweep point ${r.job.pointIndex}: ${JSON.stringify(r.job.point)}`}>{pointLabel(r)}</td>
                <td className="num">{r.job.replication}</td>
                <td>
                  <span className={`state-badge ${r.status === 'ok' ? 'done' : 'failed'}`}>{r.status}</span>
                </td>
                <td className="num">{r.migrations}</td>
                {metrics.map((m) => {
                  const v = r.summary[m]
                  const u = units.get(m)!.unit
                  return (
                    <td key={m} className="num">
                      {v === undefined ? '—' : (v / u.factor).toLocaleString('en', { maximumFractionDigits: 3 })}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

// The run browser: every run in the project's results store — the current study's, or with "Whole
// store" also the runs of earlier versions of the study — filtered by architecture, mechanism,
// sweep point and seed (the service's own query, LabApi.listResults). Select one run to open its
// timeline, or two to compare them side by side (the first selected is the baseline).
import { useEffect, useMemo, useState } from 'react'
import { displayUnit, withUnit } from '../../../../engine/report/display-units'
import { architectureLabel, mechanismLabel } from '../../../../engine/report/labels'
import { describeMetric } from '../../../../engine/report/metric-names'
import type { RunSummary } from '../../../../service/api'
import { messageOf } from '../../lab/call-error'
import { useLab } from '../../lab/use-lab'
import { Icon } from '../../ui/Icon'
import { type RunFilter, resultsNav } from '../results-nav'

/** Per-run metrics shown (those the runs have), the headline of a move first. */
const METRICS = ['connection.outage.mean', 'migration.freeze.mean', 'migration.control.messages']

function pointLabel(r: RunSummary): string {
  const values = Object.values(r.job.point)
  return values.length === 0 ? `#${r.job.pointIndex}` : `#${r.job.pointIndex}: ${values.map(String).join(', ')}`
}

function finished(r: RunSummary): string {
  if (!r.finishedAt) return '—'
  const d = new Date(r.finishedAt)
  return Number.isNaN(d.getTime())
    ? r.finishedAt
    : d.toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })
}

interface Props {
  project: string
  version: string
  filter: RunFilter
}

export function RunBrowser({ project, version, filter }: Props): React.JSX.Element {
  const { api } = useLab()
  const [all, setAll] = useState<RunSummary[] | null>(null)
  const [rows, setRows] = useState<RunSummary[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [selected, setSelected] = useState<string[]>([])
  const [seedText, setSeedText] = useState(filter.seed === undefined ? '' : String(filter.seed))

  useEffect(() => setSeedText(filter.seed === undefined ? '' : String(filter.seed)), [filter.seed])

  // The scope's every run (the filters' choices), and the filtered list from the service's query.
  // biome-ignore lint/correctness/useExhaustiveDependencies: version says when the results changed
  useEffect(() => {
    let live = true
    const { scope, ...query } = filter
    Promise.all([api.listResults(project, { scope }), api.listResults(project, { scope, ...query })]).then(
      ([everything, filtered]) => {
        if (!live) return
        setAll(everything)
        setRows(filtered)
        setError(null)
        setSelected((s) => s.filter((k) => filtered.some((r) => r.key === k)))
      },
      (e) => live && setError(messageOf(e)),
    )
    return () => {
      live = false
    }
  }, [api, project, version, JSON.stringify(filter)])

  const options = useMemo(() => {
    const list = all ?? []
    const uniq = <T,>(xs: T[]) => [...new Set(xs)]
    return {
      architectures: uniq(list.map((r) => r.job.architecture)),
      mechanisms: uniq(list.map((r) => r.job.mechanism)),
      points: [...new Map(list.map((r) => [r.job.pointIndex, pointLabel(r)])).entries()].sort((a, b) => a[0] - b[0]),
      seeds: uniq(list.map((r) => r.job.seed)).sort((a, b) => a - b),
    }
  }, [all])

  const metrics = useMemo(() => {
    const present = new Set((rows ?? []).flatMap((r) => Object.keys(r.summary)))
    return METRICS.filter((m) => present.has(m)).map((m) => {
      const d = describeMetric(m)
      const largest = Math.max(0, ...(rows ?? []).map((r) => Math.abs(r.summary[m] ?? 0)))
      return { metric: m, d, unit: displayUnit(d.quantity, largest) }
    })
  }, [rows])

  const change = (patch: Partial<RunFilter>) => {
    const next: RunFilter = { ...filter, ...patch }
    for (const k of Object.keys(next) as (keyof RunFilter)[]) if (next[k] === undefined) delete next[k]
    resultsNav.setFilter(next)
  }
  const toggle = (key: string) =>
    setSelected((s) => (s.includes(key) ? s.filter((k) => k !== key) : [...s, key].slice(-2)))
  const filtered =
    filter.architecture !== undefined ||
    filter.mechanism !== undefined ||
    filter.pointIndex !== undefined ||
    filter.seed !== undefined

  if (error) return <div className="banner error pad">{error}</div>
  if (rows === null || all === null) return <p className="muted small pad">Loading the runs…</p>
  if (all.length === 0) {
    return (
      <div className="empty-state" data-testid="browser-empty">
        <Icon name="book" size={28} />
        <p>
          {filter.scope === 'study'
            ? 'The results store holds no run of the study as it is now. Run it (Ctrl+Enter), or look at the whole store for runs of earlier versions.'
            : 'The results store is empty: run the study (Ctrl+Enter) and every run lands here.'}
        </p>
        {filter.scope === 'study' ? (
          <button type="button" className="button small" onClick={() => change({ scope: 'store' })}>
            Show the whole store
          </button>
        ) : null}
      </div>
    )
  }

  return (
    <div className="browser" data-testid="run-browser">
      <div className="browser-bar">
        <div className="segmented" title="Which runs">
          {(['study', 'store'] as const).map((scope) => (
            <button
              key={scope}
              type="button"
              aria-pressed={filter.scope === scope}
              className={filter.scope === scope ? 'active' : undefined}
              data-testid={`scope-${scope}`}
              onClick={() => change({ scope })}
            >
              {scope === 'study' ? 'This study' : 'Whole store'}
            </button>
          ))}
        </div>
        <select
          aria-label="Architecture"
          data-testid="filter-architecture"
          value={filter.architecture ?? ''}
          onChange={(e) => change({ architecture: e.target.value || undefined })}
        >
          <option value="">All architectures</option>
          {options.architectures.map((a) => (
            <option key={a} value={a}>
              {architectureLabel(a)}
            </option>
          ))}
        </select>
        <select
          aria-label="Mechanism"
          data-testid="filter-mechanism"
          value={filter.mechanism ?? ''}
          onChange={(e) => change({ mechanism: e.target.value || undefined })}
        >
          <option value="">All mechanisms</option>
          {options.mechanisms.map((m) => (
            <option key={m} value={m}>
              {mechanismLabel(m)}
            </option>
          ))}
        </select>
        <select
          aria-label="Sweep point"
          data-testid="filter-point"
          value={filter.pointIndex ?? ''}
          onChange={(e) => change({ pointIndex: e.target.value === '' ? undefined : Number(e.target.value) })}
        >
          <option value="">All sweep points</option>
          {options.points.map(([index, label]) => (
            <option key={index} value={index}>
              {label}
            </option>
          ))}
        </select>
        <input
          className="seed-filter"
          aria-label="Seed"
          placeholder="Seed"
          list="browser-seeds"
          inputMode="numeric"
          data-testid="filter-seed"
          value={seedText}
          aria-invalid={seedText !== '' && !/^\d+$/.test(seedText.trim())}
          onChange={(e) => {
            setSeedText(e.target.value)
            const t = e.target.value.trim()
            if (t === '') change({ seed: undefined })
            else if (/^\d+$/.test(t)) change({ seed: Number(t) })
          }}
        />
        <datalist id="browser-seeds">
          {options.seeds.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {filtered ? (
          <button
            type="button"
            className="button small ghost"
            data-testid="filter-clear"
            onClick={() => resultsNav.setFilter({ scope: filter.scope })}
          >
            Clear filters
          </button>
        ) : null}
        <span className="spacer" />
        <span className="muted small" data-testid="browser-count">
          {rows.length} of {all.length} runs
        </span>
        <button
          type="button"
          className="button small"
          disabled={selected.length !== 1}
          data-testid="browser-open"
          title="The timeline of the selected run (or double-click a row)"
          onClick={() => resultsNav.openRuns(selected)}
        >
          Open run
        </button>
        <button
          type="button"
          className="button small primary"
          disabled={selected.length !== 2}
          data-testid="browser-compare"
          title="Two selected runs side by side, on one time axis (the first selected is the baseline)"
          onClick={() => resultsNav.openRuns(selected)}
        >
          Compare two
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="muted small pad" data-testid="browser-none">
          No run matches these filters.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="results-table browser-table" data-testid="browser-table">
            <thead>
              <tr>
                <th aria-label="Selected" />
                <th>Architecture</th>
                <th>Mechanism</th>
                <th>Sweep point</th>
                <th className="num">Rep.</th>
                <th className="num">Seed</th>
                <th>Status</th>
                {filter.scope === 'store' ? <th>Study</th> : null}
                <th className="num">Moves</th>
                {metrics.map((m) => (
                  <th key={m.metric} className="num" title={m.metric}>
                    {withUnit(m.d.title, m.unit)}
                  </th>
                ))}
                <th>Finished</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const order = selected.indexOf(r.key)
                return (
                  <tr
                    key={r.key}
                    data-testid="browser-row"
                    data-key={r.key}
                    aria-selected={order >= 0}
                    className={
                      [order >= 0 ? 'selected' : '', r.status === 'ok' ? '' : 'not-ok'].join(' ').trim() || undefined
                    }
                    title={r.error ?? `run ${r.key.slice(0, 12)} — double-click to open`}
                    onClick={() => toggle(r.key)}
                    onDoubleClick={() => resultsNav.openRuns([r.key])}
                  >
                    <td>
                      <input
                        type="checkbox"
                        aria-label={`Select run ${r.key.slice(0, 12)}`}
                        checked={order >= 0}
                        onChange={() => toggle(r.key)}
                        onClick={(e) => e.stopPropagation()}
                      />
                      {order >= 0 ? <span className="select-order">{order === 0 ? 'A' : 'B'}</span> : null}
                    </td>
                    <td>{architectureLabel(r.job.architecture)}</td>
                    <td>{mechanismLabel(r.job.mechanism)}</td>
                    <td>{pointLabel(r)}</td>
                    <td className="num">{r.job.replication}</td>
                    <td className="num mono">{r.job.seed}</td>
                    <td>
                      <span className={`state-badge ${r.status === 'ok' ? 'done' : 'failed'}`}>{r.status}</span>
                    </td>
                    {filter.scope === 'store' ? (
                      <td className={r.current ? undefined : 'muted'}>{r.current ? 'current' : 'earlier'}</td>
                    ) : null}
                    <td className="num">{r.migrations}</td>
                    {metrics.map((m) => {
                      const v = r.summary[m.metric]
                      return (
                        <td key={m.metric} className="num">
                          {v === undefined || !Number.isFinite(v)
                            ? '—'
                            : (v / m.unit.factor).toLocaleString('en', { maximumFractionDigits: 3 })}
                        </td>
                      )
                    })}
                    <td className="muted">{finished(r)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}

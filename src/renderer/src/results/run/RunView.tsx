// The run view: one stored run, or two compared, in the results area. Two views of a run:
//   Timeline  one lane per process, connection, agent and node — phases, moves, stalls,
//             retransmissions, the naming architecture's control messages, failures — with zoom and
//             a linked overview; a click shows the packets behind a stretch (rerun on demand).
//   Topology  the run drawn on its topology: where data, tunnelled and signalling traffic went
//             before and after a move, and which nodes held state for the moved process.
// Two runs share one time axis (zoom one, the other follows) and one topology canvas.
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { ExportFormat, RunInfo } from '../../../../service/api'
import { messageOf } from '../../lab/call-error'
import { useLab } from '../../lab/use-lab'
import { download } from '../../shell/download'
import { notify } from '../../ui/notices'
import { TrafficOverlay } from '../overlay/TrafficOverlay'
import { PacketView } from '../packets/PacketView'
import { Legend } from './Legend'
import { MIN_SPAN, RunTimeline, type Selection } from './RunTimeline'
import { formatDuration, type Span, zoomed } from './timeline-model'
import { useDocumentTheme } from './use-document-theme'
import './run-view.css'

type Mode = 'timeline' | 'topology'

const EXPORTS: { format: ExportFormat; title: string }[] = [
  { format: 'svg', title: 'SVG' },
  { format: 'pdf', title: 'PDF' },
  { format: 'tex', title: 'TeX' },
]

export function RunView({ project, keys }: { project: string; keys: string[] }): React.JSX.Element {
  const { api, catalog, desktop } = useLab()
  const theme = useDocumentTheme()
  const [infos, setInfos] = useState<RunInfo[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [mode, setMode] = useState<Mode>('timeline')
  const [view, setView] = useState<Span | null>(null)
  const [selection, setSelection] = useState<Selection | null>(null)
  const [migration, setMigration] = useState(0)
  const keyList = keys.join(',')

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyList stands for keys
  useEffect(() => {
    let live = true
    setInfos(null)
    setError(null)
    setSelection(null)
    setView(null)
    Promise.all(keys.map((k) => api.runInfo(project, k))).then(
      (list) => {
        if (!live) return
        setInfos(list)
        setView({ from: 0, to: Math.max(...list.map((i) => i.simulated)) })
        setMigration(0)
      },
      (e) => live && setError(messageOf(e)),
    )
    return () => {
      live = false
    }
  }, [api, project, keyList])

  const titles = useMemo(() => {
    const arch = new Map(catalog.architectures.map((a) => [a.id, a.title]))
    const mech = new Map(catalog.mechanisms.map((m) => [m.id, m.title]))
    return (i: RunInfo) => {
      const point = Object.entries(i.job.point)
        .map(([k, v]) => `${k.split('.').pop()} = ${String(v)}`)
        .join(', ')
      return {
        arch: arch.get(i.job.architecture) ?? i.job.architecture,
        rest: `${mech.get(i.job.mechanism) ?? i.job.mechanism}${point ? ` · ${point}` : ''} · replication ${i.job.replication}`,
      }
    }
  }, [catalog])

  const duration = infos ? Math.max(...infos.map((i) => i.simulated)) : 0
  const zoomBy = useCallback(
    (factor: number) => {
      if (!view) return
      setView(zoomed(view, factor, (view.from + view.to) / 2, duration, MIN_SPAN))
    },
    [view, duration],
  )

  const exportTimeline = (info: RunInfo, format: ExportFormat) => {
    const m = info.migrations[Math.min(migration, info.migrations.length - 1)]
    api
      .export({ project, what: { kind: 'figure', figure: 'timeline', runKey: info.key, migration: m?.id }, format })
      .then(async (file) => {
        if (!desktop) return download(file)
        const where = await desktop.dialogs.saveExport(file)
        if (where) notify(`Exported ${where}`)
      })
      .catch((e) => notify(`Cannot export this timeline: ${messageOf(e)}`, 'error'))
  }

  if (error) return <div className="banner error">{error}</div>
  if (!infos || !view) return <p className="muted small pad">Loading the run…</p>

  const moves = infos[0].migrations
  const selectedInfo = selection ? infos.find((i) => i.key === selection.key) : undefined
  return (
    <div className="run-view" data-testid="run-view" data-mode={mode}>
      <div className="rv-bar">
        <div className="rv-tabs" role="tablist" aria-label="Run view">
          {(['timeline', 'topology'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="tab"
              aria-selected={mode === m}
              className={`rv-tab${mode === m ? ' active' : ''}`}
              onClick={() => setMode(m)}
              data-testid={`run-mode-${m}`}
            >
              {m === 'timeline' ? 'Timeline' : 'Topology'}
            </button>
          ))}
        </div>
        {mode === 'timeline' ? (
          <div className="rv-zoom">
            <button type="button" className="button small" onClick={() => zoomBy(2)} title="Zoom out">
              −
            </button>
            <button type="button" className="button small" onClick={() => zoomBy(0.5)} title="Zoom in">
              +
            </button>
            <button type="button" className="button small" onClick={() => setView({ from: 0, to: duration })}>
              Whole run
            </button>
            <span className="muted small" data-testid="run-view-span">
              {formatDuration(view.to - view.from)} in view
            </span>
          </div>
        ) : null}
        {moves.length > 0 ? (
          <label className="rv-migration small">
            Migration{' '}
            <select
              value={migration}
              onChange={(e) => setMigration(Number(e.target.value))}
              data-testid="run-view-migration"
            >
              {moves.map((m, i) => (
                <option key={m.id} value={i}>
                  {m.id}: {m.process} {m.from}→{m.to} at {(m.freezeAt / 1e9).toFixed(2)} s
                </option>
              ))}
            </select>
            {mode === 'timeline' ? (
              <button
                type="button"
                className="button small ghost"
                title="Zoom to this migration"
                onClick={() => {
                  const m = moves[migration]
                  const pad = Math.max(5e6, (m.completedAt - m.decidedAt) * 0.5)
                  setView({ from: Math.max(0, m.decidedAt - pad), to: Math.min(duration, m.completedAt + pad) })
                }}
              >
                Zoom to it
              </button>
            ) : null}
          </label>
        ) : null}
      </div>
      <div className="rv-body">
        {mode === 'timeline' ? (
          infos.map((info) => {
            const t = titles(info)
            return (
              <section key={info.key} className="rv-run" data-testid="run-view-run" data-key={info.key}>
                <header className="rv-run-head">
                  <span className="rv-arch">{t.arch}</span>
                  <span className="muted small">{t.rest}</span>
                  <span className={`state-badge ${info.status === 'ok' ? 'done' : 'failed'}`}>{info.status}</span>
                  {!info.current ? (
                    <span className="state-badge cancelled" title="Made from an earlier spec or engine version">
                      earlier study
                    </span>
                  ) : null}
                  <span className="muted small">
                    {info.migrations.length} migrations · {info.records.toLocaleString('en')} records
                  </span>
                  <span className="rv-spacer" />
                  {info.current && info.migrations.length > 0 ? (
                    <span className="rv-export small">
                      Export timeline
                      {EXPORTS.map((x) => (
                        <button
                          key={x.format}
                          type="button"
                          className="button small ghost"
                          onClick={() => exportTimeline(info, x.format)}
                          title={`The paper figure of migration ${moves[migration]?.id ?? 0}, as the CLI exports it`}
                        >
                          {x.title}
                        </button>
                      ))}
                    </span>
                  ) : null}
                </header>
                {info.status === 'failed' ? <div className="banner error small">{info.error}</div> : null}
                <RunTimeline
                  project={project}
                  info={info}
                  theme={theme}
                  view={view}
                  onView={setView}
                  selected={selection}
                  onSelect={setSelection}
                />
              </section>
            )
          })
        ) : (
          <TrafficOverlay
            project={project}
            runs={infos.map((i) => ({ info: i, title: titles(i).arch }))}
            migration={migration}
            theme={theme}
          />
        )}
        {mode === 'timeline' ? <Legend theme={theme} /> : null}
        {mode === 'timeline' && selection && selectedInfo ? (
          <PacketView
            project={project}
            selection={selection}
            current={selectedInfo.current}
            run={infos.length > 1 ? titles(selectedInfo).arch : undefined}
            onClose={() => setSelection(null)}
          />
        ) : null}
      </div>
    </div>
  )
}

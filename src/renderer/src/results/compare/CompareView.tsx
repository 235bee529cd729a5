// The comparison: the two questions of the study on one screen. Left, how efficiently each
// architecture handles migration — the overhead figures of the report library (any metric per
// architecture × mechanism with intervals, paired differences against a baseline, the outage
// breakdown, lines against a swept parameter, distributions), each with its Export button. Right,
// how intrusive each architecture is — the intrusiveness matrix with its rationales. Hovering a bar
// highlights its architecture in the matrix; clicking it opens the runs behind it in the run browser.
import { useEffect, useMemo, useState } from 'react'
import type { AnalysisTable } from '../../../../engine/metrics/table'
import type { FigureModel, RunSelection } from '../../../../engine/report/figure-model'
import { architectureLabel } from '../../../../engine/report/labels'
import { describeMetric } from '../../../../engine/report/metric-names'
import { messageOf } from '../../lab/call-error'
import { useLab } from '../../lab/use-lab'
import { Icon } from '../../ui/Icon'
import { IntrusivenessMatrix } from '../matrix/IntrusivenessMatrix'
import { resultsNav, useResultsNav } from '../results-nav'
import { ExportButton, FIGURE_FORMATS } from './ExportButton'
import { FigureChart } from './FigureChart'
import {
  CHARTS,
  type ChartKind,
  type CompareState,
  configurationLabel,
  configurations,
  metricChoices,
  pointsIn,
  queryOf,
  replicationsIn,
  sweptParameters,
} from './figure-choices'

const MATRIX_FORMATS = [
  { format: 'tex' as const, label: 'LaTeX (.tex)' },
  { format: 'md' as const, label: 'Markdown' },
]

interface Props {
  project: string
  /** Changes whenever the project's results may have changed. */
  version: string
  /** The study's architectures in the researcher's order (the matrix rows). */
  architectures: string[]
}

export function CompareView({ project, version, architectures }: Props): React.JSX.Element {
  const { api } = useLab()
  const maximised = useResultsNav().maximised
  const [table, setTable] = useState<AnalysisTable | null | undefined>(undefined)
  const [tableError, setTableError] = useState<string | null>(null)
  const [state, setState] = useState<CompareState>({
    chart: 'bars',
    choice: 'outage-freeze',
    point: 0,
    baseline: null,
    parameter: null,
    sample: null,
  })
  const [model, setModel] = useState<FigureModel | null>(null)
  const [figureError, setFigureError] = useState<string | null>(null)
  const [loading, setLoading] = useState(false)
  const [hovered, setHovered] = useState<string | null>(null)
  const [chosen, setChosen] = useState<string | null>(null)
  const [samples, setSamples] = useState<string[] | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: version says when the results changed
  useEffect(() => {
    let live = true
    api.analysis(project).then(
      (t) => {
        if (!live) return
        setTable(t)
        setTableError(null)
      },
      (e) => live && setTableError(messageOf(e)),
    )
    return () => {
      live = false
    }
  }, [api, project, version])

  const choices = useMemo(() => (table ? metricChoices(table) : []), [table])
  const points = useMemo(() => (table ? pointsIn(table) : []), [table])
  const configs = useMemo(() => (table ? configurations(table) : []), [table])
  const parameters = useMemo(() => (table ? sweptParameters(table) : []), [table])
  const replications = table ? replicationsIn(table) : 0
  const shownArchitectures = useMemo(() => {
    const present = new Set(configs.map((c) => c.architecture))
    const ordered = architectures.filter((a) => present.has(a))
    for (const a of present) if (!ordered.includes(a)) ordered.push(a)
    return ordered.length > 0 ? ordered : architectures
  }, [configs, architectures])

  // The spec's baseline when the table has pairs against it, else the first configuration.
  const baseline = state.baseline ?? table?.paired[0]?.baseline ?? configs[0] ?? null
  const effective: CompareState = {
    ...state,
    choice: choices.some((c) => c.value === state.choice) ? state.choice : (choices[0]?.value ?? state.choice),
    point: points.some((p) => p.index === state.point) ? state.point : (points[0]?.index ?? 0),
    baseline,
    parameter: state.parameter ?? parameters[0] ?? null,
  }
  const query = table ? queryOf(effective, choices) : null
  const queryKey = JSON.stringify(query)

  // The sample series a distribution can show: those of one stored run of the study.
  useEffect(() => {
    if (state.chart !== 'cdf' || samples !== null) return
    api
      .listResults(project)
      .then((rows) => {
        const ok = rows.find((r) => r.status === 'ok')
        return ok ? api.getResult(project, ok.key) : null
      })
      .then(
        (run) => setSamples(run ? Object.keys(run.samples).sort() : []),
        () => setSamples([]),
      )
  }, [api, project, state.chart, samples])

  // biome-ignore lint/correctness/useExhaustiveDependencies: queryKey is the query; version says when results changed
  useEffect(() => {
    if (!query) return
    let live = true
    setLoading(true)
    api.figure(project, query).then(
      (m) => {
        if (!live) return
        setModel(m)
        setFigureError(null)
        setLoading(false)
      },
      (e) => {
        if (!live) return
        setModel(null)
        setFigureError(messageOf(e))
        setLoading(false)
      },
    )
    return () => {
      live = false
    }
  }, [api, project, queryKey, version])

  if (tableError) return <div className="banner error pad">{tableError}</div>
  if (table === undefined) return <p className="muted small pad">Loading the comparison…</p>
  if (table === null || table.rows.length === 0) {
    return (
      <div className="empty-state" data-testid="compare-empty">
        <Icon name="book" size={28} />
        <p>
          Nothing to compare yet. Choose the architectures and mechanisms in the run form (Runs pane) with at least two
          replications, and press Run (Ctrl+Enter): the figures fill in as runs finish.
        </p>
      </div>
    )
  }

  const set = (patch: Partial<CompareState>) => setState({ ...effective, ...patch })
  const open = (s: RunSelection) => resultsNav.browse(s)
  const singleMetric = state.chart === 'sweep'
  const metricOptions = singleMetric ? choices.filter((c) => c.value.startsWith('metric:')) : choices
  const sections = [...new Set(metricOptions.map((c) => c.section))]
  const choiceValue =
    singleMetric && !effective.choice.startsWith('metric:')
      ? `metric:${choices.find((c) => c.value === effective.choice)?.metrics[0] ?? ''}`
      : effective.choice

  return (
    <div className="compare" data-testid="compare">
      <div className="compare-toolbar">
        <div className="segmented" role="tablist" aria-label="Figure">
          {CHARTS.map((c) => {
            const disabled = c.id === 'sweep' && parameters.length === 0
            return (
              <button
                key={c.id}
                type="button"
                role="tab"
                aria-selected={state.chart === c.id}
                className={state.chart === c.id ? 'active' : undefined}
                disabled={disabled}
                title={disabled ? 'The study sweeps no parameter' : c.title}
                data-testid={`chart-${c.id}`}
                onClick={() => set({ chart: c.id as ChartKind })}
              >
                {c.label}
              </button>
            )
          })}
        </div>
        {state.chart === 'breakdown' || state.chart === 'cdf' ? null : (
          <label className="toolbar-field">
            <span>Metric</span>
            <select value={choiceValue} data-testid="compare-metric" onChange={(e) => set({ choice: e.target.value })}>
              {sections.map((section) => (
                <optgroup key={section} label={section}>
                  {metricOptions
                    .filter((c) => c.section === section)
                    .map((c) => (
                      <option key={c.value} value={c.value} title={c.metrics.join(', ')}>
                        {c.label}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </label>
        )}
        {state.chart === 'cdf' ? (
          <label className="toolbar-field">
            <span>Samples</span>
            <select
              value={state.sample ?? samples?.[0] ?? ''}
              data-testid="compare-sample"
              onChange={(e) => set({ sample: e.target.value })}
            >
              {(samples ?? []).map((s) => (
                <option key={s} value={s}>
                  {describeMetric(s).title} ({s})
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {state.chart === 'paired' ? (
          <label className="toolbar-field">
            <span>Baseline</span>
            <select
              value={baseline ? `${baseline.architecture}\u0000${baseline.mechanism}` : ''}
              data-testid="compare-baseline"
              onChange={(e) => {
                const [architecture, mechanism] = e.target.value.split('\u0000')
                set({ baseline: { architecture, mechanism } })
              }}
            >
              {configs.map((c) => (
                <option key={`${c.architecture}/${c.mechanism}`} value={`${c.architecture}\u0000${c.mechanism}`}>
                  {configurationLabel(c)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        {state.chart === 'sweep' ? (
          <label className="toolbar-field">
            <span>Parameter</span>
            <select
              value={effective.parameter ?? ''}
              data-testid="compare-parameter"
              onChange={(e) => set({ parameter: e.target.value })}
            >
              {parameters.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        ) : points.length > 1 ? (
          <label className="toolbar-field">
            <span>Sweep point</span>
            <select
              value={effective.point}
              data-testid="compare-point"
              onChange={(e) => set({ point: Number(e.target.value) })}
            >
              {points.map((p) => (
                <option key={p.index} value={p.index}>
                  #{p.index}: {p.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      {maximised ? null : (
        <p className="compare-narrow-hint muted small">
          The intrusiveness matrix is under the figure.{' '}
          <button type="button" className="link-button" onClick={() => resultsNav.setMaximised(true)}>
            Maximise the results
          </button>{' '}
          (Ctrl+Shift+M) to read both questions side by side.
        </p>
      )}
      <div className="compare-body">
        <section className="compare-efficiency" aria-label="Efficiency">
          <header className="compare-question">
            <h3>How efficiently does each architecture handle migration?</h3>
            <ExportButton
              project={project}
              what={model && query ? { kind: 'figure', ...query } : null}
              formats={FIGURE_FORMATS}
              widths
              testId="export-figure"
            />
          </header>
          {replications < 2 ? (
            <p className="banner warn small" data-testid="one-replication">
              One replication per configuration: no confidence intervals. Set replications to 2 or more in the run form
              and run again.
            </p>
          ) : null}
          {figureError ? (
            <p className="banner error small" data-testid="figure-error">
              {figureError}
            </p>
          ) : model ? (
            <figure className={`compare-figure${loading ? ' loading' : ''}`}>
              <figcaption className="figure-title">{model.title}</figcaption>
              <FigureChart model={model} onSelect={open} onHover={(s) => setHovered(s?.architecture ?? null)} />
              <figcaption className="figure-caption muted small">{model.caption}</figcaption>
            </figure>
          ) : (
            <p className="muted small">Drawing…</p>
          )}
        </section>
        <section className="compare-intrusiveness" aria-label="Intrusiveness">
          <header className="compare-question">
            <h3>How intrusive is it to application programmers?</h3>
            <ExportButton
              project={project}
              what={{ kind: 'table', table: 'intrusiveness' }}
              formats={MATRIX_FORMATS}
              testId="export-matrix"
            />
          </header>
          <IntrusivenessMatrix
            architectures={shownArchitectures}
            highlight={hovered}
            selected={chosen}
            onSelect={setChosen}
          />
          {hovered ? (
            <p className="muted small matrix-hint">Pointing at {architectureLabel(hovered)} in the figure.</p>
          ) : null}
        </section>
      </div>
    </div>
  )
}

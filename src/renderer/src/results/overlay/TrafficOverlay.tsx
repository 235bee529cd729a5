// The topology overlay: a run drawn on its topology around one move — where data, tunnelled and
// signalling traffic went in a window before the freeze and after the resume, which nodes held
// state for the moved process (residual dependencies), and where the process was. Two runs (two
// architectures) are drawn on the same canvas, one row each, so the paths can be compared at a
// glance. The counts come from a deterministic rerun with full tracing (LabApi.runTraffic).
import cytoscape, { type Core, type StylesheetJson } from 'cytoscape'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { RunInfo, TrafficWindow } from '../../../../service/api'
import { messageOf } from '../../lab/call-error'
import { useLab } from '../../lab/use-lab'
import type { Theme } from '../../topology/cy-style'
import { formatDuration } from '../run/timeline-model'
import { type OverlayPanel, overlayElements, residualAt, TRAFFIC_KINDS, type TrafficKind } from './overlay-model'

interface Props {
  project: string
  runs: { info: RunInfo; title: string }[]
  /** Index of the move in each run's migrations (runs of one study move at the same times). */
  migration: number
  theme: Theme
}

const WINDOWS = [0.2e9, 1e9, 5e9]

const TRAFFIC_TITLES: Record<TrafficKind, string> = {
  data: 'data',
  tunnelled: 'tunnelled (encapsulated)',
  signalling: 'signalling (naming architecture)',
  arp: 'ARP',
  dropped: 'dropped',
}

const COLORS: Record<Theme, Record<TrafficKind | 'topo' | 'text' | 'halo' | 'residual' | 'process', string>> = {
  light: {
    data: '#64748b',
    tunnelled: '#7c3aed',
    signalling: '#ea580c',
    arp: '#a3a3a3',
    dropped: '#dc2626',
    topo: '#d5dbe4',
    text: '#0f172a',
    halo: '#ffffff',
    residual: '#d97706',
    process: '#fde68a',
  },
  dark: {
    data: '#94a3b8',
    tunnelled: '#a78bfa',
    signalling: '#fb923c',
    arp: '#737373',
    dropped: '#f87171',
    topo: '#2b3850',
    text: '#e2e8f0',
    halo: '#0b1220',
    residual: '#fbbf24',
    process: '#a16207',
  },
}

function style(theme: Theme): StylesheetJson {
  const c = COLORS[theme]
  const node =
    theme === 'light'
      ? { cluster: '#dbeafe', remote: '#ede9fe', infra: '#e2e8f0', lan: '#ccfbf1', wan: '#e0f2fe' }
      : { cluster: '#1e3a5f', remote: '#3b2a63', infra: '#334155', lan: '#134e4a', wan: '#0c4a6e' }
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: c.text,
        'font-family': '"Source Sans 3", Inter, system-ui, sans-serif',
        'font-size': 11,
        'text-wrap': 'wrap',
        'text-valign': 'center',
        'text-halign': 'center',
        'border-width': 1,
        'border-color': c.data,
      },
    },
    {
      selector: 'node.host',
      style: { shape: 'round-rectangle', width: 64, height: 28, 'background-color': node.cluster },
    },
    { selector: 'node.host.remote', style: { 'background-color': node.remote } },
    { selector: 'node.host.infrastructure', style: { 'background-color': node.infra } },
    {
      selector: 'node.router',
      style: {
        shape: 'ellipse',
        width: 34,
        height: 34,
        'background-color': node.infra,
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-outline-color': c.halo,
        'text-outline-width': 2,
      },
    },
    {
      selector: 'node.lan',
      style: { shape: 'round-rectangle', width: 150, height: 22, 'background-color': node.lan, 'font-weight': 600 },
    },
    {
      selector: 'node.wan',
      style: { shape: 'ellipse', width: 120, height: 56, 'background-color': node.wan, 'font-weight': 600 },
    },
    {
      selector: 'node.residual',
      style: {
        'border-width': 3,
        'border-style': 'dashed',
        'border-color': c.residual,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-outline-color': c.halo,
        'text-outline-width': 2,
        'font-weight': 600,
      },
    },
    {
      selector: 'node.process',
      style: {
        shape: 'round-rectangle',
        width: 52,
        height: 18,
        'font-size': 10,
        'background-color': c.process,
        'border-color': c.residual,
      },
    },
    {
      selector: 'node.title',
      style: {
        shape: 'rectangle',
        width: 1,
        height: 1,
        'background-opacity': 0,
        'border-width': 0,
        'font-size': 15,
        'font-weight': 700,
      },
    },
    { selector: 'edge', style: { 'curve-style': 'bezier', 'line-color': c.topo, width: 2 } },
    {
      selector: 'edge.traffic',
      style: {
        width: 'data(width)',
        'line-color': c.data,
        opacity: 0.9,
        label: 'data(label)',
        'font-size': 10,
        color: c.text,
        'text-outline-color': c.halo,
        'text-outline-width': 2,
        'control-point-step-size': 14,
      },
    },
    { selector: 'edge.tunnelled', style: { 'line-color': c.tunnelled } },
    { selector: 'edge.signalling', style: { 'line-color': c.signalling, 'line-style': 'dashed' } },
    { selector: 'edge.arp', style: { 'line-color': c.arp, opacity: 0.6 } },
    { selector: 'edge.dropped', style: { 'line-color': c.dropped, 'line-style': 'dotted' } },
  ]
}

interface Loaded {
  key: string
  windows: TrafficWindow[]
}

export function TrafficOverlay({ project, runs, migration, theme }: Props): React.JSX.Element {
  const { api } = useLab()
  const host = useRef<HTMLDivElement>(null)
  const cy = useRef<Core | null>(null)
  const [half, setHalf] = useState(WINDOWS[1])
  const [loaded, setLoaded] = useState<Loaded[]>([])
  const [errors, setErrors] = useState<Map<string, string>>(new Map())

  // What each run shows: its move, and the windows before the freeze and after the resume.
  const plans = useMemo(
    () =>
      runs.map(({ info, title }) => {
        const m = info.migrations[Math.min(migration, info.migrations.length - 1)]
        if (!m) return { info, title, m: null, windows: [] }
        const windows = [
          { from: Math.max(0, m.freezeAt - half), to: m.freezeAt },
          { from: m.resumeAt, to: Math.min(info.simulated, m.resumeAt + half) },
        ]
        return { info, title, m, windows }
      }),
    [runs, migration, half],
  )

  useEffect(() => {
    let live = true
    setLoaded([])
    setErrors(new Map())
    for (const plan of plans) {
      if (!plan.info.current || !plan.m) continue
      api.runTraffic(project, plan.info.key, plan.windows).then(
        (windows) =>
          live && setLoaded((l) => [...l.filter((x) => x.key !== plan.info.key), { key: plan.info.key, windows }]),
        (e) =>
          live &&
          setErrors((m) =>
            new Map(m).set(plan.info.key, `Rerunning the job with full tracing failed: ${messageOf(e)}`),
          ),
      )
    }
    return () => {
      live = false
    }
  }, [api, project, plans])

  const panels = useMemo(() => {
    const out: OverlayPanel[] = []
    plans.forEach((plan, r) => {
      const got = loaded.find((l) => l.key === plan.info.key)
      if (!plan.m || !plan.info.topology || !got) return
      const m = plan.m
      const phases = ['before the move', 'after the move']
      got.windows.forEach((w, c) => {
        out.push({
          id: `r${r}c${c}`,
          title: `${plan.title} · ${phases[c]} (${(w.from / 1e9).toFixed(2)}–${(w.to / 1e9).toFixed(2)} s)`,
          topology: plan.info.topology!,
          traffic: w,
          process: { name: m.process, host: c === 0 ? m.from : m.to },
          residual: residualAt(plan.info.migrations, m.process, w.from, w.to),
        })
      })
    })
    return out
  }, [plans, loaded])
  const layout = useMemo(() => overlayElements(panels, 2), [panels])

  // The canvas is made once; the theme and the elements are applied by the effects below.
  // biome-ignore lint/correctness/useExhaustiveDependencies: made once
  useEffect(() => {
    const el = host.current
    if (!el) return
    const c = cytoscape({
      container: el,
      elements: [],
      style: style(theme),
      minZoom: 0.1,
      maxZoom: 4,
      wheelSensitivity: 0.3,
    })
    cy.current = c
    const resize = new ResizeObserver(() => {
      c.resize()
      c.fit(undefined, 24)
    })
    resize.observe(el)
    return () => {
      resize.disconnect()
      c.destroy()
      cy.current = null
    }
  }, [])

  useEffect(() => {
    cy.current?.style(style(theme))
  }, [theme])

  useEffect(() => {
    const c = cy.current
    if (!c) return
    c.batch(() => {
      c.elements().remove()
      c.add(layout.elements as cytoscape.ElementDefinition[])
    })
    c.layout({ name: 'preset' }).run()
    c.fit(undefined, 24)
    if (host.current) host.current.dataset.elements = String(layout.elements.length)
  }, [layout])

  const notCurrent = runs.filter((r) => !r.info.current)
  const noMoves = runs.filter((r) => r.info.migrations.length === 0)
  const pending = plans.filter(
    (p) => p.info.current && p.m && !loaded.some((l) => l.key === p.info.key) && !errors.has(p.info.key),
  )
  return (
    <div className="to" data-testid="traffic-overlay">
      <div className="to-bar small">
        <label>
          Window each side of the move{' '}
          <select value={half} onChange={(e) => setHalf(Number(e.target.value))} data-testid="overlay-window">
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {formatDuration(w)}
              </option>
            ))}
          </select>
        </label>
        <span className="to-legend">
          {TRAFFIC_KINDS.map((k) => (
            <span key={k} className="rv-legend-item">
              <span className={`to-line ${k}`} style={{ borderTopColor: COLORS[theme][k] }} />
              {TRAFFIC_TITLES[k]}
            </span>
          ))}
          <span className="rv-legend-item">
            <span className="to-residual" style={{ borderColor: COLORS[theme].residual }} />
            holds state for the moved process
          </span>
        </span>
        <button type="button" className="button small ghost" onClick={() => cy.current?.fit(undefined, 24)}>
          Fit
        </button>
      </div>
      {notCurrent.map((r) => (
        <div key={r.info.key} className="banner warn small">
          {r.title}: this run was made from an earlier version of the study, so its traffic cannot be rebuilt (the
          overlay reruns the job, and only the current study's jobs can be rerun).
        </div>
      ))}
      {noMoves.map((r) => (
        <div key={r.info.key} className="banner small">
          {r.title}: no process moved in this run.
        </div>
      ))}
      {[...errors].map(([key, message]) => (
        <div key={key} className="banner error small">
          {message}
        </div>
      ))}
      {pending.length > 0 ? (
        <p className="muted small pad" data-testid="overlay-loading">
          Rerunning {pending.map((p) => p.title).join(' and ')} with full tracing around the move…
        </p>
      ) : null}
      {layout.unplaced.length > 0 ? (
        <p className="muted small pad">
          Traffic also crossed hops the drawn topology has no edge for: {layout.unplaced.join(', ')}.
        </p>
      ) : null}
      <div ref={host} className="to-canvas" data-testid="overlay-canvas" />
      <HopTable panels={panels} />
    </div>
  )
}

/** The overlay's numbers for reading and for the record: the hops that carried more than data. */
function HopTable({ panels }: { panels: OverlayPanel[] }): React.JSX.Element | null {
  if (panels.length === 0) return null
  const rows = panels.flatMap((p) =>
    p.traffic.hops
      .filter((h) => h.kind === 'tunnelled' || h.kind === 'signalling' || h.dropped > 0)
      .map((h) => ({ panel: p.title, ...h })),
  )
  return (
    <div className="table-wrap to-table">
      <table className="results-table" data-testid="overlay-hops">
        <thead>
          <tr>
            <th>Where</th>
            <th>Hop</th>
            <th>Kind</th>
            <th className="num">Packets</th>
            <th className="num">Bytes</th>
            <th className="num">Dropped</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.panel}:${r.hop}:${r.kind}`}>
              <td>{r.panel}</td>
              <td>{r.hop}</td>
              <td>{r.kind}</td>
              <td className="num">{r.packets.toLocaleString('en')}</td>
              <td className="num">{r.bytes.toLocaleString('en')}</td>
              <td className="num">{r.dropped.toLocaleString('en')}</td>
            </tr>
          ))}
          {panels.some((p) => p.traffic.truncated) ? (
            <tr>
              <td colSpan={6} className="muted">
                The trace reached its record limit: the counts of the later window are partial.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  )
}

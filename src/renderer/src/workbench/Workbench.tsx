// The workbench of an open project: sidebar | canvas over the time strip, runs and results |
// inspector over the scenario editor. Every split is resizable and remembered on this machine.
import { type ReactNode, type RefObject, useRef } from 'react'
import { Group, Panel, Separator } from 'react-resizable-panels'
import type { RunStatus } from '../../../service/api'
import { Inspector } from '../inspector/Inspector'
import { ResultsPanel } from '../results/ResultsPanel'
import { resultsNav, useResultsNav } from '../results/results-nav'
import { RunsPanel } from '../runs/RunsPanel'
import { ScriptEditor } from '../scenario/ScriptEditor'
import { Sidebar } from '../sidebar/Sidebar'
import { useSession } from '../state/use-session'
import { TimeStrip } from '../timeline/TimeStrip'
import { CanvasToolbar } from '../topology/CanvasToolbar'
import type { CanvasApi } from '../topology/canvas-api'
import type { Theme } from '../topology/cy-style'
import { Palette } from '../topology/Palette'
import { TopologyCanvas } from '../topology/TopologyCanvas'
import { Icon } from '../ui/Icon'
import { Legend } from './Legend'
import { usePanelLayout } from './panel-layout'

interface Props {
  theme: Theme
  canvas: RefObject<CanvasApi | null>
  searchRef: RefObject<HTMLInputElement | null>
  linkMode: boolean
  onLinkMode: (on: boolean) => void
  runs: RunStatus[]
  starting: boolean
  onRun: () => void
  onSave: () => void
  onDelete: () => void
  onCopy: () => void
}

function PaneHeader({ title, children }: { title: string; children?: ReactNode }): React.JSX.Element {
  return (
    <header className="pane-header">
      <h2>{title}</h2>
      <div className="pane-actions">{children}</div>
    </header>
  )
}

function Handle({ vertical }: { vertical?: boolean }): React.JSX.Element {
  return <Separator className={`resize-handle${vertical ? ' vertical' : ''}`} />
}

export function Workbench(p: Props): React.JSX.Element {
  const layout = usePanelLayout()
  const hasScript = useSession((s) => s.draft.script !== null)
  const focusSearch = useRef(() => p.searchRef.current?.focus())
  const maximised = useResultsNav().maximised
  return (
    <Group orientation="horizontal" className="workbench" {...layout('main')}>
      <Panel id="sidebar" defaultSize="17%" minSize="160px" collapsible className="pane">
        <Sidebar onReveal={(keys) => p.canvas.current?.center(keys)} />
      </Panel>
      <Handle />
      <Panel id="center" defaultSize="53%" minSize="360px">
        <Group orientation="vertical" {...layout('center')}>
          <Panel id="canvas" defaultSize="55%" minSize="200px" className="pane" data-testid="pane-topology">
            <PaneHeader title="Topology">
              <Legend />
            </PaneHeader>
            <Palette canvas={p.canvas} />
            <CanvasToolbar ref={p.searchRef} canvas={p.canvas} linkMode={p.linkMode} onLinkMode={p.onLinkMode} />
            <TopologyCanvas
              apiRef={p.canvas}
              theme={p.theme}
              linkMode={p.linkMode}
              onSearchFocus={focusSearch.current}
            />
          </Panel>
          <Handle vertical />
          <Panel id="strip" defaultSize="17%" minSize="90px" className="pane" data-testid="pane-timeline">
            <TimeStrip canvas={p.canvas} />
          </Panel>
          <Handle vertical />
          <Panel id="bottom" defaultSize="28%" minSize="80px">
            <Group orientation="horizontal" {...layout('bottom')}>
              <Panel id="runs" defaultSize="40%" minSize="260px" className="pane" data-testid="pane-runs">
                <PaneHeader title="Runs" />
                <div className="pane-body">
                  <RunsPanel runs={p.runs} onRun={p.onRun} starting={p.starting} />
                </div>
              </Panel>
              <Handle />
              <Panel
                id="results"
                defaultSize="60%"
                minSize="260px"
                className={maximised ? 'pane results-maximised' : 'pane'}
                data-testid="pane-results"
              >
                <PaneHeader title="Results">
                  <button
                    type="button"
                    className="button small ghost"
                    aria-pressed={maximised}
                    data-testid="results-maximise"
                    title={`${maximised ? 'Back to the workbench' : 'Results over the whole workbench'} (Ctrl+Shift+M)`}
                    onClick={() => resultsNav.setMaximised(!maximised)}
                  >
                    <Icon name="fit" size={14} /> {maximised ? 'Restore' : 'Maximise'}
                  </button>
                </PaneHeader>
                <div className="pane-body flush">
                  <ResultsPanel runs={p.runs} />
                </div>
              </Panel>
            </Group>
          </Panel>
        </Group>
      </Panel>
      <Handle />
      <Panel id="right" defaultSize="30%" minSize="280px">
        <Group orientation="vertical" {...layout('right')}>
          <Panel id="inspector" defaultSize="46%" minSize="120px" className="pane" data-testid="pane-inspector">
            <PaneHeader title="Inspector" />
            <div className="pane-body">
              <Inspector onDelete={p.onDelete} onCopy={p.onCopy} onCenter={(keys) => p.canvas.current?.center(keys)} />
            </div>
          </Panel>
          <Handle vertical />
          <Panel id="scenario" defaultSize="54%" minSize="120px" className="pane" data-testid="pane-scenario">
            <PaneHeader title="Scenario · scenario.ts">
              {hasScript ? (
                <button type="button" className="button small" onClick={p.onRun} title="Run the study (Ctrl+Enter)">
                  Run
                </button>
              ) : null}
            </PaneHeader>
            <ScriptEditor theme={p.theme} onSave={p.onSave} onRun={p.onRun} />
          </Panel>
        </Group>
      </Panel>
    </Group>
  )
}

// The application shell: a title bar and the four work areas of a study. Later work fills the
// panes; each says what it will hold so a first-time user is not looking at blank boxes.

interface PaneProps {
  id: string
  title: string
  hint: string
}

function Pane({ id, title, hint }: PaneProps): React.JSX.Element {
  return (
    <section className="pane" data-testid={`pane-${id}`} aria-labelledby={`pane-${id}-title`}>
      <header className="pane-header">
        <h2 id={`pane-${id}-title`}>{title}</h2>
      </header>
      <div className="pane-body empty">
        <p>{hint}</p>
      </div>
    </section>
  )
}

export function App(): React.JSX.Element {
  return (
    <div className="app">
      <header className="titlebar">
        <h1>
          MigLab <span className="tagline">process migration × Internet naming</span>
        </h1>
      </header>
      <main className="workspace">
        <Pane id="topology" title="Topology" hint="Draw the cluster, the WAN and the remote peers here." />
        <Pane id="scenario" title="Scenario" hint="Script what runs where and what moves when." />
        <Pane id="runs" title="Runs" hint="Choose architectures and mechanisms, then run the comparison." />
        <Pane id="results" title="Results" hint="Timelines and overhead comparisons appear here after a run." />
      </main>
    </div>
  )
}

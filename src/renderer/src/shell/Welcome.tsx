// The first screen: what MigLab is for, the bundled examples to start from, and the projects
// opened before. Everything on it is one click from a working study.
import { useEffect, useState } from 'react'
import type { ExampleInfo } from '../../../service/api'
import { messageOf } from '../lab/call-error'
import { useLab } from '../lab/use-lab'
import { Icon } from '../ui/Icon'
import { baseName } from './paths'

interface Props {
  onExample: (e: ExampleInfo) => void
  onNew: () => void
  onOpen: () => void
  onOpenPath: (path: string) => void
}

export function Welcome({ onExample, onNew, onOpen, onOpenPath }: Props): React.JSX.Element {
  const { api, info, transport } = useLab()
  // The desktop app's native menu owns Ctrl+N; a browser keeps Ctrl+N for a new window.
  const newKeys = transport === 'desktop' ? 'Ctrl+N' : 'Ctrl+Alt+N'
  const [examples, setExamples] = useState<ExampleInfo[] | null>(null)
  const [recent, setRecent] = useState<string[]>([])
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api.examples().then(setExamples, (e) => setError(messageOf(e)))
    api.recentProjects().then(setRecent, () => setRecent([]))
  }, [api])
  return (
    <main className="welcome" data-testid="welcome">
      <section className="welcome-hero">
        <img src="./favicon.svg" alt="" width={56} height={56} />
        <div>
          <h1>MigLab</h1>
          <p className="welcome-lede">
            When a running process moves to another machine of a cluster, how do processes outside keep talking to it?
            Draw a topology, script a scenario, and compare naming architectures and migration mechanisms on what every
            move costs.
          </p>
        </div>
      </section>
      <div className="welcome-columns">
        <section className="welcome-examples">
          <h2>Start from an example</h2>
          {error ? <div className="banner error">{error}</div> : null}
          {examples === null && !error ? <p className="muted">Loading the examples…</p> : null}
          {examples?.length === 0 ? <p className="muted">This installation has no bundled examples.</p> : null}
          <div className="example-grid">
            {examples?.map((e) => (
              <button
                key={e.id}
                type="button"
                className="example-card"
                data-testid={`example-${e.id}`}
                onClick={() => onExample(e)}
              >
                <strong>{e.title}</strong>
                <span>{e.description || 'An example study.'}</span>
              </button>
            ))}
          </div>
        </section>
        <aside className="welcome-side">
          <h2>Start</h2>
          <button type="button" className="welcome-action" onClick={onNew} data-testid="welcome-new">
            <Icon name="plus" /> New project… <kbd>{newKeys}</kbd>
          </button>
          <button type="button" className="welcome-action" onClick={onOpen} data-testid="welcome-open">
            <Icon name="folder" /> Open a project… <kbd>Ctrl+O</kbd>
          </button>
          <h2>Recent</h2>
          {recent.length === 0 ? (
            <p className="muted small">Projects you open appear here.</p>
          ) : (
            <ul className="recent-list">
              {recent.slice(0, 8).map((p) => (
                <li key={p}>
                  <button type="button" className="link-button" title={p} onClick={() => onOpenPath(p)}>
                    {baseName(p)}
                  </button>
                  <span className="muted small path">{p}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="muted small welcome-version">
            MigLab {info.miglab} · engine {info.engine} · {info.transport === 'browser' ? 'in the browser' : 'desktop'}
          </p>
        </aside>
      </div>
    </main>
  )
}

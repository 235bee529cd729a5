// The results area: four views of the project's stored runs, moved between through results-nav.
//   Table    the study's results table (mean ± 95 % CI per configuration), as a paper prints it
//   Compare  the two questions on one screen: overhead figures beside the intrusiveness matrix
//   Runs     the run browser: every stored run, filtered; open one, or compare two
//   Run      the timeline of one run, or two side by side (results/run, the run view)
// Every view refreshes as jobs of this project finish, so results appear while a run is going.
import { useEffect, useState } from 'react'
import type { RunStatus } from '../../../service/api'
import { useLab } from '../lab/use-lab'
import { useSession } from '../state/use-session'
import { Icon } from '../ui/Icon'
import { RunBrowser } from './browser/RunBrowser'
import { CompareView } from './compare/CompareView'
import { type ResultsView, resultsNav, useResultsNav } from './results-nav'
import { RunView } from './run/RunView'
import { ResultsTableView } from './table/ResultsTableView'
import './compare/results.css'

const TABS: { view: ResultsView; label: string; title: string }[] = [
  { view: 'table', label: 'Table', title: 'Means with 95 % confidence intervals per configuration' },
  { view: 'compare', label: 'Compare', title: 'Efficiency figures beside the intrusiveness matrix' },
  { view: 'runs', label: 'Runs', title: 'Every stored run: filter, open one, compare two' },
  { view: 'run', label: 'Run', title: 'The timeline of the runs opened from the browser or a chart' },
]

const NONE: string[] = []

/** How long after a job finishes the views ask again (jobs often finish in bursts). */
const REFRESH_MS = 600

/**
 * A string that changes whenever this project's results may have changed: a job of one of its
 * runs finished, or the project changed on disk. Views refetch when it changes.
 */
function useResultsVersion(runs: RunStatus[], path: string): string {
  const { api } = useLab()
  const [changed, setChanged] = useState(0)
  useEffect(
    () =>
      api.subscribe((e) => {
        if (e.kind === 'project-changed' && e.path === path) setChanged((n) => n + 1)
      }),
    [api, path],
  )
  const progress = runs
    .filter((r) => r.project === path)
    .map((r) => `${r.id}:${r.done}:${r.failed}:${r.state}`)
    .join(',')
  const wanted = `${changed}|${progress}`
  // Debounced: a burst of finished jobs is one refresh.
  const [version, setVersion] = useState(wanted)
  useEffect(() => {
    const timer = setTimeout(() => setVersion(wanted), REFRESH_MS)
    return () => clearTimeout(timer)
  }, [wanted])
  return version
}

export function ResultsPanel({ runs }: { runs: RunStatus[] }): React.JSX.Element {
  const path = useSession((s) => s.path)
  const architectures = useSession((s) => s.good?.spec.compare.architectures ?? NONE)
  const nav = useResultsNav()
  const version = useResultsVersion(runs, path)

  // A project opened (or closed): back to its table, nothing open from the last one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: path says when the project changed
  useEffect(() => {
    resultsNav.reset()
    return () => resultsNav.reset()
  }, [path])

  return (
    <div className="results-area" data-testid="results-area" data-view={nav.view}>
      <div className="results-tabs" role="tablist" aria-label="Results views">
        {TABS.map((t) => (
          <button
            key={t.view}
            type="button"
            role="tab"
            aria-selected={nav.view === t.view}
            className={nav.view === t.view ? 'active' : undefined}
            title={t.title}
            data-testid={`results-tab-${t.view}`}
            onClick={() => resultsNav.show(t.view)}
          >
            {t.label}
            {t.view === 'run' && nav.open.length > 0 ? <span className="tab-count">{nav.open.length}</span> : null}
          </button>
        ))}
      </div>
      <div className="results-view" role="tabpanel">
        {nav.view === 'table' ? <ResultsTableView project={path} version={version} /> : null}
        {nav.view === 'compare' ? <CompareView project={path} version={version} architectures={architectures} /> : null}
        {nav.view === 'runs' ? <RunBrowser project={path} version={version} filter={nav.filter} /> : null}
        {nav.view === 'run' ? (
          nav.open.length > 0 ? (
            <RunView key={nav.open.join()} project={path} keys={nav.open} />
          ) : (
            <div className="empty-state" data-testid="run-empty">
              <Icon name="book" size={28} />
              <p>
                No run is open. In Runs, double-click a run to see its timeline, or select two and Compare them; a bar
                of the comparison opens the runs behind it.
              </p>
              <button type="button" className="button small" onClick={() => resultsNav.show('runs')}>
                Browse the runs
              </button>
            </div>
          )
        ) : null}
      </div>
    </div>
  )
}

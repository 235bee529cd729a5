// Where the results area is: which view it shows, which stored runs are open in the run view, what
// the run browser is filtered by, and whether the area takes the whole workbench. The run browser,
// the comparison charts (a click on a bar opens its runs) and the run view itself all move between
// views through this one small store, so none of them imports another.
import { useSyncExternalStore } from 'react'

export type ResultsView = 'table' | 'compare' | 'runs' | 'run'

/** What the run browser lists: a subset of the store's runs (LabApi.listResults' query). */
export interface RunFilter {
  architecture?: string
  mechanism?: string
  pointIndex?: number
  seed?: number
  /** 'study': the current study's runs; 'store': every run the store holds. */
  scope: 'study' | 'store'
}

export interface ResultsNavState {
  view: ResultsView
  /** Run keys open in the run view: one run, or two compared side by side. */
  open: string[]
  filter: RunFilter
  /** The results area covers the whole workbench (the two questions on one screen). */
  maximised: boolean
}

type Listener = () => void

const NO_FILTER: RunFilter = { scope: 'study' }

class ResultsNav {
  private state: ResultsNavState = { view: 'table', open: [], filter: NO_FILTER, maximised: false }
  private readonly listeners = new Set<Listener>()

  get = (): ResultsNavState => this.state

  subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }

  show(view: ResultsView): void {
    this.set({ ...this.state, view })
  }

  /** Opens one run, or two to compare (the first is the baseline), in the run view. */
  openRuns(keys: string[]): void {
    if (keys.length < 1 || keys.length > 2) throw new RangeError(`open one or two runs, not ${keys.length}`)
    this.set({ ...this.state, view: 'run', open: [...keys] })
  }

  /** The run browser, filtered to the runs behind a bar, a row or a line (the current study's). */
  browse(filter: Omit<RunFilter, 'scope'> & { scope?: RunFilter['scope'] }): void {
    this.set({ ...this.state, view: 'runs', filter: { scope: 'study', ...filter } })
  }

  setFilter(filter: RunFilter): void {
    this.set({ ...this.state, filter })
  }

  setMaximised(maximised: boolean): void {
    this.set({ ...this.state, maximised })
  }

  /** Back to the table with nothing open (a project was opened or closed). */
  reset(): void {
    this.set({ view: 'table', open: [], filter: NO_FILTER, maximised: false })
  }

  private set(s: ResultsNavState): void {
    this.state = s
    for (const l of this.listeners) l()
  }
}

export const resultsNav = new ResultsNav()

export function useResultsNav(): ResultsNavState {
  return useSyncExternalStore(resultsNav.subscribe, resultsNav.get)
}

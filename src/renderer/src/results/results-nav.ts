// Where the results area is: which view it shows and which stored runs are open in the run view.
// The run browser, the comparison charts (a click on a bar opens its runs) and the run view itself
// all move between views through this one small store, so none of them imports another.
import { useSyncExternalStore } from 'react'

export type ResultsView = 'table' | 'compare' | 'runs' | 'run'

export interface ResultsNavState {
  view: ResultsView
  /** Run keys open in the run view: one run, or two compared side by side. */
  open: string[]
}

type Listener = () => void

class ResultsNav {
  private state: ResultsNavState = { view: 'table', open: [] }
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
    this.set({ view: 'run', open: [...keys] })
  }

  /** Back to the table with nothing open (a project was opened or closed). */
  reset(): void {
    this.set({ view: 'table', open: [] })
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

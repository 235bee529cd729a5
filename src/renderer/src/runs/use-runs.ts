// The run queue as the service reports it: the runs it knows at start, then every status it pushes.
// One subscription per window, shared by the runs panel and the results (which refresh as jobs
// finish).
import { useEffect, useState } from 'react'
import type { RunStatus } from '../../../service/api'
import { useLab } from '../lab/use-lab'

export function useRuns(): RunStatus[] {
  const { api } = useLab()
  const [runs, setRuns] = useState<Map<string, RunStatus>>(new Map())
  useEffect(() => {
    let live = true
    const put = (s: RunStatus) =>
      setRuns((old) => {
        const next = new Map(old)
        next.set(s.id, s)
        return next
      })
    const off = api.subscribe((e) => {
      if (e.kind === 'run') put(e.status)
    })
    api.runs().then(
      (list) => {
        if (live) for (const s of list) put(s)
      },
      () => undefined,
    )
    return () => {
      live = false
      off()
    }
  }, [api])
  return [...runs.values()].sort((a, b) => b.startedAt.localeCompare(a.startedAt))
}

/** "1 min 05 s", "12 s": how long is left, for people. */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return 'estimating…'
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  return `${m} min ${String(s % 60).padStart(2, '0')} s`
}

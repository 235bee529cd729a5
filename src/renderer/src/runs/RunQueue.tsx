// The queue: every run the service is doing or did in this session, newest first, with progress,
// ETA and cancel; open a run to see its jobs, their progress, and the error of each failed one.
import { useState } from 'react'
import type { RunJobStatus, RunStatus } from '../../../service/api'
import { messageOf } from '../lab/call-error'
import { useLab } from '../lab/use-lab'
import { Icon } from '../ui/Icon'
import { notify } from '../ui/notices'
import { formatEta } from './use-runs'

const JOBS_SHOWN = 200

function jobLabel(j: RunJobStatus): string {
  const point = Object.entries(j.job.point)
    .map(([k, v]) => `${k.split('.').at(-1)}=${String(v)}`)
    .join(' ')
  return `${j.job.architecture} × ${j.job.mechanism}${point ? ` · ${point}` : ''} · rep ${j.job.replication}`
}

const ORDER: Record<RunJobStatus['state'], number> = {
  failed: 0,
  running: 1,
  queued: 2,
  done: 3,
  skipped: 4,
  cancelled: 5,
}

export function RunQueue({ runs }: { runs: RunStatus[] }): React.JSX.Element {
  const [open, setOpen] = useState<string | null>(null)
  if (runs.length === 0) {
    return <p className="muted small queue-empty">No runs yet. Choose what to compare above, then Run (Ctrl+Enter).</p>
  }
  return (
    <ul className="run-queue" data-testid="run-queue">
      {runs.map((r) => (
        <RunRow key={r.id} run={r} open={open === r.id} onToggle={() => setOpen(open === r.id ? null : r.id)} />
      ))}
    </ul>
  )
}

function RunRow({ run, open, onToggle }: { run: RunStatus; open: boolean; onToggle: () => void }): React.JSX.Element {
  const { api } = useLab()
  const finished = run.done + run.failed + run.skipped
  const fraction = run.total === 0 ? 0 : finished / run.total
  const jobs = [...run.jobs].sort((a, b) => ORDER[a.state] - ORDER[b.state]).slice(0, JOBS_SHOWN)
  return (
    <li className={`run-row ${run.state}`} data-testid="run-row" data-state={run.state}>
      <div className="run-head">
        <button type="button" className="icon-button" aria-expanded={open} aria-label="Show jobs" onClick={onToggle}>
          <span className={`chevron${open ? ' open' : ''}`}>
            <Icon name="chevron" size={14} />
          </span>
        </button>
        <div className="run-title">
          <strong>{run.study}</strong>
          <span className={`state-badge ${run.state}`}>{run.state}</span>
        </div>
        <div className="run-numbers">
          <span data-testid="run-count">
            {finished}/{run.total} jobs
          </span>
          {run.failed > 0 ? <span className="failed-count">{run.failed} failed</span> : null}
          {run.state === 'running' ? <span className="muted">ETA {formatEta(run.etaMs)}</span> : null}
        </div>
        {run.state === 'running' ? (
          <button
            type="button"
            className="button small danger"
            data-testid="run-cancel"
            onClick={() => api.cancelRun(run.id).catch((e) => notify(messageOf(e), 'error'))}
          >
            <Icon name="stop" size={12} /> Cancel
          </button>
        ) : null}
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-valuenow={Math.round(fraction * 100)}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div className="progress-fill" style={{ width: `${fraction * 100}%` }} />
      </div>
      {run.error ? <div className="banner error small">{run.error}</div> : null}
      {open ? (
        <ul className="job-list">
          {jobs.map((j) => (
            <li key={j.key} className={`job ${j.state}`} data-testid="job-row">
              <span className="job-label">{jobLabel(j)}</span>
              <span className={`state-badge ${j.state}`}>{j.state}</span>
              <div className="progress thin">
                <div className="progress-fill" style={{ width: `${(j.state === 'done' ? 1 : j.progress) * 100}%` }} />
              </div>
              {j.error ? <div className="job-error">{j.error}</div> : null}
            </li>
          ))}
          {run.jobs.length > JOBS_SHOWN ? (
            <li className="muted small">and {run.jobs.length - JOBS_SHOWN} more jobs</li>
          ) : null}
        </ul>
      ) : null}
    </li>
  )
}

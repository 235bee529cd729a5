// The runs panel: the run form, the Run button with how many runs the study expands to, and the
// queue.
import type { RunStatus } from '../../../service/api'
import { useSession } from '../state/use-session'
import { Icon } from '../ui/Icon'
import { RunForm } from './RunForm'
import { RunQueue } from './RunQueue'

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}

interface Props {
  runs: RunStatus[]
  onRun: () => void
  starting: boolean
}

export function RunsPanel({ runs, onRun, starting }: Props): React.JSX.Element {
  const outcome = useSession((s) => s.compile)
  const compiling = useSession((s) => s.compiling)
  const path = useSession((s) => s.path)
  const mine = runs.filter((r) => r.project === path)
  const ready = outcome?.ok === true
  return (
    <div className="runs-panel">
      <div className="run-bar">
        <button
          type="button"
          className="button primary"
          disabled={!ready || starting}
          data-testid="run-start"
          title={ready ? 'Run every job of the study (Ctrl+Enter)' : 'Fix the problems first'}
          onClick={onRun}
        >
          <Icon name="play" size={14} /> {starting ? 'Starting…' : 'Run'}
        </button>
        <span className="muted small" data-testid="run-summary">
          {compiling
            ? 'Checking the study…'
            : outcome?.ok
              ? `${count(outcome.runs, 'run')}: ${count(outcome.spec.compare.architectures.length, 'architecture')} × ${count(outcome.spec.compare.mechanisms.length, 'mechanism')}`
              : outcome
                ? `${outcome.errors.length} problem${outcome.errors.length === 1 ? '' : 's'} to fix before running`
                : ''}
        </span>
      </div>
      <RunQueue runs={mine} />
      <details className="run-form-details" open>
        <summary>What to run</summary>
        <RunForm />
      </details>
    </div>
  )
}

// The status line: the link to the service, whether the study checks out, and what is running.
import { useEffect, useState } from 'react'
import type { RunStatus } from '../../../service/api'
import type { ConnectionState } from '../lab/channel'
import { useLab } from '../lab/use-lab'
import { formatEta } from '../runs/use-runs'
import type { ProjectSession } from '../state/session'
import { useSession } from '../state/use-session'

export function StatusBar({ session, runs }: { session: ProjectSession | null; runs: RunStatus[] }): React.JSX.Element {
  const { channel, transport } = useLab()
  const [state, setState] = useState<ConnectionState>(channel.state())
  useEffect(() => channel.onState(setState), [channel])
  const running = runs.filter((r) => r.state === 'running')
  const jobs = running.reduce((a, r) => a + r.done + r.failed + r.skipped, 0)
  const total = running.reduce((a, r) => a + r.total, 0)
  const eta = running.reduce<number | null>((a, r) => (r.etaMs === null ? a : Math.max(a ?? 0, r.etaMs)), null)
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span className={`conn ${state}`} data-testid="connection">
        {transport === 'desktop'
          ? 'Desktop'
          : state === 'open'
            ? 'Connected to miglab serve'
            : state === 'connecting'
              ? 'Connecting to miglab serve…'
              : 'Connection lost: reconnecting…'}
      </span>
      {session ? <StudyStatus /> : null}
      <span className="spacer" />
      {running.length > 0 ? (
        <span data-testid="status-runs">
          {running.length} run{running.length === 1 ? '' : 's'}: {jobs}/{total} jobs · ETA {formatEta(eta)}
        </span>
      ) : null}
    </footer>
  )
}

function StudyStatus(): React.JSX.Element {
  const outcome = useSession((s) => s.compile)
  const compiling = useSession((s) => s.compiling)
  const selection = useSession((s) => s.selection)
  return (
    <>
      <span>
        {compiling
          ? 'Checking…'
          : outcome?.ok
            ? `Ready: ${outcome.runs} runs`
            : outcome
              ? `${outcome.errors.length} problem${outcome.errors.length === 1 ? '' : 's'}`
              : ''}
      </span>
      {selection.size > 0 ? <span>{selection.size} selected</span> : null}
    </>
  )
}

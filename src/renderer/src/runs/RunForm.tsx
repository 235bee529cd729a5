// What to run: the architectures and mechanisms to compare, the sweep and the replications. The
// form writes the spec's `compare`, `sweep` and `replications` (what s.compare(), s.sweep() and
// s.replications() write in a script); when the script sets them too, it says the script wins.
import { useLab } from '../lab/use-lab'
import { useProblems } from '../state/problems'
import type { SpecInput } from '../state/spec-types'
import { useProjectSession, useSession } from '../state/use-session'
import { NumberField } from '../ui/fields'
import { Icon } from '../ui/Icon'
import { SweepEditor } from './SweepEditor'

export function RunForm(): React.JSX.Element {
  const session = useProjectSession()
  const { catalog } = useLab()
  const spec = useSession((s) => s.draft.spec)
  const problems = useProblems()
  const compare = spec.compare ?? { architectures: [], mechanisms: [] }
  const overridden = (field: string) => problems.overridden.has(field)
  const studyProblem = (prefix: string) =>
    problems.list.find((p) => p.at.on === 'study' && p.at.field.startsWith(prefix))?.message
  const toggle = (list: 'architectures' | 'mechanisms', id: string, on: boolean) =>
    session.edit(`${on ? 'Compare' : 'Leave out'} ${id}`, (s) => {
      const c = s.compare ?? { architectures: [], mechanisms: [] }
      const now = c[list] ?? []
      const next = on ? [...now, id] : now.filter((x) => x !== id)
      return { ...s, compare: { ...c, [list]: next } } as SpecInput
    })
  const replications = spec.replications && 'count' in spec.replications ? spec.replications.count : undefined
  return (
    <div className="run-form" data-testid="run-form">
      {overridden('compare') ? (
        <div className="banner warn small">scenario.ts sets what is compared; its choice replaces these boxes.</div>
      ) : null}
      <fieldset className="choice-grid">
        <legend>Naming architectures</legend>
        {catalog.architectures.map((a) => (
          <label key={a.id} className="choice" title={a.description}>
            <input
              type="checkbox"
              checked={compare.architectures.includes(a.id)}
              data-testid={`arch-${a.id}`}
              onChange={(e) => toggle('architectures', a.id, e.target.checked)}
            />
            <span>{a.title}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="choice-grid">
        <legend>Migration mechanisms</legend>
        {catalog.mechanisms.map((m) => (
          <label key={m.id} className="choice" title={m.description}>
            <input
              type="checkbox"
              checked={compare.mechanisms.includes(m.id)}
              data-testid={`mech-${m.id}`}
              onChange={(e) => toggle('mechanisms', m.id, e.target.checked)}
            />
            <span>{m.title}</span>
          </label>
        ))}
      </fieldset>
      {studyProblem('compare') ? <div className="field-error">{studyProblem('compare')}</div> : null}
      <div className="run-form-row">
        <NumberField
          label="Replications"
          value={replications}
          min={1}
          max={10_000}
          integer
          placeholder="1"
          optional
          problem={studyProblem('replications')}
          testId="field-replications"
          onCommit={(v) =>
            session.edit(`Replications ${v ?? 1}`, (s) => {
              const next = { ...s, replications: { count: v ?? 1 } }
              return next
            })
          }
        />
        {overridden('replications') ? <span className="muted small">scenario.ts sets the replications</span> : null}
      </div>
      <SweepEditor />
      {spec.replications && 'until' in spec.replications ? (
        <p className="muted small">
          <Icon name="warning" size={12} /> Replications run until a confidence interval is narrow enough (set in the
          spec).
        </p>
      ) : null}
    </div>
  )
}

// The study as a whole, shown when nothing is selected: its name, how long one run lasts, the seed,
// and how TCP behaves when a move leaves a connection behind.
import { useProblems } from '../state/problems'
import { useProjectSession, useSession } from '../state/use-session'
import { CheckedField, NumberField, QuantityField, SelectField } from '../ui/fields'
import { POSITIVE } from './limits'

export function StudyForm(): React.JSX.Element {
  const session = useProjectSession()
  const spec = useSession((s) => s.draft.spec)
  const problems = useProblems()
  const problem = (field: string) => problems.list.find((p) => p.at.on === 'study' && p.at.field === field)?.message
  const set = (field: string, value: unknown) =>
    session.edit(`Set study ${field}`, (s) => {
      const next: Record<string, unknown> = { ...s, [field]: value }
      if (value === undefined) delete next[field]
      return next as typeof s
    })
  const transport = spec.transport ?? {}
  // The run uses the script's value of a setting it replaces: the form must not pass for the whole truth.
  const replaced = problems.replacedSettings
  return (
    <>
      {replaced.length > 0 ? (
        <div className="banner warn" data-testid="study-override-note">
          scenario.ts replaces settings drawn here; runs use the script's values:
          <ul>
            {replaced.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <CheckedField
        label="Study name"
        value={spec.name}
        check={(t) => (t === '' ? 'a study needs a name' : null)}
        onCommit={(t) => {
          set('name', t)
          session.setName(t)
        }}
        problem={problem('name')}
        testId="field-study-name"
      />
      <CheckedField
        label="Description"
        value={spec.description}
        check={() => null}
        onCommit={(t) => set('description', t === '' ? undefined : t)}
        placeholder="what the study is about"
      />
      <QuantityField
        label="Duration of one run"
        kind="duration"
        value={spec.duration}
        min={POSITIVE}
        onCommit={(v) => set('duration', v)}
        problem={problem('duration')}
        testId="field-duration"
      />
      <NumberField
        label="Seed"
        value={spec.seed}
        min={0}
        integer
        placeholder="1"
        optional
        onCommit={(v) => set('seed', v)}
        problem={problem('seed')}
      />
      <SelectField
        label="TCP timers"
        value={transport.preset ?? 'rfc'}
        options={[
          { value: 'rfc', label: 'RFC 6298 (1 s minimum RTO)' },
          { value: 'linux', label: 'Linux (200 ms minimum, 120 s maximum)' },
        ]}
        onChange={(v) => set('transport', { ...transport, preset: v })}
      />
      <SelectField
        label="Connections a move leaves behind"
        value={transport.onMoveWithoutSupport ?? 'reset'}
        options={[
          { value: 'reset', label: 'The old host resets them (RST)' },
          { value: 'silent', label: 'The old host stays silent' },
        ]}
        onChange={(v) => set('transport', { ...transport, onMoveWithoutSupport: v })}
      />
      <SelectField
        label="Migration of a process already moving"
        value={spec.onBusyMigration ?? 'queue'}
        options={[
          { value: 'queue', label: 'Queued after the current move' },
          { value: 'refuse', label: 'Refused' },
        ]}
        onChange={(v) => set('onBusyMigration', v)}
      />
    </>
  )
}

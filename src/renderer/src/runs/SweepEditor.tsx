// The sweep: parameters given as a path through names (`topology.networks.internet.latency`) and
// the values to try. Values are checked when the study compiles, against the field they set.
import { useProblems } from '../state/problems'
import type { SpecInput } from '../state/spec-types'
import { useProjectSession, useSession } from '../state/use-session'
import { CheckedField } from '../ui/fields'
import { Icon } from '../ui/Icon'

type Parameter = NonNullable<NonNullable<SpecInput['sweep']>['parameters']>[number]

/** "10ms, 50ms, 3" -> ['10ms', '50ms', 3]: numbers stay numbers, quantities stay text. */
function parseValues(text: string): (string | number | boolean)[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((v) => (v === 'true' ? true : v === 'false' ? false : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v))
}

export function SweepEditor(): React.JSX.Element {
  const session = useProjectSession()
  const sweep = useSession((s) => s.draft.spec.sweep)
  const problems = useProblems()
  const params = sweep?.parameters ?? []
  const write = (label: string, parameters: Parameter[]) =>
    session.edit(label, (s) => ({ ...s, sweep: { ...(s.sweep ?? {}), parameters } }))
  const problem = (i: number) =>
    problems.list.find((p) => p.at.on === 'study' && p.at.field.startsWith(`sweep.parameters[${i}]`))?.message
  return (
    <fieldset className="sweep-editor">
      <legend>Sweep</legend>
      {params.length === 0 ? <p className="muted small">No sweep: every run uses the values drawn.</p> : null}
      {params.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: parameters are positional in the spec
        <div key={i} className="list-row">
          <CheckedField
            label="Parameter path"
            value={p.path}
            placeholder="topology.networks.internet.latency"
            check={(t) => (t === '' ? 'a parameter path is needed' : null)}
            onCommit={(t) =>
              write(
                `Sweep ${t}`,
                params.map((x, j) => (j === i ? { ...x, path: t } : x)),
              )
            }
            problem={problem(i)}
          />
          {'values' in p ? (
            <CheckedField
              label="Values (comma-separated)"
              value={p.values.join(', ')}
              check={(t) => (parseValues(t).length === 0 ? 'give at least one value' : null)}
              onCommit={(t) =>
                write(
                  `Sweep values of ${p.path}`,
                  params.map((x, j) => (j === i ? { path: x.path, values: parseValues(t) } : x)),
                )
              }
            />
          ) : (
            <p className="muted small">
              from {p.from} to {p.to} in {p.steps} steps{p.unit ? ` (${p.unit})` : ''}
            </p>
          )}
          <button
            type="button"
            className="button small ghost"
            onClick={() =>
              write(
                'Remove a sweep parameter',
                params.filter((_, j) => j !== i),
              )
            }
          >
            <Icon name="trash" size={14} /> Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button small"
        onClick={() => write('Add a sweep parameter', [...params, { path: '', values: [] }])}
      >
        <Icon name="plus" size={14} /> Add a parameter
      </button>
    </fieldset>
  )
}

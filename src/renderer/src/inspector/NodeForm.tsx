// A host or router: its role in the study, its CPU, the networks it is attached to, the agents it
// runs and the processes that start on it.
import { useLab } from '../lab/use-lab'
import { addProcess, setAgent } from '../state/spec-edit'
import { type NodeInput, roleOf, topologyOf } from '../state/spec-types'
import { useProjectSession, useSession } from '../state/use-session'
import { availableAgents } from '../topology/agents'
import { CheckField, NumberField, SelectField } from '../ui/fields'
import { Icon } from '../ui/Icon'
import { NameField } from './NameField'
import { useElement } from './use-element'

export function NodeForm({ elementKey }: { elementKey: string }): React.JSX.Element | null {
  const session = useProjectSession()
  const { catalog } = useLab()
  const spec = useSession((s) => s.draft.spec)
  const e = useElement<NodeInput>(elementKey)
  if (!e) return null
  const { el, set, problem } = e
  const t = topologyOf(spec)
  const defaultRole = roleOf({ ...el, role: undefined }, t.networks)
  const agents = spec.agents ?? {}
  const processes = (spec.processes ?? []).filter((p) => p.host === el.name)
  return (
    <>
      <NameField elementKey={elementKey} problem={problem('name')} />
      <SelectField
        label="Kind"
        value={el.kind}
        options={[
          { value: 'host', label: 'Host (runs processes)' },
          { value: 'router', label: 'Router (forwards, runs agents)' },
        ]}
        onChange={(v) => set('kind', v)}
      />
      <SelectField
        label="Role"
        value={el.role ?? 'default'}
        options={[
          { value: 'default', label: `Default (${defaultRole})` },
          { value: 'cluster', label: 'Cluster: processes run and move here' },
          { value: 'remote', label: 'Remote: outside the cluster' },
          { value: 'infrastructure', label: 'Infrastructure: agents only' },
        ]}
        onChange={(v) => set('role', v === 'default' ? undefined : v)}
        problem={problem('role')}
        testId="field-role"
      />
      <NumberField
        label="CPU capacity (relative)"
        value={el.cpu}
        min={Number.MIN_VALUE}
        placeholder="1"
        optional
        onCommit={(v) => set('cpu', v)}
        problem={problem('cpu')}
      />
      <CheckField
        label="Legacy peer (unmodified stack)"
        checked={el.legacy ?? false}
        onChange={(v) => set('legacy', v || undefined)}
        hint="Architectures that need peer support must refuse or fall back"
      />
      <section className="inspector-section">
        <h4>Attached to</h4>
        {(el.attach ?? []).length === 0 ? (
          <p className="muted">Nothing yet. Use Link mode (L) and drag from this node to a network.</p>
        ) : (
          <ul className="chip-list">
            {(el.attach ?? []).map((a) => (
              <li key={a.network}>
                <button
                  type="button"
                  className="chip"
                  onClick={() => session.select([`attach:${el.name}/${a.network}`])}
                  title="Edit this attachment's rate and delay"
                >
                  {a.network}
                  {a.latency || a.bandwidth ? ` (${[a.latency, a.bandwidth].filter(Boolean).join(', ')})` : ''}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="inspector-section">
        <h4>Agents on this node</h4>
        {availableAgents(catalog).map((a) => (
          <CheckField
            key={a.role}
            label={a.title}
            checked={agents[a.role] === el.name}
            hint={`Used by ${a.usedBy.join(', ')}${agents[a.role] && agents[a.role] !== el.name ? `; now on ${agents[a.role]}` : ''}`}
            onChange={(on) =>
              session.edit(`${on ? 'Put' : 'Remove'} ${a.title} ${on ? 'on' : 'from'} ${el.name}`, (s) =>
                setAgent(s, a.role, on ? el.name : null),
              )
            }
          />
        ))}
      </section>
      {el.kind === 'host' ? (
        <section className="inspector-section">
          <h4>Processes starting here</h4>
          <ul className="chip-list">
            {processes.map((p) => (
              <li key={p.name}>
                <button type="button" className="chip process" onClick={() => session.select([`process:${p.name}`])}>
                  {p.name}
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button small"
            onClick={() =>
              session.edit(`Add a process on ${el.name}`, (s) => {
                const [next, name] = addProcess(s, el.name)
                return { next, select: [`process:${name}`] }
              })
            }
          >
            <Icon name="plus" size={14} /> Add a process
          </button>
        </section>
      ) : null}
    </>
  )
}

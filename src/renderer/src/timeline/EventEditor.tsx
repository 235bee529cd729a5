// The selected event of the time strip, in the inspector: when it happens, what it concerns, and
// a way to delete it. Events the script adds are shown read-only.
import { useProblems } from '../state/problems'
import type { SelectedEvent } from '../state/session'
import { clusterHosts, removeEvent, setEventField } from '../state/spec-edit'
import { linkName, topologyOf } from '../state/spec-types'
import { useProjectSession, useSession } from '../state/use-session'
import { QuantityField, SelectField } from '../ui/fields'
import { Icon } from '../ui/Icon'

export function EventEditor({ selected }: { selected: SelectedEvent }): React.JSX.Element | null {
  const session = useProjectSession()
  const spec = useSession((s) => s.draft.spec)
  const compiled = useSession((s) => s.good?.spec)
  const problems = useProblems()
  const { list, index } = selected.ref
  const event = ((selected.generated ? compiled : spec)?.[list] ?? [])[index]
  if (!event) return null
  const problem = problems.byEvent
    .get(`${list}:${index}`)
    ?.map((p) => p.message)
    .join('; ')
  const set = (field: string, value: unknown, label: string) =>
    session.edit(label, (s) => setEventField(s, selected.ref, field, value))
  const hosts = clusterHosts(spec).map((h) => ({ value: h, label: h }))
  const t = topologyOf(spec)
  const ro = selected.generated
  const title =
    'process' in event
      ? `Migration of ${event.process}`
      : 'target' in event
        ? 'Failure'
        : event.kind === 'eviction'
          ? `Owner of ${event.host} returns`
          : 'Load balancing'
  return (
    <div className="event-editor" data-testid="event-editor">
      <h3 className="inspector-title">
        <Icon name={'process' in event ? 'migrate' : 'target' in event ? 'failure' : 'evict'} /> {title}
      </h3>
      {ro ? <div className="banner info">Set by scenario.ts: change it there.</div> : null}
      {problem ? <div className="banner error">{problem}</div> : null}
      {'process' in event && 'to' in event ? (
        <>
          <QuantityField
            label="At"
            kind="duration"
            value={event.at}
            readOnly={ro}
            onCommit={(v) => v && set('at', v, `Migration at ${v}`)}
            testId="event-at"
          />
          <SelectField
            label="To"
            value={event.to}
            options={hosts}
            disabled={ro}
            onChange={(v) => set('to', v, `Migration to ${v}`)}
            testId="event-to"
          />
        </>
      ) : null}
      {'kind' in event && event.kind === 'eviction' ? (
        <>
          <SelectField
            label="Workstation"
            value={event.host}
            options={hosts}
            disabled={ro}
            onChange={(v) => set('host', v, `Eviction on ${v}`)}
          />
          <QuantityField
            label="Owner returns at"
            kind="duration"
            value={event.ownerReturns[selected.returnIndex ?? 0]}
            readOnly={ro}
            onCommit={(v) =>
              v &&
              set(
                'ownerReturns',
                event.ownerReturns.map((x, i) => (i === (selected.returnIndex ?? 0) ? v : x)),
                `Owner returns at ${v}`,
              )
            }
          />
        </>
      ) : null}
      {'target' in event ? (
        <>
          <SelectField
            label="What fails"
            value={`${event.kind}:${event.target}`}
            disabled={ro}
            options={[
              ...t.nodes.map((n) => ({ value: `node:${n.name}`, label: `node ${n.name}` })),
              ...t.links.map((l) => ({ value: `link:${linkName(l)}`, label: `link ${linkName(l)}` })),
            ]}
            onChange={(v) => {
              const [kind, target] = v.split(':') as ['node' | 'link', string]
              session.edit(`Failure of ${target}`, (s) =>
                setEventField(setEventField(s, selected.ref, 'kind', kind), selected.ref, 'target', target),
              )
            }}
          />
          <QuantityField
            label="Down at"
            kind="duration"
            value={event.at}
            readOnly={ro}
            onCommit={(v) => v && set('at', v, `Failure at ${v}`)}
          />
          <QuantityField
            label="Back at"
            kind="duration"
            value={event.recover}
            placeholder="never"
            optional
            readOnly={ro}
            onCommit={(v) => set('recover', v, 'Failure recovery')}
          />
        </>
      ) : null}
      {ro ? null : (
        <button
          type="button"
          className="button small danger"
          onClick={() => {
            session.edit('Delete event', (s) => removeEvent(s, selected.ref))
            session.selectEvent(null)
          }}
        >
          <Icon name="trash" size={14} /> Delete event
        </button>
      )}
    </div>
  )
}

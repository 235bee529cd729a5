// The selected event of the time strip, as a small form: when it happens, what it concerns, and
// a way to delete it. Events from the script are shown read-only.
import { clusterHosts, removeEvent, setEventField } from '../state/spec-edit'
import { linkName, topologyOf } from '../state/spec-types'
import { useProjectSession, useSession } from '../state/use-session'
import { QuantityField, SelectField } from '../ui/fields'
import { Icon } from '../ui/Icon'
import type { StripMarker } from './TimeStrip'

export function EventEditor({
  marker,
  onClose,
}: {
  marker: StripMarker
  onClose: () => void
}): React.JSX.Element | null {
  const session = useProjectSession()
  const spec = useSession((s) => s.draft.spec)
  const { list, index } = marker.ref
  const event = (spec[list] ?? [])[index]
  if (marker.generated || !event) {
    return (
      <div className="event-editor" data-testid="event-editor">
        <span className="muted">{marker.label}: set by scenario.ts (change it there).</span>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </div>
    )
  }
  const set = (field: string, value: unknown, label: string) =>
    session.edit(label, (s) => setEventField(s, marker.ref, field, value))
  const hosts = clusterHosts(spec).map((h) => ({ value: h, label: h }))
  const t = topologyOf(spec)
  return (
    <div className="event-editor" data-testid="event-editor">
      {'process' in event && 'to' in event ? (
        <>
          <strong>Migration of {event.process}</strong>
          <QuantityField
            label="At"
            kind="duration"
            value={event.at}
            onCommit={(v) => v && set('at', v, `Migration at ${v}`)}
            problem={marker.error}
            testId="event-at"
          />
          <SelectField
            label="To"
            value={event.to}
            options={hosts}
            onChange={(v) => set('to', v, `Migration to ${v}`)}
            testId="event-to"
          />
        </>
      ) : null}
      {'kind' in event && event.kind === 'eviction' ? (
        <>
          <strong>Owner of {event.host} returns</strong>
          <SelectField
            label="Workstation"
            value={event.host}
            options={hosts}
            onChange={(v) => set('host', v, `Eviction on ${v}`)}
          />
          <QuantityField
            label="At"
            kind="duration"
            value={event.ownerReturns[marker.returnIndex ?? 0]}
            onCommit={(v) =>
              v &&
              set(
                'ownerReturns',
                event.ownerReturns.map((x, i) => (i === (marker.returnIndex ?? 0) ? v : x)),
                `Owner returns at ${v}`,
              )
            }
            problem={marker.error}
          />
        </>
      ) : null}
      {'target' in event ? (
        <>
          <strong>Failure</strong>
          <SelectField
            label="What fails"
            value={`${event.kind}:${event.target}`}
            options={[
              ...t.nodes.map((n) => ({ value: `node:${n.name}`, label: `node ${n.name}` })),
              ...t.links.map((l) => ({ value: `link:${linkName(l)}`, label: `link ${linkName(l)}` })),
            ]}
            onChange={(v) => {
              const [kind, target] = v.split(':') as ['node' | 'link', string]
              session.edit(`Failure of ${target}`, (s) =>
                setEventField(setEventField(s, marker.ref, 'kind', kind), marker.ref, 'target', target),
              )
            }}
          />
          <QuantityField
            label="Down at"
            kind="duration"
            value={event.at}
            onCommit={(v) => v && set('at', v, `Failure at ${v}`)}
            problem={marker.error}
          />
          <QuantityField
            label="Back at"
            kind="duration"
            value={event.recover}
            placeholder="never"
            optional
            onCommit={(v) => set('recover', v, 'Failure recovery')}
          />
        </>
      ) : null}
      <button
        type="button"
        className="button small danger"
        onClick={() => {
          session.edit('Delete event', (s) => removeEvent(s, marker.ref))
          onClose()
        }}
      >
        <Icon name="trash" size={14} /> Delete
      </button>
      <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
        ×
      </button>
    </div>
  )
}

// A process: where it starts, its memory (what a migration has to move), and the workloads that
// talk to it. Workloads are added here, attached to this process and a remote peer.
import { catalogEntry, WORKLOADS } from '../../../engine/catalog'
import { addWorkload, clusterHosts, workloadProcesses } from '../state/spec-edit'
import type { ProcessInput, WorkloadKind } from '../state/spec-types'
import { useProjectSession, useSession } from '../state/use-session'
import { CheckField, NumberField, QuantityField, SelectField } from '../ui/fields'
import { Icon } from '../ui/Icon'
import { POSITIVE } from './limits'
import { NameField } from './NameField'
import { useElement } from './use-element'

const KINDS: readonly WorkloadKind[] = ['interactive', 'bsp', 'web', 'bulk']

export function ProcessForm({ elementKey }: { elementKey: string }): React.JSX.Element | null {
  const session = useProjectSession()
  const spec = useSession((s) => s.draft.spec)
  const e = useElement<ProcessInput>(elementKey)
  if (!e) return null
  const { el, set, problem } = e
  const hosts = clusterHosts(spec)
  const hostOptions = (hosts.includes(el.host) ? hosts : [el.host, ...hosts]).map((h) => ({ value: h, label: h }))
  const workloads = (spec.workloads ?? []).filter((w) => workloadProcesses(w).includes(el.name))
  const migrations = (spec.migrations ?? []).filter((m) => m.process === el.name)
  return (
    <>
      <NameField elementKey={elementKey} problem={problem('name')} />
      <SelectField
        label="Starts on"
        value={el.host}
        options={hostOptions}
        onChange={(v) => set('host', v)}
        problem={problem('host')}
        testId="field-host"
      />
      <SelectField
        label="Home machine (Sprite)"
        value={el.home ?? ''}
        options={[{ value: '', label: 'The starting host' }, ...hosts.map((h) => ({ value: h, label: h }))]}
        onChange={(v) => set('home', v === '' ? undefined : v)}
        problem={problem('home')}
      />
      <section className="inspector-section">
        <h4>Memory</h4>
        <QuantityField
          label="Address space"
          kind="size"
          value={el.memory.size}
          min={POSITIVE}
          onCommit={(v) => set('memory.size', v)}
          problem={problem('memory.size')}
          testId="field-memory-size"
        />
        <QuantityField
          label="Dirty rate"
          kind="rate"
          value={el.memory.dirtyRate}
          placeholder="0B/s"
          optional
          onCommit={(v) => set('memory.dirtyRate', v)}
          problem={problem('memory.dirtyRate')}
          testId="field-dirty-rate"
        />
        <QuantityField
          label="Page size"
          kind="size"
          value={el.memory.pageSize}
          placeholder="4KiB"
          optional
          min={POSITIVE}
          onCommit={(v) => set('memory.pageSize', v)}
          problem={problem('memory.pageSize')}
        />
        <QuantityField
          label="Writable working set"
          kind="size"
          value={el.memory.writableWorkingSet}
          placeholder="none"
          optional
          onCommit={(v) => set('memory.writableWorkingSet', v)}
          problem={problem('memory.writableWorkingSet')}
        />
        <QuantityField
          label="Touched after resume"
          kind="size"
          value={el.memory.touchedAfterResume}
          placeholder="0B"
          optional
          onCommit={(v) => set('memory.touchedAfterResume', v)}
          problem={problem('memory.touchedAfterResume')}
        />
      </section>
      <QuantityField
        label="Kernel state"
        kind="size"
        value={el.kernelState}
        placeholder="16KiB"
        optional
        onCommit={(v) => set('kernelState', v)}
        problem={problem('kernelState')}
      />
      <NumberField
        label="Open files"
        value={el.openFiles}
        min={0}
        integer
        placeholder="8"
        optional
        onCommit={(v) => set('openFiles', v)}
        problem={problem('openFiles')}
      />
      <NumberField
        label="CPU demand"
        value={el.cpuDemand}
        min={0}
        placeholder="1"
        optional
        onCommit={(v) => set('cpuDemand', v)}
        problem={problem('cpuDemand')}
      />
      <CheckField
        label="Migratable"
        checked={el.migratable ?? true}
        onChange={(v) => set('migratable', v ? undefined : false)}
      />
      <section className="inspector-section">
        <h4>Workloads</h4>
        <ul className="chip-list">
          {workloads.map((w) => (
            <li key={w.name}>
              <button type="button" className="chip workload" onClick={() => session.select([`workload:${w.name}`])}>
                {w.name} · {w.kind}
              </button>
            </li>
          ))}
        </ul>
        <div className="button-row">
          {KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              className="button small"
              data-testid={`add-workload-${kind}`}
              title={catalogEntry(WORKLOADS, kind)?.description}
              onClick={() =>
                session.edit(`Add ${kind} workload to ${el.name}`, (s) => {
                  const [next, name] = addWorkload(s, kind, el.name)
                  return { next, select: [`workload:${name}`] }
                })
              }
            >
              <Icon name="plus" size={14} /> {catalogEntry(WORKLOADS, kind)?.title ?? kind}
            </button>
          ))}
        </div>
      </section>
      <section className="inspector-section">
        <h4>Migrations</h4>
        {migrations.length === 0 ? (
          <p className="muted">None. Drag “Migrate” from the time strip onto this process's lane.</p>
        ) : (
          <ul className="plain-list">
            {migrations.map((m) => (
              <li key={`${m.at}-${m.to}`}>
                at {m.at} to <strong>{m.to}</strong>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}

// A workload: who talks to whom, how much and how often. One form per kind, with the fields of
// spec.ts; peers are chosen among the topology's hosts, remote ones first.
import { clusterHosts, remoteHosts } from '../state/spec-edit'
import { topologyOf, type WorkloadInput } from '../state/spec-types'
import { useSession } from '../state/use-session'
import { CheckField, NumberField, QuantityField, SelectField } from '../ui/fields'
import { Icon } from '../ui/Icon'
import { DistributionField } from './DistributionField'
import { NameField } from './NameField'
import { type ElementEditor, useElement } from './use-element'

export function WorkloadForm({ elementKey }: { elementKey: string }): React.JSX.Element | null {
  const e = useElement<WorkloadInput>(elementKey)
  const spec = useSession((s) => s.draft.spec)
  if (!e) return null
  const { el, set, problem } = e
  const processes = (spec.processes ?? []).map((p) => ({ value: p.name, label: `${p.name} (on ${p.host})` }))
  const remote = remoteHosts(spec)
  const others = topologyOf(spec)
    .nodes.filter((n) => n.kind === 'host' && !remote.includes(n.name))
    .map((n) => n.name)
  const peers = [
    ...remote.map((n) => ({ value: n, label: `${n} (remote)` })),
    ...others.map((n) => ({ value: n, label: clusterHosts(spec).includes(n) ? `${n} (cluster)` : n })),
  ]
  return (
    <>
      <NameField elementKey={elementKey} problem={problem('name')} />
      <p className="inspector-note">{KIND_NOTE[el.kind]}</p>
      {el.kind === 'interactive' ? (
        <>
          <SelectField
            label="Process (echoes)"
            value={el.process}
            options={processes}
            onChange={(v) => set('process', v)}
            problem={problem('process')}
          />
          <SelectField
            label="Client (types)"
            value={el.client}
            options={peers}
            onChange={(v) => set('client', v)}
            problem={problem('client')}
            testId="field-peer"
          />
          <DistributionField
            label="Think time"
            field="thinkTime"
            value={el.thinkTime}
            defaultText="exponential, mean 200ms"
            onChange={(d) => set('thinkTime', d)}
            problem={problem}
          />
          <QuantityField
            label="Key bytes"
            kind="size"
            value={el.keyBytes}
            placeholder="1B"
            optional
            onCommit={(v) => set('keyBytes', v)}
            problem={problem('keyBytes')}
          />
          <QuantityField
            label="Echo bytes"
            kind="size"
            value={el.echoBytes}
            placeholder="1B"
            optional
            onCommit={(v) => set('echoBytes', v)}
            problem={problem('echoBytes')}
          />
        </>
      ) : null}
      {el.kind === 'bulk' ? (
        <>
          <SelectField
            label="Process"
            value={el.process}
            options={processes}
            onChange={(v) => set('process', v)}
            problem={problem('process')}
          />
          <SelectField
            label="Peer"
            value={el.peer}
            options={peers}
            onChange={(v) => set('peer', v)}
            problem={problem('peer')}
            testId="field-peer"
          />
          <SelectField
            label="Direction"
            value={el.direction ?? 'to-peer'}
            options={[
              { value: 'to-peer', label: 'Process sends to the peer' },
              { value: 'from-peer', label: 'Peer sends to the process' },
            ]}
            onChange={(v) => set('direction', v)}
          />
          <QuantityField
            label="Size"
            kind="size"
            value={el.size}
            placeholder="until stop"
            optional
            onCommit={(v) => set('size', v)}
            problem={problem('size')}
          />
        </>
      ) : null}
      {el.kind === 'bsp' ? (
        <BspFields
          e={e as ElementEditor<Extract<WorkloadInput, { kind: 'bsp' }>>}
          processes={processes}
          peers={peers}
        />
      ) : null}
      {el.kind === 'web' ? (
        <WebFields
          e={e as ElementEditor<Extract<WorkloadInput, { kind: 'web' }>>}
          processes={processes}
          peers={peers}
        />
      ) : null}
      <QuantityField
        label="Start"
        kind="duration"
        value={el.start}
        placeholder="0s"
        optional
        onCommit={(v) => set('start', v)}
        problem={problem('start')}
      />
      <QuantityField
        label="Stop"
        kind="duration"
        value={el.stop}
        placeholder="end of the run"
        optional
        onCommit={(v) => set('stop', v)}
        problem={problem('stop')}
      />
      <NumberField
        label="Port"
        value={el.port}
        min={1}
        max={65535}
        integer
        placeholder={String(DEFAULT_PORT[el.kind])}
        optional
        onCommit={(v) => set('port', v)}
        problem={problem('port')}
      />
    </>
  )
}

const KIND_NOTE: Record<WorkloadInput['kind'], string> = {
  interactive: 'A remote user types into a process that moves: echo latency and stalls.',
  bsp: 'Ranks compute, then exchange messages each iteration; some talk to external peers.',
  web: 'External clients send requests to server processes in the cluster.',
  bulk: 'A long transfer between a process and a remote peer.',
}

const DEFAULT_PORT: Record<WorkloadInput['kind'], number> = { interactive: 5000, bsp: 6000, web: 80, bulk: 7000 }

type Option = { value: string; label: string }

/** A copy of a list with one item's fields changed. */
function patchAt<T>(list: readonly T[], index: number, patch: Partial<T>): T[] {
  return list.map((x, i) => (i === index ? { ...x, ...patch } : x))
}

function BspFields({
  e,
  processes,
  peers,
}: {
  e: ElementEditor<Extract<WorkloadInput, { kind: 'bsp' }>>
  processes: Option[]
  peers: Option[]
}): React.JSX.Element {
  const { el, set, problem } = e
  const external = el.external ?? []
  return (
    <>
      <fieldset className="distribution">
        <legend>Ranks (in order)</legend>
        {processes.map((p) => (
          <CheckField
            key={p.value}
            label={p.label}
            checked={el.ranks.includes(p.value)}
            onChange={(on) => set('ranks', on ? [...el.ranks, p.value] : el.ranks.filter((r) => r !== p.value))}
          />
        ))}
        {problem('ranks') ? <div className="field-error">{problem('ranks')}</div> : null}
      </fieldset>
      <NumberField
        label="Iterations"
        value={el.iterations}
        min={1}
        integer
        placeholder="100"
        optional
        onCommit={(v) => set('iterations', v)}
        problem={problem('iterations')}
      />
      <DistributionField
        label="Compute per iteration"
        field="compute"
        value={el.compute}
        defaultText="required"
        onChange={(d) => set('compute', d)}
        problem={problem}
      />
      <SelectField
        label="Pattern"
        value={el.pattern ?? 'ring'}
        options={[
          { value: 'ring', label: 'Ring' },
          { value: 'all-to-all', label: 'All to all' },
        ]}
        onChange={(v) => set('pattern', v)}
      />
      <QuantityField
        label="Message size"
        kind="size"
        value={el.messageSize}
        placeholder="64KiB"
        optional
        onCommit={(v) => set('messageSize', v)}
        problem={problem('messageSize')}
      />
      <fieldset className="distribution">
        <legend>External peers</legend>
        {external.map((x, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the spec's list is positional; rows may repeat
          <div key={i} className="list-row">
            <SelectField
              label="Rank"
              value={x.rank}
              options={processes.filter((p) => el.ranks.includes(p.value))}
              onChange={(v) => set('external', patchAt(external, i, { rank: v }))}
            />
            <SelectField
              label="Peer"
              value={x.peer}
              options={peers}
              onChange={(v) => set('external', patchAt(external, i, { peer: v }))}
            />
            <SelectField
              label="Role"
              value={x.role}
              options={[
                { value: 'coordinator', label: 'Coordinator' },
                { value: 'data-source', label: 'Data source' },
              ]}
              onChange={(v) => set('external', patchAt(external, i, { role: v }))}
            />
            <QuantityField
              label="Bytes per iteration"
              kind="size"
              value={x.bytes}
              onCommit={(v) => v && set('external', patchAt(external, i, { bytes: v }))}
            />
            <button
              type="button"
              className="button small ghost"
              onClick={() =>
                set(
                  'external',
                  external.filter((_, j) => j !== i),
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
          disabled={peers.length === 0 || el.ranks.length === 0}
          onClick={() =>
            set('external', [
              ...external,
              { rank: el.ranks[0]!, peer: peers[0]!.value, role: 'coordinator', bytes: '1kB' },
            ])
          }
        >
          <Icon name="plus" size={14} /> Add an external peer
        </button>
      </fieldset>
    </>
  )
}

function WebFields({
  e,
  processes,
  peers,
}: {
  e: ElementEditor<Extract<WorkloadInput, { kind: 'web' }>>
  processes: Option[]
  peers: Option[]
}): React.JSX.Element {
  const { el, set, problem } = e
  return (
    <>
      <fieldset className="distribution">
        <legend>Server processes</legend>
        {processes.map((p) => (
          <CheckField
            key={p.value}
            label={p.label}
            checked={el.servers.includes(p.value)}
            onChange={(on) => set('servers', on ? [...el.servers, p.value] : el.servers.filter((s) => s !== p.value))}
          />
        ))}
      </fieldset>
      <fieldset className="distribution">
        <legend>Clients</legend>
        {el.clients.map((c, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the spec's list is positional; rows may repeat
          <div key={i} className="list-row">
            <SelectField
              label="Node"
              value={c.node}
              options={peers}
              onChange={(v) => set('clients', patchAt(el.clients, i, { node: v }))}
            />
            <NumberField
              label="Clients on it"
              value={c.count}
              min={1}
              integer
              placeholder="1"
              optional
              onCommit={(v) => set('clients', patchAt(el.clients, i, { count: v }))}
            />
            <button
              type="button"
              className="button small ghost"
              disabled={el.clients.length === 1}
              onClick={() =>
                set(
                  'clients',
                  el.clients.filter((_, j) => j !== i),
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
          disabled={peers.length === 0}
          onClick={() => set('clients', [...el.clients, { node: peers[0]!.value }])}
        >
          <Icon name="plus" size={14} /> Add clients
        </button>
      </fieldset>
      <DistributionField
        label="Inter-arrival time (per client)"
        field="interArrival"
        value={el.interArrival}
        defaultText="exponential, mean 100ms"
        onChange={(d) => set('interArrival', d)}
        problem={problem}
      />
      <DistributionField
        label="Service time"
        field="serviceTime"
        value={el.serviceTime}
        defaultText="constant 2ms"
        onChange={(d) => set('serviceTime', d)}
        problem={problem}
      />
      <QuantityField
        label="Request size"
        kind="size"
        value={el.requestSize}
        placeholder="512B"
        optional
        onCommit={(v) => set('requestSize', v)}
        problem={problem('requestSize')}
      />
      <QuantityField
        label="Response size"
        kind="size"
        value={el.responseSize}
        placeholder="16KiB"
        optional
        onCommit={(v) => set('responseSize', v)}
        problem={problem('responseSize')}
      />
      <QuantityField
        label="Timeout"
        kind="duration"
        value={el.timeout}
        placeholder="10s"
        optional
        onCommit={(v) => set('timeout', v)}
        problem={problem('timeout')}
      />
      <CheckField
        label="Persistent connections"
        checked={el.persistent ?? true}
        onChange={(v) => set('persistent', v ? undefined : false)}
      />
    </>
  )
}

// A point-to-point link between two nodes.
import type { LinkInput } from '../state/spec-types'
import { NumberField, QuantityField } from '../ui/fields'
import { BANDWIDTH_MIN, MTU_MIN } from './limits'
import { NameField } from './NameField'
import { useElement } from './use-element'

export function LinkForm({ elementKey }: { elementKey: string }): React.JSX.Element | null {
  const e = useElement<LinkInput>(elementKey)
  if (!e) return null
  const { el, set, problem } = e
  return (
    <>
      <NameField elementKey={elementKey} problem={problem('name')} />
      <p className="inspector-note">
        Between <strong>{el.a}</strong> and <strong>{el.b}</strong>
      </p>
      <QuantityField
        label="Latency"
        kind="duration"
        value={el.latency}
        onCommit={(v) => set('latency', v)}
        problem={problem('latency')}
        testId="field-latency"
      />
      <QuantityField
        label="Bandwidth"
        kind="rate"
        value={el.bandwidth}
        min={BANDWIDTH_MIN}
        onCommit={(v) => set('bandwidth', v)}
        problem={problem('bandwidth')}
        testId="field-bandwidth"
      />
      <NumberField
        label="Loss probability"
        value={el.loss}
        min={0}
        max={1}
        placeholder="0"
        optional
        onCommit={(v) => set('loss', v)}
        problem={problem('loss')}
        testId="field-loss"
      />
      <NumberField
        label="Queue (packets)"
        value={el.queue}
        min={1}
        max={1_000_000}
        integer
        placeholder="100"
        optional
        onCommit={(v) => set('queue', v)}
        problem={problem('queue')}
        testId="field-queue"
      />
      <QuantityField
        label="MTU"
        kind="size"
        value={el.mtu}
        placeholder="1500B"
        optional
        min={MTU_MIN}
        onCommit={(v) => set('mtu', v)}
        problem={problem('mtu')}
      />
    </>
  )
}

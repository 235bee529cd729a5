// A node's attachment to a network: by default it has the network's rate and delay; these fields
// override them for this one port.
import type { AttachmentInput } from '../state/spec-types'
import { parseKey } from '../state/spec-types'
import { QuantityField } from '../ui/fields'
import { BANDWIDTH_MIN } from './limits'
import { useElement } from './use-element'

export function AttachForm({ elementKey }: { elementKey: string }): React.JSX.Element | null {
  const e = useElement<AttachmentInput>(elementKey)
  if (!e) return null
  const { el, set, problem } = e
  const [node, network] = parseKey(elementKey).name.split('/')
  return (
    <>
      <p className="inspector-note">
        <strong>{node}</strong> attached to <strong>{network}</strong>. Leave a field empty to use the network's value.
      </p>
      <QuantityField
        label="Latency"
        kind="duration"
        value={el.latency}
        placeholder="the network's"
        optional
        onCommit={(v) => set('latency', v)}
        problem={problem('latency')}
        testId="field-latency"
      />
      <QuantityField
        label="Bandwidth"
        kind="rate"
        value={el.bandwidth}
        placeholder="the network's"
        optional
        min={BANDWIDTH_MIN}
        onCommit={(v) => set('bandwidth', v)}
        problem={problem('bandwidth')}
        testId="field-bandwidth"
      />
    </>
  )
}

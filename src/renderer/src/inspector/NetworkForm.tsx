// A LAN or WAN: its prefix and the rate, delay, loss and queue of each attachment.
import type { NetworkInput } from '../state/spec-types'
import { CheckedField, NumberField, QuantityField, SelectField } from '../ui/fields'
import { BANDWIDTH_MIN, MTU_MIN } from './limits'
import { NameField } from './NameField'
import { useElement } from './use-element'

const IPV4_PREFIX = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/

export function NetworkForm({ elementKey }: { elementKey: string }): React.JSX.Element | null {
  const e = useElement<NetworkInput>(elementKey)
  if (!e) return null
  const { el, set, problem } = e
  return (
    <>
      <NameField elementKey={elementKey} problem={problem('name')} />
      <SelectField
        label="Kind"
        value={el.kind}
        options={[
          { value: 'lan', label: 'LAN (switched Ethernet, ARP)' },
          { value: 'wan', label: 'WAN (routed cloud)' },
        ]}
        onChange={(v) => set('kind', v)}
      />
      <QuantityField
        label="Latency"
        kind="duration"
        value={el.latency}
        placeholder="50us"
        optional
        onCommit={(v) => set('latency', v)}
        problem={problem('latency')}
        testId="field-latency"
      />
      <QuantityField
        label="Bandwidth"
        kind="rate"
        value={el.bandwidth}
        placeholder="1Gbps"
        optional
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
      <AddressField value={el.prefix} onCommit={(v) => set('prefix', v)} problem={problem('prefix')} />
      <Address6Field value={el.prefix6} onCommit={(v) => set('prefix6', v)} problem={problem('prefix6')} />
      {el.kind === 'lan' ? (
        <QuantityField
          label="ARP entry lifetime"
          kind="duration"
          value={el.arpTimeout}
          placeholder="60s"
          optional
          onCommit={(v) => set('arpTimeout', v)}
          problem={problem('arpTimeout')}
        />
      ) : null}
    </>
  )
}

function AddressField(props: {
  value: string | undefined
  onCommit: (v: string | undefined) => void
  problem?: string
}): React.JSX.Element {
  return (
    <CheckedField
      label="IPv4 prefix"
      value={props.value}
      placeholder="allocated automatically"
      problem={props.problem}
      testId="field-prefix"
      check={(t) => {
        if (t === '') return null
        const m = IPV4_PREFIX.exec(t)
        if (!m) return `"${t}" is not an IPv4 prefix such as 10.1.0.0/24`
        const octets = m.slice(1, 5).map(Number)
        if (octets.some((o) => o > 255)) return `"${t}": each part of an address is at most 255`
        if (Number(m[5]) > 30) return `"${t}": a /${m[5]} leaves no room for hosts (at most /30)`
        return null
      }}
      onCommit={(t) => props.onCommit(t === '' ? undefined : t)}
    />
  )
}

/** IPv6 text form (RFC 4291 §2.2): up to eight groups of hex digits, one "::" at most, then /len. */
function ipv6PrefixProblem(t: string): string | null {
  const [addr, len, ...extra] = t.split('/')
  if (extra.length > 0 || len === undefined || !/^\d{1,3}$/.test(len))
    return `"${t}" is not an IPv6 prefix such as 2001:db8:1::/64`
  if (Number(len) > 126) return `"${t}": a /${len} leaves no room for hosts (at most /126)`
  const halves = addr!.split('::')
  if (halves.length > 2) return `"${t}": "::" may appear only once`
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')))
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return `"${t}" is not an IPv6 prefix such as 2001:db8:1::/64`
  if (halves.length === 1 ? groups.length !== 8 : groups.length > 7) return `"${t}": an IPv6 address has eight groups`
  return null
}

function Address6Field(props: {
  value: string | undefined
  onCommit: (v: string | undefined) => void
  problem?: string
}): React.JSX.Element {
  return (
    <CheckedField
      label="IPv6 prefix"
      value={props.value}
      placeholder="allocated automatically"
      problem={props.problem}
      check={(t) => (t === '' ? null : ipv6PrefixProblem(t))}
      onCommit={(t) => props.onCommit(t === '' ? undefined : t)}
    />
  )
}

// The parts of a spec as a researcher writes them (defaults may be left out): the shapes the
// canvas, the forms and the time strip edit. Derived from the engine's spec types so they follow
// the schema when it grows.
import type { ScenarioSpecInput } from '../../../engine/scenario/spec'

export type SpecInput = ScenarioSpecInput
export type TopologyInput = NonNullable<SpecInput['topology']>
export type NetworkInput = NonNullable<TopologyInput['networks']>[number]
export type NodeInput = NonNullable<TopologyInput['nodes']>[number]
export type AttachmentInput = NonNullable<NodeInput['attach']>[number]
export type LinkInput = NonNullable<TopologyInput['links']>[number]
export type ProcessInput = NonNullable<SpecInput['processes']>[number]
export type WorkloadInput = NonNullable<SpecInput['workloads']>[number]
export type WorkloadKind = WorkloadInput['kind']
export type DistributionInput = NonNullable<Extract<WorkloadInput, { kind: 'interactive' }>['thinkTime']>
export type MigrationInput = NonNullable<SpecInput['migrations']>[number]
export type PolicyInput = NonNullable<SpecInput['policies']>[number]
export type EvictionInput = Extract<PolicyInput, { kind: 'eviction' }>
export type FailureInput = NonNullable<SpecInput['failures']>[number]
export type Position = { x: number; y: number }

/** The kinds of element the editor selects, and how it names one: `node:ws1`, `attach:ws1/cluster`. */
export type ElementKind = 'network' | 'node' | 'link' | 'attach' | 'process' | 'workload'
export type ElementKey = string

export function parseKey(key: ElementKey): { kind: ElementKind; name: string } {
  const i = key.indexOf(':')
  return { kind: key.slice(0, i) as ElementKind, name: key.slice(i + 1) }
}

/** A link's name: its own, or "<a>-<b>" as the schema defaults it. */
export function linkName(l: LinkInput): string {
  return l.name ?? `${l.a}-${l.b}`
}

/** The topology with every list present, for reading. */
export function topologyOf(spec: SpecInput): Required<TopologyInput> {
  const t = spec.topology ?? {}
  return { networks: t.networks ?? [], nodes: t.nodes ?? [], links: t.links ?? [] }
}

export type NodeRole = 'cluster' | 'remote' | 'infrastructure'

/** A node's role, defaulted as the engine does: routers are infrastructure, hosts on a LAN cluster. */
export function roleOf(node: NodeInput, networks: readonly NetworkInput[]): NodeRole {
  if (node.role) return node.role
  if (node.kind === 'router') return 'infrastructure'
  const lans = new Set(networks.filter((n) => n.kind === 'lan').map((n) => n.name))
  return (node.attach ?? []).some((a) => lans.has(a.network)) ? 'cluster' : 'remote'
}

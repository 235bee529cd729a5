// Builds a Net from the topology section of a ScenarioSpec (plain data), refusing bad input with
// messages that name the element: unknown node, duplicate name, zero bandwidth, negative latency,
// loss outside [0, 1], and — given the flows a scenario needs — nodes that cannot reach each other.

import type { z } from 'zod'
import { parseDuration, parseRate, parseSize, type Scheduler } from '../core'
import { Topology, type TopologySpec } from '../scenario/spec'
import type { ChannelParams } from './channel'
import { Net } from './net'
import { ETHERNET_GAP, ETHERNET_MIN_PAYLOAD, ETHERNET_OVERHEAD, PPP_OVERHEAD } from './packet'

export interface TopologyProblem {
  path: string
  message: string
}

export class TopologyError extends Error {
  override name = 'TopologyError'
  constructor(readonly problems: TopologyProblem[]) {
    super(problems.map((p) => `${p.path}: ${p.message}`).join('\n'))
  }
}

/** Describes a path element by index and, where it has one, by name: `topology.links[3] (uplink)`. */
function describe(topo: unknown, path: readonly PropertyKey[]): string {
  let cur: unknown = topo
  let out = 'topology'
  for (const k of path) {
    if (typeof k === 'number') {
      out += `[${k}]`
      cur = Array.isArray(cur) ? cur[k] : undefined
      const name = (cur as { name?: unknown } | undefined)?.name
      if (typeof name === 'string') out += ` ("${name}")`
    } else {
      out += `.${String(k)}`
      cur = (cur as Record<string, unknown> | undefined)?.[k as string]
    }
  }
  return out
}

function channel(
  where: string,
  problems: TopologyProblem[],
  bandwidth: string,
  latency: string,
  loss: number,
  mtu: string,
  queue: number,
  lan: boolean,
): ChannelParams {
  const bw = parseRate(bandwidth)
  if (bw <= 0)
    problems.push({ path: `${where}.bandwidth`, message: `bandwidth must be greater than zero, got "${bandwidth}"` })
  if (!(loss >= 0 && loss <= 1))
    problems.push({ path: `${where}.loss`, message: `loss must be in [0, 1], got ${loss}` })
  const m = parseSize(mtu)
  if (m < 68)
    problems.push({ path: `${where}.mtu`, message: `an MTU below 68 bytes cannot carry an IP packet ("${mtu}")` })
  return {
    bandwidth: bw,
    latency: parseDuration(latency),
    loss,
    queue,
    mtu: m,
    overhead: lan ? ETHERNET_OVERHEAD : PPP_OVERHEAD,
    minPayload: lan ? ETHERNET_MIN_PAYLOAD : 0,
    gap: lan ? ETHERNET_GAP : 0,
  }
}

/** Parses and checks a topology, then builds the Net (routes computed). Throws TopologyError. */
export function buildTopology(sched: Scheduler, seed: number, input: z.input<typeof Topology>): Net {
  const parsed = Topology.safeParse(input)
  if (!parsed.success) {
    throw new TopologyError(parsed.error.issues.map((i) => ({ path: describe(input, i.path), message: i.message })))
  }
  const topo: TopologySpec = parsed.data
  const problems: TopologyProblem[] = []

  const seen = new Map<string, string>()
  const claim = (name: string, what: string, path: string): void => {
    const prev = seen.get(name)
    if (prev) problems.push({ path, message: `duplicate name "${name}": already used by ${prev}` })
    else seen.set(name, `${what} ${path}`)
  }
  topo.networks.forEach((n, i) => {
    claim(n.name, 'network', `topology.networks[${i}]`)
  })
  topo.nodes.forEach((n, i) => {
    claim(n.name, 'node', `topology.nodes[${i}]`)
  })
  const linkNames = new Set<string>()
  topo.links.forEach((l, i) => {
    const name = l.name ?? `${l.a}-${l.b}`
    if (linkNames.has(name)) problems.push({ path: `topology.links[${i}]`, message: `duplicate link name "${name}"` })
    linkNames.add(name)
  })

  const nodeNames = new Set(topo.nodes.map((n) => n.name))
  const netByName = new Map(topo.networks.map((n) => [n.name, n]))
  topo.links.forEach((l, i) => {
    for (const end of ['a', 'b'] as const) {
      if (!nodeNames.has(l[end]))
        problems.push({ path: `topology.links[${i}].${end}`, message: `unknown node "${l[end]}"` })
    }
    if (l.a === l.b) problems.push({ path: `topology.links[${i}]`, message: `link connects "${l.a}" to itself` })
  })
  topo.nodes.forEach((n, i) => {
    n.attach.forEach((a, j) => {
      if (!netByName.has(a.network)) {
        problems.push({
          path: `topology.nodes[${i}] ("${n.name}").attach[${j}].network`,
          message: `unknown network "${a.network}"`,
        })
      }
    })
  })
  if (problems.length > 0) throw new TopologyError(problems)

  const net = new Net(sched, seed)
  const networks = new Map<string, ReturnType<Net['addNetwork']>>()
  topo.networks.forEach((n, i) => {
    try {
      networks.set(
        n.name,
        net.addNetwork(n.name, n.kind, n.prefix, n.prefix6, { arpTimeout: parseDuration(n.arpTimeout) }),
      )
    } catch (e) {
      problems.push({ path: `topology.networks[${i}] ("${n.name}").prefix`, message: (e as Error).message })
    }
  })
  for (const n of topo.nodes) {
    const role =
      n.role ??
      (n.kind === 'router'
        ? 'infrastructure'
        : n.attach.some((a) => netByName.get(a.network)?.kind === 'lan')
          ? 'cluster'
          : 'remote')
    net.addNode(n.name, n.kind, { role, cpu: n.cpu, legacy: n.legacy })
  }
  topo.nodes.forEach((n, i) => {
    n.attach.forEach((a, j) => {
      const spec = netByName.get(a.network)!
      const network = networks.get(a.network)
      if (!network) return
      const where = `topology.nodes[${i}] ("${n.name}").attach[${j}]`
      const params = channel(
        where,
        problems,
        a.bandwidth ?? spec.bandwidth,
        a.latency ?? spec.latency,
        spec.loss,
        spec.mtu,
        spec.queue,
        spec.kind === 'lan',
      )
      try {
        net.attach(net.node(n.name), network, params)
      } catch (e) {
        problems.push({ path: where, message: (e as Error).message })
      }
    })
  })
  topo.networks.forEach((n, i) => {
    // Check the network's own parameters even if nothing is attached.
    channel(
      `topology.networks[${i}] ("${n.name}")`,
      problems,
      n.bandwidth,
      n.latency,
      n.loss,
      n.mtu,
      n.queue,
      n.kind === 'lan',
    )
  })
  topo.links.forEach((l, i) => {
    const name = l.name ?? `${l.a}-${l.b}`
    const where = `topology.links[${i}] ("${name}")`
    const params = channel(where, problems, l.bandwidth, l.latency, l.loss, l.mtu, l.queue, false)
    net.connect(net.node(l.a), net.node(l.b), params, name)
  })
  if (problems.length > 0) throw new TopologyError(problems)
  net.finalize()
  return net
}

/**
 * Checks that each pair of nodes a scenario needs to talk can reach each other over working
 * links; returns the problems (empty when all can).
 */
export function unreachablePairs(
  net: Net,
  pairs: readonly { from: string; to: string; why: string }[],
): TopologyProblem[] {
  // Union-find over the physical graph: nodes, LAN/WAN networks, and links that are up.
  const parent = new Int32Array(net.nodes.length + net.networks.length).map((_, i) => i)
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]]
      x = parent[x]
    }
    return x
  }
  const union = (a: number, b: number) => {
    parent[find(a)] = find(b)
  }
  const N = net.nodes.length
  for (const l of net.links) if (l.up) union(l.a.node.id, l.b.node.id)
  for (const n of net.nodes) for (const i of n.ifaces) if (i.network >= 0) union(n.id, N + i.network)
  const out: TopologyProblem[] = []
  for (const p of pairs) {
    const a = net.findNode(p.from)
    const b = net.findNode(p.to)
    if (!a || !b) continue
    if (find(a.id) !== find(b.id)) {
      out.push({ path: p.why, message: `"${p.from}" and "${p.to}" are in disconnected parts of the topology` })
    }
  }
  return out
}

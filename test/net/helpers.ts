// Small topologies for network and transport tests, built through the same path a spec takes.
import { Scheduler } from '../../src/engine/core'
import type { Net } from '../../src/engine/net/net'
import { buildTopology } from '../../src/engine/net/topology'
import type { TopologySpec } from '../../src/engine/scenario/spec'

export type TopologyInput = Partial<Pick<TopologySpec, 'networks' | 'nodes' | 'links'>> & Record<string, unknown>

export function build(topo: Parameters<typeof buildTopology>[2], seed = 1): { sched: Scheduler; net: Net } {
  const sched = new Scheduler()
  return { sched, net: buildTopology(sched, seed, topo) }
}

/** h1 -- r1 -- r2 -- h2 with the given middle link. */
export function chain(middle: { bandwidth: string; latency: string; loss?: number; queue?: number }, seed = 1) {
  return build(
    {
      nodes: [
        { name: 'h1', kind: 'host' },
        { name: 'r1', kind: 'router' },
        { name: 'r2', kind: 'router' },
        { name: 'h2', kind: 'host' },
      ],
      links: [
        { a: 'h1', b: 'r1', bandwidth: '100Mbps', latency: '5ms' },
        { a: 'r1', b: 'r2', ...middle },
        { a: 'r2', b: 'h2', bandwidth: '100Mbps', latency: '5ms' },
      ],
    },
    seed,
  )
}

// Where an infrastructure agent of MigLab's naming architectures runs when the scenario does not
// place it (spec.agents): on a dedicated infrastructure host if the topology has one (a server
// outside the cluster, the natural home of a rendezvous server or a directory), else on the
// cluster's gateway router, else on the first router.

import type { Node } from '../../net/node'
import type { World } from '../../sim/world'

export function defaultAgentHost(world: World): Node {
  const server = world.net.nodes.find((n) => n.kind === 'host' && n.role === 'infrastructure')
  if (server) return server
  const first = world.clusterHosts()[0]
  const gateway = first ? world.gatewayOf(first) : undefined
  return gateway ?? world.net.nodes.find((n) => n.kind === 'router') ?? world.net.nodes[0]
}

// A process's home link for Mobile IP: the LAN of its home machine, whose prefix its home address
// comes from, and the home agent serving it — `agents.homeAgent` when the scenario names one (it
// must be attached to that LAN, since it captures the home address there), else the LAN's
// gateway, the conventional site and the one that makes triangle routing nearly free for moves
// inside the cluster (MODELS.md §2 d1).

import type { Network } from '../../net/network'
import type { Interface, Node } from '../../net/node'
import type { Process } from '../../proc/process'
import type { World } from '../../sim/world'
import { ArchitectureRefusal } from '../architecture'

export interface HomeLink {
  network: Network
  /** The home machine's interface on the home link (where the process is "at home"). */
  homeIface: Interface
  /** The home agent's node and its interface on the home link. */
  agent: Node
  agentIface: Interface
}

export function homeLink(world: World, p: Process, archId: string): HomeLink {
  const homeIface = p.home.ifaces.find((i) => i.kind === 'lan')
  if (!homeIface) {
    throw new ArchitectureRefusal(
      `${archId}: the home machine "${p.home.name}" of process "${p.name}" is on no LAN, so there is no home link for its home address`,
    )
  }
  const network = world.net.networks[homeIface.network]
  const agent = world.agentNode('homeAgent', () => {
    const gw = world.gatewayOf(p.home)
    if (!gw) {
      throw new ArchitectureRefusal(
        `${archId}: the home link "${network.name}" of process "${p.name}" has no router to act as home agent; name a node in agents.homeAgent`,
      )
    }
    return gw
  })
  const agentIface = agent.ifaceOn(network.index)
  if (!agentIface) {
    throw new ArchitectureRefusal(
      `${archId}: agents.homeAgent "${agent.name}" is not attached to "${network.name}", the home link of process "${p.name}"`,
    )
  }
  return { network, homeIface, agent, agentIface }
}

// The workloads MigLab implements (ids as in the catalog).
import type { WorkloadSpec } from '../scenario/spec'
import type { World } from '../sim/world'
import { BspWorkload } from './bsp'
import { BulkWorkload } from './bulk'
import { InteractiveWorkload } from './interactive'
import { WebWorkload } from './web'
import type { Workload } from './workload'

export const AVAILABLE_WORKLOADS: readonly string[] = ['interactive', 'bsp', 'web', 'bulk']

export function createWorkload(world: World, spec: WorkloadSpec): Workload {
  switch (spec.kind) {
    case 'interactive':
      return new InteractiveWorkload(world, spec)
    case 'bsp':
      return new BspWorkload(world, spec)
    case 'web':
      return new WebWorkload(world, spec)
    case 'bulk':
      return new BulkWorkload(world, spec)
  }
}

/** The remote nodes a workload talks to (checked against the architecture's peer requirements), by field. */
export function remotePeers(spec: WorkloadSpec): { field: string; node: string }[] {
  switch (spec.kind) {
    case 'interactive':
      return [{ field: 'client', node: spec.client }]
    case 'bsp':
      return spec.external.map((e, j) => ({ field: `external[${j}].peer`, node: e.peer }))
    case 'web':
      return spec.clients.map((c, j) => ({ field: `clients[${j}].node`, node: c.node }))
    case 'bulk':
      return [{ field: 'peer', node: spec.peer }]
  }
}

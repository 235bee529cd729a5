// What this version of the engine implements (the catalog lists more than is built yet).

import { AVAILABLE_ARCHITECTURES } from './naming/registry'
import { MECHANISM_REGISTRY } from './proc/mechanisms/registry'
import { AVAILABLE_WORKLOADS } from './workload/registry'

export const AVAILABLE = {
  architectures: AVAILABLE_ARCHITECTURES,
  mechanisms: [...MECHANISM_REGISTRY.keys()] as readonly string[],
  workloads: AVAILABLE_WORKLOADS,
}

/** Every implemented architecture and mechanism id (what the validator accepts in `compare`). */
export const AVAILABLE_IDS: readonly string[] = [...AVAILABLE.architectures, ...AVAILABLE.mechanisms]

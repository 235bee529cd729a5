// (k) Cluster front-ends (MODELS.md §2 k1–k3): a layer-4 NAT director, a TCP handoff front-end or
// a splicing application proxy owns each process's public address. Which one is the option
// `architectureOptions.proxy.variant` ("nat" by default).

import type { World } from '../sim/world'
import type { NamingArchitecture } from './architecture'
import type { ProxyVariant } from './proxy/front-end'
import { HandoffProxy } from './proxy/handoff'
import { NatProxy } from './proxy/nat'
import { proxyOptions } from './proxy/options'
import { SpliceProxy } from './proxy/splice'

const VARIANTS: Record<ProxyVariant, (world: World, options: Record<string, unknown>) => NamingArchitecture> = {
  nat: (w, o) => new NatProxy(w, o),
  handoff: (w, o) => new HandoffProxy(w, o),
  splice: (w, o) => new SpliceProxy(w, o),
}

export function createProxy(world: World, options: Record<string, unknown>): NamingArchitecture {
  return VARIANTS[proxyOptions(options).variant](world, options)
}

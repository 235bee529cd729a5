// (j) DNS-based rebinding (MODELS.md §2j; RFC 1035 TTLs, RFC 2136 dynamic update, RFC 3007 secure
// update). Connections are plain TCP bound to host addresses, as without support, so a move breaks
// the existing ones; what DNS adds is that the process's name follows it: after each move an
// authenticated dynamic update (retransmitted until acknowledged) points the name at the new
// host. Resolvers cache the old answer until its TTL runs out, so only connections opened after
// that find the process — and resolvers that ignore TTLs (a configurable share of remote nodes,
// Flavel et al. 2014: `staleResolverShare`, `staleFor`) keep sending clients to the old host for
// much longer. The name server is what new connections depend on.

import type { Time } from '../core'
import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import { dnsOptions } from './dns/options'
import { NoSupport } from './none'
import { Residual } from './residual'
import { DnsUpdater } from './support/dns-updater'

export class DnsRebinding extends NoSupport {
  override readonly id = 'dns'
  private readonly ttl: Time
  private readonly updater: DnsUpdater
  private readonly dependency = new Map<Process, Residual>()

  constructor(world: World, options: Record<string, unknown>) {
    super(world, options)
    // World.resolver reads the other two (stale resolvers) for the resolvers of remote nodes.
    this.ttl = dnsOptions(options).ttl
    this.updater = new DnsUpdater(world, (what, from, to, bytes, m) => this.signal(what, from, to, bytes, m))
  }

  override install(): void {
    for (const p of this.world.processes.values()) this.world.register(p.name, p.host.address, this.ttl)
  }

  override onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    for (const s of p.servers) this.listenFor(p, to, s.port, to.address, s.onAccept)
    if (from === to) return // an abandoned move: the name still points here
    this.updater.update(p, to, this.ttl, m, () => this.namingUpdated(m))
    let r = this.dependency.get(p)
    if (!r) {
      r = new Residual(this.world, p.name, 'DNS (new connections)')
      this.dependency.set(p, r)
    }
    r.hold(this.world.dnsNode(), m)
  }
}

// (a) No support: plain TCP/IP sockets bound to host addresses (MODELS.md §2a). Nothing maps a
// connection to a process's new location, so a move breaks every connection: the old host either
// closes them as the process leaves (RST: `transport.onMoveWithoutSupport: "reset"`, case a1) or
// silently forgets them, so the peer's next segment draws a RST — or, if the old host is gone,
// retransmissions until give-up ("silent", a2). Recovery is the applications' job: the process
// re-registers its new address in DNS, the remote side re-resolves, reconnects and resends what
// was not acknowledged; the workloads model that and the metrics count it.

import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { Stream, StreamApp } from '../transport/stream'
import { NamingArchitecture } from './architecture'
import { CLOSED_STREAM } from './closed-stream'

/** DNS dynamic update message size (RFC 2136, with a TSIG signature). */
const UPDATE_BYTES = 120

export class NoSupport extends NamingArchitecture {
  // Typed as string so that architectures that keep none's behaviour (dns) can extend it.
  readonly id: string = 'none'

  override install(): void {
    for (const p of this.world.processes.values()) this.world.register(p.name, p.host.address, 0)
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.listenFor(p, p.host, port, p.host.address, onAccept)
  }

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    // The client application resolves the process's name each time it connects.
    this.world.resolver(client).resolve(p.name, (record) => {
      if (!record) {
        app.onTimeout?.(CLOSED_STREAM)
        return
      }
      this.world.stack(client).connect(record.addr, port, app)
    })
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    this.own(p, this.world.stack(p.host).connect(peer.address, port, app))
  }

  override onFreeze(p: Process): void {
    const reset = this.world.spec.transport.onMoveWithoutSupport === 'reset'
    for (const c of [...p.connections]) {
      // The old host closes the process's sockets as it leaves (a1), or just forgets them (a2).
      c.thaw()
      if (reset) c.abort()
      else c.terminate()
    }
    p.connections.clear()
    for (const s of p.servers) this.world.stack(p.host).unlistenPort(s.port)
  }

  onResume(p: Process, _from: Node, to: Node, m: MigrationRecord): void {
    for (const s of p.servers) this.listenFor(p, to, s.port, to.address, s.onAccept)
    // The application re-registers where it now runs, so new connections find it.
    const dns = this.world.dnsNode()
    this.signal('dns-update', to, dns, UPDATE_BYTES, m)
    this.world.resolver(to).update(p.name, { addr: to.address, ttl: 0 }, () => this.namingUpdated(m))
  }
}

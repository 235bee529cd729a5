// A process's own dynamic DNS update after a move (RFC 2136, signed as RFC 3007 asks): its name
// now maps to the host it runs on. The update is retransmitted until the name server acknowledges
// it (1 s, doubling, three retransmissions, as a stub resolver retries); a newer move's update
// replaces a pending one, so a late retransmission cannot put an older address back.

import { SECOND, type Time } from '../../core'
import { UPDATE_BYTES } from '../../names/dns'
import type { Node } from '../../net/node'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { World } from '../../sim/world'
import { Retransmission } from './retransmission'

const FIRST_TIMEOUT = 1 * SECOND
const RETRIES = 3

export type Signal = (what: string, from: Node, to: Node, bytes: number, m: MigrationRecord | null) => void

export class DnsUpdater {
  private readonly pending = new Map<Process, Retransmission>()

  constructor(
    private readonly world: World,
    private readonly signal: Signal,
  ) {}

  /** Points `p`'s name at `host` with `ttl`, as part of move `m`; `acked` runs when the server confirms. */
  update(p: Process, host: Node, ttl: Time, m: MigrationRecord, acked: () => void = () => {}): void {
    this.pending.get(p)?.stop()
    const server = this.world.dnsNode()
    const record = { addr: host.address, ttl }
    const r = new Retransmission(
      this.world.sched,
      FIRST_TIMEOUT,
      RETRIES,
      () => {
        this.signal('dns-update', host, server, UPDATE_BYTES, m)
        this.world.resolver(host).update(p.name, record, () => {
          if (!r.stop()) return
          acked()
        })
      },
      () => {},
    )
    this.pending.set(p, r)
    r.start()
  }
}

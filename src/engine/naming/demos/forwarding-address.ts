// A forwarding address (DEMOS/MP, Powell & Miller 1983): what a process leaves in the kernel of a
// machine it moves away from. While the process is frozen for the move, messages for it are queued
// here; from the resume on they are forwarded to the machine it went to — only that one, so after
// several moves a stale sender's message walks the chain of forwarders — and the sender is told
// where the process went (a link update, at most once per sender and back-off period: a sender that
// ignores updates, like a legacy peer, keeps using the forwarder). An entry unused for
// `collectAfter` is garbage-collected; until then it is a residual dependency.

import type { EventId, Time } from '../../core'
import type { Address } from '../../net/address'
import type { Node } from '../../net/node'
import type { Packet } from '../../net/packet'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { Residual } from '../residual'

export class ForwardingAddress {
  /** The machine messages go on to (null while the process is frozen: they are queued). */
  next: Node | null = null
  /** How many moves of the process the next hop reflects (newer link updates win). */
  moves = 0
  /** The move that left this entry (its link updates are that move's signalling). */
  m: MigrationRecord | null = null
  readonly queue: Packet[] = []
  /** Messages forwarded so far. */
  forwarded = 0
  lastUsed: Time
  collection: EventId = -1
  /** When each sender may next be sent an update, and the back-off after that. */
  readonly updateDue = new Map<Address, { at: Time; holdoff: Time }>()
  readonly residual: Residual

  constructor(
    readonly process: Process,
    /** The links (address, port) of the process this entry answers for. */
    readonly keys: readonly number[],
    residual: Residual,
    now: Time,
  ) {
    this.residual = residual
    this.lastUsed = now
  }
}

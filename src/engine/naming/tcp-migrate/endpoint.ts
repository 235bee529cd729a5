// One end of a migratable TCP connection: its token, the request numbers it sent (as the end that
// moves) and accepted (as the end that stays), and its place in the Migrate state machine.

import type { EventId } from '../../core'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { TcpConnection } from '../../transport/tcp'
import type { Retransmission } from '../support/retransmission'

export const MigrateState = {
  /** Normal operation. */
  ESTABLISHED: 0,
  /** Moved: a Migrate SYN is out, the connection waits (frozen) for the SYN/ACK. */
  MIGRATING: 1,
  /** A RST arrived from the peer's old address: the connection waits (frozen) for a Migrate SYN. */
  MIGRATE_WAIT: 2,
} as const
export type MigrateState = (typeof MigrateState)[keyof typeof MigrateState]

export class MigrateEndpoint {
  state: MigrateState = MigrateState.ESTABLISHED
  /** The request number of this end's latest Migrate SYN. */
  sentRequest = 0
  /** The highest request number this end accepted from its peer. */
  acceptedRequest = 0
  /** The Migrate SYN being retransmitted (MIGRATING). */
  retransmission: Retransmission | null = null
  /** The MIGRATE_WAIT timer's event, or -1. */
  waitTimer: EventId = -1
  /** The process whose connection this end is, once it moved (it gets the connection back after the handshake). */
  owner: Process | null = null
  /** The move whose handshake is out (MIGRATING). */
  migration: MigrationRecord | null = null

  constructor(
    readonly conn: TcpConnection,
    readonly token: number,
  ) {}
}

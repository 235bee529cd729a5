// The FARA directory service, fDS (MODELS.md §2f, inferred): where an entity registers its
// rendezvous name with its forwarding directive, and where an initiator looks the name up before
// opening an association. A UDP service; FARA specifies no protocol for it, so messages and sizes
// are MigLab's assumptions. Lookups are retried like a stub resolver's (1 s, three attempts);
// registrations are retransmitted by their sender until acknowledged.

import { SECOND } from '../../core'
import type { Address } from '../../net/address'
import type { Node } from '../../net/node'
import type { MigrationRecord } from '../../run/result'
import type { TransportStack } from '../../transport/stack'
import type { UdpSocket } from '../../transport/udp'
import { Retransmission } from '../support/retransmission'

/** FARA assigns the directory no port; MigLab's is this one. */
export const FDS_PORT = 7070
/** Id, name (32), FD (locator and entity), update id, HMAC-SHA-256 with the entity's credential. */
export const REGISTER_BYTES = 4 + 32 + 8 + 4 + 32
/** Id, update id, HMAC-SHA-256. */
export const REGISTERED_BYTES = 4 + 4 + 32
const LOOKUP_BYTES = 4 + 32
const ANSWER_BYTES = 4 + 32 + 8
const LOOKUP_TIMEOUT = 1 * SECOND
const LOOKUP_RETRIES = 2

/** A name's forwarding directive: the locator packets go to, and the entity there. */
export interface DirectoryEntry {
  fd: Address
  entity: Address
}

type FdsMessage =
  | {
      kind: 'register'
      id: number
      name: string
      entry: DirectoryEntry
      seq: number
      /** Bookkeeping, not on the wire: the migration the registration follows. */
      migration: MigrationRecord | null
    }
  | { kind: 'registered'; id: number }
  | { kind: 'lookup'; id: number; name: string }
  | { kind: 'answer'; id: number; entry: DirectoryEntry | null }

export class FaraDirectory {
  private readonly entries = new Map<string, { entry: DirectoryEntry; seq: number }>()
  readonly socket: UdpSocket

  constructor(
    readonly node: Node,
    stack: TransportStack,
    /** Counts the directory's acknowledgements as control messages. */
    account: (what: string, to: Address, bytes: number, m: MigrationRecord | null) => void,
  ) {
    this.socket = stack.udpSocket(FDS_PORT)
    this.socket.onReceive = (_s, pkt) => {
      const m = pkt.msg as FdsMessage
      if (m.kind === 'lookup') {
        const answer: FdsMessage = { kind: 'answer', id: m.id, entry: this.entries.get(m.name)?.entry ?? null }
        this.socket.sendTo(pkt.src, pkt.sport, ANSWER_BYTES, answer)
      } else if (m.kind === 'register') {
        // An older registration arriving late does not overwrite a newer one.
        const known = this.entries.get(m.name)
        if (!known || m.seq > known.seq) this.entries.set(m.name, { entry: m.entry, seq: m.seq })
        account('fara-fds-registered', pkt.src, REGISTERED_BYTES, m.migration)
        this.socket.sendTo(pkt.src, pkt.sport, REGISTERED_BYTES, { kind: 'registered', id: m.id } satisfies FdsMessage)
      }
    }
  }

  /** Registers a name directly (set-up, before the run starts). */
  set(name: string, entry: DirectoryEntry): void {
    this.entries.set(name, { entry, seq: 0 })
  }
}

/** A host's client of the directory. */
export class DirectoryClient {
  private readonly socket: UdpSocket
  private readonly waiting = new Map<number, (m: FdsMessage) => void>()
  private nextId = 1

  constructor(
    private readonly stack: TransportStack,
    private readonly server: Address,
  ) {
    this.socket = stack.udpSocket()
    this.socket.onReceive = (_s, pkt) => {
      const m = pkt.msg as FdsMessage
      this.waiting.get(m.id)?.(m)
    }
  }

  /** Looks `name` up; `cb` gets its entry, or null (unknown, or the directory did not answer). */
  lookup(name: string, cb: (entry: DirectoryEntry | null) => void): void {
    const id = this.nextId++
    const r = new Retransmission(
      this.stack.sched,
      LOOKUP_TIMEOUT,
      LOOKUP_RETRIES,
      () => this.socket.sendTo(this.server, FDS_PORT, LOOKUP_BYTES, { kind: 'lookup', id, name } satisfies FdsMessage),
      () => {
        this.waiting.delete(id)
        cb(null)
      },
    )
    this.waiting.set(id, (m) => {
      if (m.kind !== 'answer') return
      r.stop()
      this.waiting.delete(id)
      cb(m.entry)
    })
    r.start()
  }

  /**
   * Prepares a registration; returns the function that sends a copy of it (the caller retransmits
   * it until acknowledged). `acked` runs on the first acknowledgement.
   */
  registration(
    name: string,
    entry: DirectoryEntry,
    seq: number,
    migration: MigrationRecord | null,
    acked: () => void,
  ): () => void {
    const id = this.nextId++
    this.waiting.set(id, () => {
      this.waiting.delete(id)
      acked()
    })
    const m: FdsMessage = { kind: 'register', id, name, entry, seq, migration }
    return () => this.socket.sendTo(this.server, FDS_PORT, REGISTER_BYTES, m)
  }
}

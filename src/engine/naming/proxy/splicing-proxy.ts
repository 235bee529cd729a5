// A splicing application proxy (MODELS.md §2 k3): it terminates each client's TCP connection on
// the process's virtual IP (and opens, from that address, the connections the process asks for)
// and keeps a second TCP connection over the LAN to wherever the process runs, relaying messages
// both ways. When the process moves, the old host closes the LAN
// connection; the proxy keeps the client's connection open, buffers what the client sends, and
// when told where the process now runs reconnects over the LAN and resumes the session: each side
// says how much it received and sends the rest again. The client sees a pause of about the freeze
// plus a LAN reconnection, never a retransmission back-off.

import type { Time } from '../../core'
import type { Address } from '../../net/address'
import type { Node } from '../../net/node'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { World } from '../../sim/world'
import type { TcpConnection, TcpObserver } from '../../transport/tcp'
import { ResendBuffer } from './resend-buffer'

/** The resumption message each side writes first on a new LAN connection: session id and bytes received. */
export class SpliceResume {
  constructor(
    readonly session: number,
    readonly received: number,
  ) {}
}
export const RESUME_BYTES = 16

/** One relayed conversation: the outside connection (a client's, or one the process asked for) and its LAN leg. */
export class SpliceSession {
  /** The client's messages, kept until the process's end is known to hold them. */
  readonly toProcess = new ResendBuffer()
  receivedFromProcess = 0
  back: TcpConnection | null = null
  /** The resume exchange on `back` is done: data may flow. */
  ready = false
  /** Send time of the client segment that completed the latest delivery (for one-way delays). */
  lastBorn: Time = 0
  private lanBase = 0
  /** The move whose reconnection this is, for the signalling counts (null: the session's first connection). */
  move: MigrationRecord | null = null

  constructor(
    readonly id: number,
    readonly process: Process,
    /** The process's port the LAN leg connects to. */
    readonly port: number,
    /** The connection with the outside peer, anchored here. */
    readonly client: TcpConnection,
  ) {}

  /** The resume reply arrived: the process's end holds the first `received` bytes. */
  resumed(received: number): void {
    this.lanBase = received
    this.toProcess.ackTo(received)
    this.ready = true
    const back = this.back!
    this.toProcess.resend((bytes, tag) => back.send(bytes, tag))
  }

  /** A client message: keep it, and pass it on if the LAN connection is up. */
  fromClient(bytes: number, tag: unknown): void {
    const back = this.back
    if (back !== null && this.ready) this.toProcess.ackTo(this.lanBase + Math.max(0, back.bytesAcked - RESUME_BYTES))
    this.toProcess.push(bytes, tag, this.lastBorn)
    if (back !== null && this.ready) back.send(bytes, tag)
  }
}

/** What the proxy reports to its architecture: signalling to count, sessions resumed. */
export interface SpliceSignals {
  resume(session: SpliceSession, from: Node, to: Node): void
  resumed(session: SpliceSession): void
}

export class SplicingProxy {
  readonly sessions = new Map<number, SpliceSession>()
  /** Where the proxy believes each process runs (its configuration, then relocation notices). */
  readonly location = new Map<Process, Node>()
  private nextId = 1

  constructor(
    private readonly world: World,
    readonly node: Node,
    private readonly signals: SpliceSignals,
  ) {}

  /** A new session id (the process's library names the sessions it opens with one). */
  newSession(): number {
    return this.nextId++
  }

  /** A client connected to a process's virtual IP: open the session and its LAN leg. */
  accept(p: Process, port: number, client: TcpConnection): void {
    this.start(this.newSession(), p, port, client)
  }

  /**
   * The process asked for a connection to `peer`:`port` (session `id`): the proxy opens it from the
   * process's virtual IP, then its LAN leg to the process's `lanPort`; `failed` if the peer refuses.
   */
  open(
    id: number,
    p: Process,
    peer: Address,
    port: number,
    vip: Address,
    lanPort: number,
    failed: (why: 'reset' | 'timeout') => void,
  ): void {
    let opened = false
    this.world.stack(this.node).connect(
      peer,
      port,
      {
        onConnected: (c) => {
          opened = true
          this.start(id, p, lanPort, c as TcpConnection)
        },
        onReset: () => {
          if (!opened) failed('reset')
        },
        onTimeout: () => {
          if (!opened) failed('timeout')
        },
      },
      { localAddr: vip },
    )
  }

  /** A session over the outside connection `outside`, relayed to the process's `lanPort`. */
  private start(id: number, p: Process, lanPort: number, outside: TcpConnection): void {
    const s = new SpliceSession(id, p, lanPort, outside)
    this.sessions.set(s.id, s)
    const observer: TcpObserver = {
      segmentSent() {},
      rtoExpired() {},
      delivered(_c, _bytes, born) {
        s.lastBorn = born
      },
      stateChanged() {},
    }
    outside.observer = observer
    outside.app = {
      onMessage: (_c, tag, bytes) => s.fromClient(bytes, tag),
      onPeerClosed: () => {
        s.back?.close()
        outside.close()
      },
      onReset: () => this.end(s),
      onTimeout: () => this.end(s),
    }
    this.connectBack(s)
  }

  /** The process now runs on `to`: every session of it reconnects there. */
  relocate(p: Process, to: Node, m: MigrationRecord): void {
    this.location.set(p, to)
    for (const s of this.sessions.values()) {
      if (s.process !== p) continue
      // The old LAN leg is dead (its far end was closed as the process left) or about to be.
      s.back?.terminate()
      s.move = m
      this.connectBack(s)
    }
  }

  private connectBack(s: SpliceSession): void {
    const host = this.location.get(s.process)!
    s.ready = false
    const back = this.world.stack(this.node).connect(host.address, s.port, {
      onConnected: () => {
        back.send(RESUME_BYTES, new SpliceResume(s.id, s.receivedFromProcess))
        this.signals.resume(s, this.node, host)
      },
      onMessage: (_c, tag, bytes) => {
        if (tag instanceof SpliceResume) {
          s.resumed(tag.received)
          this.signals.resumed(s)
        } else {
          s.receivedFromProcess += bytes
          s.client.send(bytes, tag)
        }
      },
      onPeerClosed: () => s.client.close(),
      // The process's end went away (it is moving): buffer until told where it went.
      onReset: () => this.lost(s, back),
      onTimeout: () => this.lost(s, back),
    })
    s.back = back
  }

  private lost(s: SpliceSession, back: TcpConnection): void {
    if (s.back !== back) return
    s.back = null
    s.ready = false
  }

  private end(s: SpliceSession): void {
    s.back?.abort()
    this.sessions.delete(s.id)
  }

  /** The proxy crashed: every session's state, and both its connections, are gone. */
  crash(): void {
    for (const s of this.sessions.values()) {
      s.client.terminate()
      s.back?.terminate()
    }
    this.sessions.clear()
  }
}

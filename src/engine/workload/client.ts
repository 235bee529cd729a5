// The remote side of a session with a process in the cluster. It connects through the naming
// architecture in force; when the connection breaks (a reset or a timeout — which happens only
// where the architecture does not keep connections across a move, or when something fails) it
// recovers the way an application programmer would have to write it: wait, reconnect (which
// re-resolves the process's name), and resynchronise. Recovery is counted.

import { SECOND, type Time } from '../core'
import type { Session } from '../metrics/recorder'
import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { World } from '../sim/world'
import type { Stream, StreamApp } from '../transport/stream'

export interface ClientHandlers {
  /** A (re)connection is up; resynchronise here. */
  connected(s: Stream, reconnect: boolean): void
  message(tag: unknown, bytes: number): void
  /** Bytes arrived in order (for streams measured by throughput rather than by message). */
  data?(bytes: number): void
}

export class SessionClient {
  stream: Stream | null = null
  private attempts = 0
  private stopped = false
  private everConnected = false

  constructor(
    private readonly world: World,
    readonly session: Session,
    readonly client: Node,
    readonly process: Process,
    readonly port: number,
    private readonly handlers: ClientHandlers,
    /** Wait before reconnecting after a break, doubling per failed attempt up to 32 s. */
    private readonly reconnectDelay: Time = 1 * SECOND,
  ) {}

  get connected(): boolean {
    return this.stream?.isOpen === true
  }

  start(): void {
    this.connect()
  }

  stop(): void {
    this.stopped = true
    this.stream?.close()
  }

  private connect(): void {
    if (this.stopped) return
    this.attempts++
    const app: StreamApp = {
      onConnected: (s) => {
        this.stream = s
        this.attempts = 0
        const again = this.everConnected
        this.everConnected = true
        if (this.session.openedAt === null) this.session.openedAt = this.world.now
        this.world.metrics.watch(this.session, s, 'peer')
        this.handlers.connected(s, again)
      },
      onMessage: (_s, tag, bytes) => this.handlers.message(tag, bytes),
      onData: this.handlers.data ? (_s, bytes) => this.handlers.data?.(bytes) : undefined,
      onReset: () => this.broken('reset'),
      onTimeout: () => this.broken('timeout'),
      onPeerClosed: (s) => {
        s.close()
        this.broken('closed')
      },
    }
    this.world.arch.connectToProcess(this.client, this.process, this.port, app)
  }

  private broken(why: 'reset' | 'timeout' | 'closed'): void {
    this.stream = null
    if (this.stopped) return
    const rec = this.world.recorder
    if (why === 'reset') this.session.resets++
    if (why === 'timeout') this.session.timeouts++
    rec.point(this.session.lane, this.world.now, why === 'timeout' ? 'timeout' : 'reset', `connection ${why}`)
    const wait = Math.min(32 * SECOND, this.reconnectDelay * 2 ** Math.max(0, this.attempts - 1))
    this.world.sched.call(this.world.now + wait, () => {
      if (this.stopped) return
      this.session.reconnects++
      rec.point(this.session.lane, this.world.now, 'reconnect', 'reconnecting')
      this.connect()
    })
  }
}

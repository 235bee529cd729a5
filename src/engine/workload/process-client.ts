// The process side of a session that the process opens: it connects out to a remote peer through
// the naming architecture in force (connectFromProcess). When the connection breaks it recovers
// as an application programmer would have to write it — but only while the process runs: a
// frozen process cannot, so it waits for the resume. A move under an architecture that does not
// keep connections closes them at the freeze without a word to the process; it finds out on its
// first use after the resume (ECONNRESET), which the resume check here stands for. Recovery is
// counted in the session.

import { SECOND, type Time } from '../core'
import type { Session } from '../metrics/recorder'
import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { World } from '../sim/world'
import type { Stream, StreamApp } from '../transport/stream'
import type { ClientHandlers } from './client'

export class ProcessClient {
  stream: Stream | null = null
  private attempts = 0
  private stopped = false
  private everConnected = false
  /** A reconnect is due but the process is not running: it happens at the resume. */
  private waitingForResume = false

  constructor(
    private readonly world: World,
    readonly session: Session,
    readonly process: Process,
    readonly peer: Node,
    readonly port: number,
    private readonly handlers: ClientHandlers,
    /** Wait before reconnecting after a break, doubling per failed attempt up to 32 s. */
    private readonly reconnectDelay: Time = 1 * SECOND,
  ) {
    process.observers.push({
      resumed: () => this.resumed(),
      died: () => {
        this.stopped = true
      },
    })
  }

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

  private runnable(): boolean {
    const phase = this.process.phase
    return phase === 'running' || phase === 'precopy'
  }

  private connect(): void {
    if (this.stopped || !this.process.alive) return
    if (!this.runnable()) {
      this.waitingForResume = true
      return
    }
    this.attempts++
    const app: StreamApp = {
      onConnected: (s) => {
        this.stream = s
        this.attempts = 0
        const again = this.everConnected
        this.everConnected = true
        if (this.session.openedAt === null) this.session.openedAt = this.world.now
        this.world.metrics.watch(this.session, s, 'process')
        this.handlers.connected(s, again)
      },
      onMessage: (_s, tag, bytes) => this.handlers.message(tag, bytes),
      onReset: () => this.broken('reset'),
      onTimeout: () => this.broken('timeout'),
      onPeerClosed: (s) => {
        s.close()
        this.broken('closed')
      },
    }
    this.world.arch.connectFromProcess(this.process, this.peer, this.port, app)
  }

  /** After a move: reconnect if it was due, or if the move took the connection away. */
  private resumed(): void {
    if (this.stopped) return
    if (this.waitingForResume) {
      this.waitingForResume = false
      this.connect()
      return
    }
    if (this.stream !== null && !this.stream.isOpen) this.broken('reset')
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

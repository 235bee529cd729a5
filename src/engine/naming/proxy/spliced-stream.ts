// The process's end of a spliced session (MODELS.md §2 k3): what the process's application reads
// and writes, whichever LAN connection to the splicing proxy carries it at the moment. The LAN
// connection does not move with the process — its kernel just closes it at the move — so this end
// keeps what it wrote until the proxy is known to hold it, and after the proxy reconnects both ends
// exchange how much they received and send the rest again: the application-protocol awareness a
// splicing proxy needs for resumption.

import type { Time } from '../../core'
import type { Packet } from '../../net/packet'
import type { StreamApp } from '../../transport/stream'
import type { ObservableStream, StreamObserver } from '../../transport/stream-observer'
import type { TcpConnection } from '../../transport/tcp'
import { ResendBuffer } from './resend-buffer'

export class SplicedStream implements ObservableStream {
  app: StreamApp | null = null
  observer: StreamObserver | null = null
  readonly transport = 'tcp-splice'
  label: string
  /** Session bytes received from the proxy (the client's data). */
  received = 0
  private readonly out = new ResendBuffer()
  private lan: TcpConnection | null = null
  /** Session offset where the current LAN connection's data starts, and its control bytes before it. */
  private lanBase = 0
  private lanControl = 0
  private closed = false
  /** The session has carried data before (an opened connection told its application once). */
  private everAttached = false

  constructor(
    readonly session: number,
    /** When the client's data at a session offset left the client (the proxy knows). */
    private readonly bornOf: (offset: number) => Time,
  ) {
    this.label = `splice#${session}`
  }

  get isOpen(): boolean {
    return !this.closed
  }

  get attached(): boolean {
    return this.lan !== null
  }

  send(bytes: number, tag: unknown = null): void {
    if (this.closed || bytes <= 0) return
    this.trim()
    this.out.push(bytes, tag, 0)
    this.lan?.send(bytes, tag)
  }

  close(): void {
    this.closed = true
    this.lan?.close()
  }

  abort(): void {
    this.closed = true
    this.lan?.abort()
  }

  /**
   * A LAN connection from the proxy carries the session from now on: the proxy holds the first
   * `proxyReceived` bytes of what this end wrote, and `control` bytes were written on the
   * connection before the session's data (the resume reply).
   */
  attach(c: TcpConnection, proxyReceived: number, control: number): void {
    this.lan = c
    this.lanBase = proxyReceived
    this.lanControl = control
    this.out.ackTo(proxyReceived)
    this.out.resend((bytes, tag) => c.send(bytes, tag))
    // A connection the process opened is up once its first LAN leg is.
    if (!this.everAttached) {
      this.everAttached = true
      this.app?.onConnected?.(this)
    }
  }

  /** The LAN connection is gone (the process moved, or the proxy went away). */
  detach(): void {
    this.lan = null
  }

  /** A message of the client's arrived over the LAN. */
  deliver(tag: unknown, bytes: number): void {
    const born = this.bornOf(this.received)
    this.received += bytes
    this.observer?.delivered(bytes, born)
    this.app?.onData?.(this, bytes)
    this.app?.onMessage?.(this, tag, bytes)
  }

  peerClosed(): void {
    this.app?.onPeerClosed?.(this)
  }

  /** The proxy ended the session (its outside connection was reset, or could not be opened). */
  reset(why: 'reset' | 'timeout'): void {
    if (this.closed) return
    this.closed = true
    this.lan = null
    if (why === 'reset') this.app?.onReset?.(this)
    else this.app?.onTimeout?.(this)
  }

  /** Forgets what the proxy's TCP has acknowledged on the current LAN connection. */
  private trim(): void {
    const c = this.lan
    if (c !== null) this.out.ackTo(this.lanBase + Math.max(0, c.bytesAcked - this.lanControl))
  }

  sentPacket(pkt: Packet): boolean {
    const c = this.lan
    return (
      c !== null &&
      pkt.src === c.localAddr &&
      pkt.sport === c.localPort &&
      pkt.dst === c.remoteAddr &&
      pkt.dport === c.remotePort
    )
  }
}

// What workloads see of a connection, whatever carries it: a kernel TCP connection, a Sprite
// stream relayed by a stationary IP server, a QUIC or SCTP connection. Events say what an
// application programmer would have to handle.

export interface Stream {
  /** Writes a message of `bytes` bytes; the peer's onMessage gets `tag` when all of it has arrived. */
  send(bytes: number, tag?: unknown): void
  /** Graceful close. */
  close(): void
  /** Abort (RST). */
  abort(): void
  readonly isOpen: boolean
  app: StreamApp | null
  label: string
}

export interface StreamApp {
  onConnected?(s: Stream): void
  onMessage?(s: Stream, tag: unknown, bytes: number): void
  onData?(s: Stream, bytes: number): void
  onReset?(s: Stream): void
  onTimeout?(s: Stream): void
  onPeerClosed?(s: Stream): void
  onClosed?(s: Stream): void
}

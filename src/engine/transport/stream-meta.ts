// Message boundaries of a byte stream. TCP carries bytes, but workloads send messages (a
// keystroke, a request, a BSP exchange) and measure when each one arrives. Both ends of a
// connection share this table — simulation bookkeeping that no packet carries — so the receiver
// can tell which messages are complete as its in-order byte count advances.

export class MessageQueue {
  /** End offsets (exclusive) in the stream's data bytes, ascending. */
  private ends: number[] = []
  private tags: unknown[] = []
  private head = 0
  private lastEnd = 0
  /** Data bytes written into the stream so far. */
  written = 0

  /** Appends a message of `bytes` bytes, tagged. */
  push(bytes: number, tag: unknown): void {
    this.written += bytes
    this.ends.push(this.written)
    this.tags.push(tag)
  }

  /**
   * Calls `fn(tag, size)` for every message completely delivered once `delivered` bytes have
   * arrived in order (fn may be null when nobody listens; the messages are consumed anyway).
   */
  drain(delivered: number, fn: ((tag: unknown, bytes: number) => void) | null): void {
    while (this.head < this.ends.length && this.ends[this.head] <= delivered) {
      const tag = this.tags[this.head]
      const end = this.ends[this.head]
      const size = end - this.lastEnd
      this.lastEnd = end
      this.tags[this.head] = undefined
      this.head++
      fn?.(tag, size)
    }
    if (this.head > 1024 && this.head * 2 > this.ends.length) {
      this.ends = this.ends.slice(this.head)
      this.tags = this.tags.slice(this.head)
      this.head = 0
    }
  }
}

/** Both directions of one connection: written by the active opener (client) and the passive (server). */
export class StreamMeta {
  readonly fromClient = new MessageQueue()
  readonly fromServer = new MessageQueue()
}

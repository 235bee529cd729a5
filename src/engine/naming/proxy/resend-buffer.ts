// The messages one end of a spliced session wrote and the other end may not have received yet:
// what a splicing proxy (and the process's side of the session) must send again on a new LAN
// connection after a move. Offsets count session bytes from the start of the session; a message
// is forgotten once the other end is known to hold all of it. Parallel arrays with a moving head,
// so writing a message allocates nothing once they have grown.

import type { Time } from '../../core'

export class ResendBuffer {
  private readonly sizes: number[] = []
  private readonly tags: unknown[] = []
  /** When the data of each message left its original sender (for one-way delays across the splice). */
  private readonly borns: Time[] = []
  private head = 0
  /** Session offset of the message at `head`. */
  private base = 0
  /** Session bytes written so far. */
  written = 0

  push(bytes: number, tag: unknown, born: Time): void {
    this.sizes.push(bytes)
    this.tags.push(tag)
    this.borns.push(born)
    this.written += bytes
  }

  /** The other end holds the first `upTo` session bytes: forget the messages wholly inside them. */
  ackTo(upTo: number): void {
    while (this.head < this.sizes.length && this.base + this.sizes[this.head] <= upTo) {
      this.base += this.sizes[this.head]
      this.tags[this.head] = null
      this.head++
    }
    if (this.head > 1024 && this.head * 2 > this.sizes.length) {
      this.sizes.splice(0, this.head)
      this.tags.splice(0, this.head)
      this.borns.splice(0, this.head)
      this.head = 0
    }
  }

  /** Sends again each message not yet forgotten, oldest first. */
  resend(send: (bytes: number, tag: unknown) => void): void {
    for (let i = this.head; i < this.sizes.length; i++) send(this.sizes[i], this.tags[i])
  }

  /** When the message starting at session offset `at` left its sender (or -1 if it is not held). */
  bornAt(at: number): Time {
    let off = this.base
    for (let i = this.head; i < this.sizes.length; i++) {
      if (off === at) return this.borns[i]
      off += this.sizes[i]
    }
    return -1
  }
}

// What a sender remembers of each ack-eliciting packet until it is acknowledged or declared lost
// (RFC 9002 Appendix A.1.1 "Sent Packet Fields"), plus the frames to send again if it is lost
// (RFC 9000 §13.3). Recycled through a free list.

import type { Time } from '../../core'

export class SentPacket {
  pn = 0
  timeSent: Time = 0
  /** Bytes of the QUIC packet (counted in bytes_in_flight while inFlight). */
  size = 0
  inFlight = false
  /** The path state (congestion controller, RTT estimator) it was sent under. */
  epoch = 0
  hasStream = false
  streamOffset = 0
  streamLength = 0
  fin = false
  handshakeDone = false
  /** Sequence numbers of NEW_CONNECTION_ID and RETIRE_CONNECTION_ID frames it carried. */
  readonly newCids: number[] = []
  readonly retire: number[] = []

  private static readonly free: SentPacket[] = []

  static alloc(): SentPacket {
    return SentPacket.free.pop() ?? new SentPacket()
  }

  static release(p: SentPacket): void {
    p.hasStream = false
    p.fin = false
    p.handshakeDone = false
    p.inFlight = false
    p.newCids.length = 0
    p.retire.length = 0
    SentPacket.free.push(p)
  }
}

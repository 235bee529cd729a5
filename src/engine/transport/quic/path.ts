// A network path of a QUIC connection (RFC 9000 §8.2, §9): the peer's address and port as this
// endpoint sees them, whether the peer has proved it receives there (validated), and the
// anti-amplification counters that bound what may be sent before it has (§8, §9.3: three times
// the bytes received from that address).

import type { Time } from '../../core'
import type { Address } from '../../net/address'
import { AMPLIFICATION_FACTOR } from './config'

export class QuicPath {
  validated = false
  /** UDP payload bytes received from / sent to this address (for the amplification limit). */
  bytesReceived = 0
  bytesSent = 0
  /** Data of the outstanding PATH_CHALLENGE, or -1 when none is outstanding. */
  challenge = -1
  /** When validation began, and when it is abandoned (§8.2.4); -1 when not validating. */
  validationStart: Time = -1
  abandonAt: Time = -1
  /** When the next PATH_CHALLENGE is due (a new one replaces a lost one, §8.2.1, §13.3). */
  rechallengeAt: Time = -1

  constructor(
    readonly remoteAddr: Address,
    readonly remotePort: number,
  ) {}

  /** Bytes that may still be sent here before validation (§8); unlimited once validated. */
  credit(): number {
    return this.validated ? Number.POSITIVE_INFINITY : AMPLIFICATION_FACTOR * this.bytesReceived - this.bytesSent
  }

  get validating(): boolean {
    return this.validationStart >= 0
  }

  endValidation(): void {
    this.challenge = -1
    this.validationStart = -1
    this.abandonAt = -1
    this.rechallengeAt = -1
  }

  is(addr: Address, port: number): boolean {
    return this.remoteAddr === addr && this.remotePort === port
  }
}

// What the metrics see of a transport other than TCP (QUIC, SCTP): the same three facts TCP's
// observer reports — packets sent (and whether they carry retransmitted data), retransmission
// timer expiries (RTO, PTO, T3-rtx), in-order deliveries with the one-way delay of the packet that
// completed them — plus whether a dropped packet is one of the stream's own (for loss counts).
// The interface lives in the transport layer so transports need not import upward.

import type { Time } from '../core'
import type { Packet } from '../net/packet'
import type { Stream } from './stream'

export interface StreamObserver {
  packetSent(retransmission: boolean): void
  /** A retransmission timer expired; `timeout` is its value, `timer` its name ("PTO", "T3-rtx"). */
  timerExpired(timeout: Time, timer: string): void
  /** `bytes` of new in-order data arrived; `born` is when the packet completing them was sent. */
  delivered(bytes: number, born: Time): void
}

/** A stream whose transport reports to a StreamObserver. */
export interface ObservableStream extends Stream {
  observer: StreamObserver | null
  /** The transport's name in results ("quic", "sctp"). */
  readonly transport: string
  /** Whether `pkt` (innermost, not yet released) was sent by this stream toward its peer. */
  sentPacket(pkt: Packet): boolean
}

export function isObservable(s: Stream): s is ObservableStream {
  return 'observer' in s && 'sentPacket' in s && 'transport' in s
}

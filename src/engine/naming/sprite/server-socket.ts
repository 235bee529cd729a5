// The IP server's end of one TCP connection of a process (Sprite's user-level Internet server,
// Welch & Ousterhout 1988): the TCP endpoint lives here and never moves, acknowledges the peer's
// segments as they arrive and keeps the data until the process reads it — which is why the peer
// sees delay but no loss and no back-off while the process is frozen. Reads follow the
// pseudo-device protocol: a read takes what is there, and its reply tells the client kernel the
// stream is no longer readable (the select bits of Sprite's ipServer replies), so the client waits
// until the server wakes it with a notification that there is more, and reads again.

import type { Time } from '../../core'
import type { Packet } from '../../net/packet'
import type { Process } from '../../proc/process'
import type { TcpConnection, TcpObserver } from '../../transport/tcp'
import type { PseudoStream } from './pseudo-stream'

/** What a read hands the process, in the order the connection produced it. */
export type Readable =
  | { kind: 'data'; bytes: number; born: Time }
  | { kind: 'message'; tag: unknown; bytes: number }
  | { kind: 'eof' }
  | { kind: 'reset' }
  | { kind: 'timeout' }

export class ServerSocket {
  /** Data and events not yet read by the process. */
  readonly pending: Readable[] = []
  /** The reader waits for a wake-up (after every read: the reply said "not readable"). */
  waiting = false

  constructor(
    readonly process: Process,
    readonly carrier: TcpConnection,
    readonly stream: PseudoStream,
    /** Called when something becomes readable while the reader waits. */
    private readonly wake: (s: ServerSocket) => void,
  ) {
    const onEvent = (r: Readable) => {
      this.pending.push(r)
      if (this.waiting) {
        this.waiting = false
        this.wake(this)
      }
    }
    // The transport's events: retransmissions and timer expiries are the stream's (the metrics
    // watch the process's end); deliveries become readable data with the age of their segment.
    const observer: TcpObserver = {
      segmentSent: (_c, _seq, _len, retransmission) => stream.observer?.packetSent(retransmission),
      rtoExpired: (_c, rto) => stream.observer?.timerExpired(rto, 'RTO'),
      delivered: (_c, bytes, born) => onEvent({ kind: 'data', bytes, born }),
      stateChanged() {},
    }
    carrier.observer = observer
    carrier.app = {
      onMessage: (_c, tag, bytes) => onEvent({ kind: 'message', tag, bytes }),
      onPeerClosed: () => onEvent({ kind: 'eof' }),
      onReset: () => onEvent({ kind: 'reset' }),
      onTimeout: () => onEvent({ kind: 'timeout' }),
    }
  }

  /** Serves a read: everything pending (maybe nothing); the reader then waits for a wake-up. */
  read(): { items: Readable[]; bytes: number } {
    this.waiting = true
    const items = this.pending.splice(0)
    let bytes = 0
    for (const r of items) if (r.kind === 'data') bytes += r.bytes
    return { items, bytes }
  }

  /** Whether `pkt` is one of this connection's segments toward the peer. */
  sentBy(pkt: Packet): boolean {
    const c = this.carrier
    return (
      pkt.src === c.localAddr && pkt.sport === c.localPort && pkt.dst === c.remoteAddr && pkt.dport === c.remotePort
    )
  }
}

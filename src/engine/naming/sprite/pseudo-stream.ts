// The process's end of a TCP connection under Sprite: a pseudo-device stream whose operations are
// RPCs to the IP server that holds the TCP endpoint (Welch & Ousterhout 1988). The stream is part
// of the process's kernel state and moves with it; only the host its RPCs come from changes.
// Writes are write RPCs the server turns into TCP sends; the process keeps a read outstanding
// (a blocked read) and is woken when data arrives. Once the process runs away from the server's
// host, data from the peer reaches it after a wake-up and a read RPC (three LAN crossings) and its
// answers after a write RPC (one): MODELS.md §2b's σ ≈ 1 + RTT_LAN/RTT_WAN counts one RPC per
// exchange; the pseudo-device protocol's wake-up makes the inbound one-way σ ≈ 1 + 3·d_LAN/d_WAN.

import type { Node } from '../../net/node'
import type { Packet } from '../../net/packet'
import type { Process } from '../../proc/process'
import type { StreamApp } from '../../transport/stream'
import type { ObservableStream, StreamObserver } from '../../transport/stream-observer'
import { type KernelRpc, RPC_HEADER, rpcBytes } from './kernel-rpc'
import type { Readable, ServerSocket } from './server-socket'

/** Parameters of a read request (stream handle, offset, size) and of a write or close request. */
const READ_PARAMS = 24
const WRITE_PARAMS = 24

export class PseudoStream implements ObservableStream {
  app: StreamApp | null = null
  observer: StreamObserver | null = null
  readonly transport = 'tcp'
  label = ''
  private open = true
  /** A read RPC is outstanding; a wake-up came meanwhile (read again after it). */
  private reading = false
  private again = false
  /** The server end, once the connection exists. */
  socket: ServerSocket | null = null

  constructor(
    private readonly rpc: KernelRpc,
    readonly process: Process,
    /** The IP server's node. */
    readonly server: Node,
  ) {}

  get isOpen(): boolean {
    return this.open
  }

  send(bytes: number, tag: unknown = null): void {
    const s = this.socket
    if (!this.open || s === null || bytes <= 0) return
    this.rpc.request(
      this.process.host,
      this.server,
      rpcBytes(bytes, WRITE_PARAMS),
      (answer) => {
        s.carrier.send(bytes, tag)
        answer(RPC_HEADER)
      },
      () => {},
    )
  }

  close(): void {
    this.end((c) => c.close())
  }

  abort(): void {
    this.end((c) => c.abort())
  }

  private end(op: (c: ServerSocket['carrier']) => void): void {
    const s = this.socket
    if (!this.open || s === null) return
    this.open = false
    this.rpc.request(
      this.process.host,
      this.server,
      RPC_HEADER + WRITE_PARAMS,
      (answer) => {
        op(s.carrier)
        answer(RPC_HEADER)
      },
      () => {},
    )
  }

  /**
   * The process reads (it always has a read waiting: a blocked read, woken by the server): one read
   * RPC at a time, from wherever the process runs.
   */
  read(): void {
    const s = this.socket
    if (s === null || !this.process.alive) return
    if (this.reading) {
      this.again = true
      return
    }
    this.reading = true
    const from = this.process.host
    let got: Readable[] = []
    this.rpc.request(
      from,
      this.server,
      RPC_HEADER + READ_PARAMS,
      (answer) => {
        const r = s.read()
        got = r.items
        answer(rpcBytes(r.bytes))
      },
      () =>
        this.rpc.atProcess(this.process, from, RPC_HEADER, () => {
          this.reading = false
          this.hand(got)
          if (this.again && this.open) {
            this.again = false
            this.read()
          }
        }),
    )
  }

  /** Read results reach the application. */
  private hand(items: Readable[]): void {
    for (const r of items) {
      const app = this.app
      switch (r.kind) {
        case 'data':
          this.observer?.delivered(r.bytes, r.born)
          app?.onData?.(this, r.bytes)
          break
        case 'message':
          app?.onMessage?.(this, r.tag, r.bytes)
          break
        case 'eof':
          app?.onPeerClosed?.(this)
          break
        case 'reset':
          this.open = false
          app?.onReset?.(this)
          break
        case 'timeout':
          this.open = false
          app?.onTimeout?.(this)
          break
      }
    }
  }

  /** Whether `pkt` was sent by this stream's TCP endpoint toward the peer. */
  sentPacket(pkt: Packet): boolean {
    return this.socket?.sentBy(pkt) === true
  }
}

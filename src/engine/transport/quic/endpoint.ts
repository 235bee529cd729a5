// A QUIC endpoint: the user-space library instance of one process (or of a remote peer) on one
// UDP socket. It demultiplexes datagrams to connections by Destination Connection ID (RFC 9000
// §5.2), accepts new connections from Initial packets when listening, and chooses the IDs its
// connections issue (random, or a load balancer's encoding). Because it lives in the process's
// address space it moves with the process: only its socket is re-created on the new host.

import type { RngStream, Scheduler } from '../../core'
import type { Address } from '../../net/address'
import type { Packet } from '../../net/packet'
import type { StreamApp } from '../stream'
import type { UdpSocket } from '../udp'
import type { CidGenerator } from './cid'
import { type QuicConfig, RFC_QUIC } from './config'
import { QuicConnection, QuicState } from './connection'
import { PacketType, QuicPacket, releasePacket } from './packet'

/** Connection IDs below 2^53 (an 8-byte ID, modelled by the bits a number holds exactly). */
const CID_SPACE = 2 ** 53

export class QuicEndpoint {
  private readonly byCid = new Map<number, QuicConnection>()
  readonly connections = new Set<QuicConnection>()
  /** Set when listening: called with each connection whose handshake completed; set its app here. */
  onAccept: ((c: QuicConnection) => void) | null = null
  /** How this endpoint's connection IDs are made (default: random). */
  cidGenerator: CidGenerator
  /** A client endpoint with its own socket closes it when its last connection ends. */
  closeWhenEmpty = false

  constructor(
    public socket: UdpSocket,
    private readonly rng: RngStream,
    readonly config: QuicConfig = RFC_QUIC,
  ) {
    this.cidGenerator = () => Math.floor(this.rng.uniform() * CID_SPACE)
    this.attach(socket)
  }

  get sched(): Scheduler {
    return this.socket.stack.sched
  }

  /** Opens a connection to a server at remoteAddr:remotePort. */
  connect(remoteAddr: Address, remotePort: number, app: StreamApp | null): QuicConnection {
    const c = new QuicConnection(this, this.config, true, remoteAddr, remotePort)
    c.app = app
    this.connections.add(c)
    // RFC 9000 §7.2: the client's first Destination Connection ID is unpredictable.
    c.open(Math.floor(this.rng.uniform() * CID_SPACE))
    return c
  }

  /** A new connection ID for `c`, registered for demultiplexing. */
  newCid(c: QuicConnection): number {
    let cid = this.cidGenerator()
    while (this.byCid.has(cid)) cid = this.cidGenerator()
    this.byCid.set(cid, c)
    return cid
  }

  /** Stops routing a connection ID (retired, or the original ID after the handshake). */
  forget(cid: number): void {
    this.byCid.delete(cid)
  }

  /** 8 unpredictable bytes for a PATH_CHALLENGE (RFC 9000 §8.2.1). */
  challengeData(): number {
    return Math.floor(this.rng.uniform() * CID_SPACE)
  }

  /** A server connection completed its handshake. */
  accepted(c: QuicConnection): void {
    this.onAccept?.(c)
  }

  transmit(dst: Address, dport: number, size: number, q: QuicPacket): void {
    this.socket.sendTo(dst, dport, size, q)
  }

  /** Takes the socket's datagrams (and ownership of them, to account drops by reason). */
  private attach(socket: UdpSocket): void {
    socket.ownsPackets = true
    socket.onReceive = (_s, pkt) => this.receive(pkt)
  }

  private receive(pkt: Packet): void {
    const net = this.socket.stack.net
    const q = pkt.msg
    if (!(q instanceof QuicPacket)) {
      net.drop(pkt, 'no-endpoint', this.socket.stack.node.name)
      return
    }
    let c = this.byCid.get(q.dcid)
    if (c === undefined && q.type === PacketType.INITIAL && this.onAccept !== null) {
      c = new QuicConnection(this, this.config, false, pkt.src, pkt.sport)
      this.connections.add(c)
      this.byCid.set(q.dcid, c) // repeated Initials carry the same ID until the server answers
      c.accept(pkt, q)
      releasePacket(q)
      net.pool.release(pkt)
      return
    }
    if (c === undefined) {
      // No connection (closed, or never known): no stateless reset is modelled; the packet is dropped.
      net.drop(pkt, 'no-endpoint', this.socket.stack.node.name)
      releasePacket(q)
      return
    }
    if (c.frozen) {
      net.drop(pkt, 'frozen', this.socket.stack.node.name)
      releasePacket(q)
      return
    }
    c.input(pkt, q)
    releasePacket(q)
    net.pool.release(pkt)
  }

  /** Removes a closed connection and its IDs. */
  remove(c: QuicConnection): void {
    for (const [cid, owner] of this.byCid) if (owner === c) this.byCid.delete(cid)
    this.connections.delete(c)
    if (this.closeWhenEmpty && this.connections.size === 0) this.socket.close()
  }

  /** Moves the endpoint to a new socket (the process moved); the old one is closed. */
  moveTo(socket: UdpSocket): void {
    this.socket.onReceive = null
    this.socket.close()
    this.socket = socket
    this.attach(socket)
  }

  freeze(): void {
    for (const c of this.connections) c.freeze()
  }

  thaw(): void {
    for (const c of this.connections) c.thaw()
  }

  /** Ends every connection (the process died). */
  terminate(): void {
    for (const c of [...this.connections]) if (c.state !== QuicState.CLOSED) c.terminate()
  }
}

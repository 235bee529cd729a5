// A node's transport layer: demultiplexing to TCP connections, listeners and UDP sockets, port
// allocation, and RST generation for segments that match nothing (RFC 793 §3.4) — unless a naming
// architecture's hook takes such packets first (a forwarder at a process's old host).

import type { RngStream, Scheduler } from '../core'
import { type Address, NO_ADDRESS } from '../net/address'
import type { Net } from '../net/net'
import type { Node, Upper } from '../net/node'
import { ipHeader, type Packet, Proto, TCP_HEADER, TcpFlag } from '../net/packet'
import { type TcpApp, TcpConnection, TcpState } from './tcp'
import { RFC_TCP, type TcpConfig } from './tcp-config'
import { UdpSocket } from './udp'

export interface TcpListener {
  port: number
  /** Only accept connections to this address (NO_ADDRESS: any of the node's addresses). */
  localAddr: Address
  /** Called when a connection completes its handshake; set conn.app here. */
  onAccept: (conn: TcpConnection) => void
}

/** A naming-architecture hook for packets that match no endpoint; return true if it took the packet. */
export type NoEndpointHook = (pkt: Packet, stack: TransportStack) => boolean

/** A transport protocol other than TCP and UDP (SCTP): return true if it took the packet. */
export type ProtocolInput = (pkt: Packet, stack: TransportStack) => boolean

const EPHEMERAL_FIRST = 49152
const EPHEMERAL_LAST = 65535

export class TransportStack implements Upper {
  private readonly tcp = new Map<number, TcpConnection[]>()
  private readonly listeners = new Map<number, TcpListener[]>()
  private readonly udp = new Map<number, UdpSocket>()
  private nextPort = EPHEMERAL_FIRST
  private readonly issRng: RngStream
  readonly noEndpoint: NoEndpointHook[] = []
  /** Further transport protocols by IP protocol number (SCTP), registered by their modules. */
  readonly protocols = new Map<number, ProtocolInput>()
  /** Answer segments that match nothing with RST (RFC 793); false models a host that stays silent. */
  sendRst = true
  config: TcpConfig

  private constructor(
    readonly node: Node,
    config: TcpConfig,
  ) {
    this.config = config
    this.issRng = node.net.rng(`tcp-iss:${node.name}`)
  }

  /** The stack of `node`, created on first use. */
  static of(node: Node, config: TcpConfig = RFC_TCP): TransportStack {
    const up = node.upper
    if (up instanceof TransportStack) return up
    const s = new TransportStack(node, config)
    node.upper = s
    return s
  }

  get net(): Net {
    return this.node.net
  }

  get sched(): Scheduler {
    return this.node.net.sched
  }

  // ---- TCP -----------------------------------------------------------------------------------

  /** Opens a connection to remoteAddr:remotePort (RFC 793 active OPEN). */
  connect(
    remoteAddr: Address,
    remotePort: number,
    app: TcpApp | null,
    opts: { localAddr?: Address; localPort?: number; v6?: boolean; config?: TcpConfig } = {},
  ): TcpConnection {
    const localAddr = opts.localAddr ?? this.node.address
    const localPort = opts.localPort ?? this.allocatePort()
    const c = new TcpConnection(this, opts.config ?? this.config, localAddr, localPort, remoteAddr, remotePort, true)
    c.app = app
    c.v6 = opts.v6 ?? false
    this.bind(c)
    c.open(this.newIss())
    return c
  }

  listen(port: number, onAccept: (conn: TcpConnection) => void, localAddr: Address = NO_ADDRESS): TcpListener {
    const l: TcpListener = { port, localAddr, onAccept }
    const list = this.listeners.get(port)
    if (list) list.push(l)
    else this.listeners.set(port, [l])
    return l
  }

  /** Stops every listener on `port`. */
  unlistenPort(port: number): void {
    this.listeners.delete(port)
  }

  unlisten(l: TcpListener): void {
    const list = this.listeners.get(l.port)
    if (!list) return
    const k = list.indexOf(l)
    if (k >= 0) list.splice(k, 1)
    if (list.length === 0) this.listeners.delete(l.port)
  }

  /** Adds a connection to the demultiplexing table. */
  bind(c: TcpConnection): void {
    const list = this.tcp.get(c.localPort)
    if (list) list.push(c)
    else this.tcp.set(c.localPort, [c])
  }

  unbind(c: TcpConnection): void {
    const list = this.tcp.get(c.localPort)
    if (!list) return
    const k = list.indexOf(c)
    if (k >= 0) list.splice(k, 1)
    if (list.length === 0) this.tcp.delete(c.localPort)
  }

  /** Connections currently bound here. */
  connections(): TcpConnection[] {
    return [...this.tcp.values()].flat()
  }

  /** A passive connection completed its handshake. */
  established(c: TcpConnection): void {
    const l = this.findListener(c.localPort, c.localAddr)
    if (l) l.onAccept(c)
    c.app?.onConnected?.(c)
  }

  private findListener(port: number, addr: Address): TcpListener | undefined {
    const list = this.listeners.get(port)
    if (!list) return undefined
    return list.find((l) => l.localAddr === addr) ?? list.find((l) => l.localAddr === NO_ADDRESS)
  }

  private findConnection(pkt: Packet): TcpConnection | undefined {
    const list = this.tcp.get(pkt.dport)
    if (!list) return undefined
    for (const c of list) {
      if (c.remotePort === pkt.sport && c.remoteAddr === pkt.src && c.localAddr === pkt.dst) return c
    }
    return undefined
  }

  private newIss(): number {
    return this.issRng.nextU32()
  }

  allocatePort(): number {
    for (let tries = 0; tries <= EPHEMERAL_LAST - EPHEMERAL_FIRST; tries++) {
      const p = this.nextPort
      this.nextPort = p === EPHEMERAL_LAST ? EPHEMERAL_FIRST : p + 1
      if (!this.tcp.has(p) && !this.udp.has(p) && !this.listeners.has(p)) return p
    }
    throw new Error(`node "${this.node.name}" has no free ports`)
  }

  // ---- UDP -----------------------------------------------------------------------------------

  udpSocket(port = 0, localAddr: Address = NO_ADDRESS): UdpSocket {
    const p = port === 0 ? this.allocatePort() : port
    if (this.udp.has(p)) throw new Error(`UDP port ${p} already in use on "${this.node.name}"`)
    const s = new UdpSocket(this, p, localAddr)
    this.udp.set(p, s)
    return s
  }

  closeUdp(s: UdpSocket): void {
    if (this.udp.get(s.port) === s) this.udp.delete(s.port)
  }

  /** Moves a UDP socket to this stack (a migrated process's socket, e.g. QUIC's). */
  adoptUdp(s: UdpSocket): void {
    s.stack.closeUdp(s)
    if (this.udp.has(s.port)) throw new Error(`UDP port ${s.port} already in use on "${this.node.name}"`)
    s.stack = this
    this.udp.set(s.port, s)
  }

  // ---- demultiplexing --------------------------------------------------------------------------

  deliver(pkt: Packet): void {
    if (pkt.proto === Proto.TCP) this.deliverTcp(pkt)
    else if (pkt.proto === Proto.UDP) this.deliverUdp(pkt)
    else {
      const input = this.protocols.get(pkt.proto)
      if (input === undefined || !input(pkt, this)) this.unmatched(pkt)
    }
  }

  private deliverTcp(pkt: Packet): void {
    const c = this.findConnection(pkt)
    if (c !== undefined && c.state !== TcpState.CLOSED) {
      c.input(pkt)
      return
    }
    if (pkt.flags & TcpFlag.SYN && !(pkt.flags & TcpFlag.ACK)) {
      const l = this.findListener(pkt.dport, pkt.dst)
      if (l) {
        const conn = new TcpConnection(this, this.config, pkt.dst, pkt.dport, pkt.src, pkt.sport, false)
        conn.v6 = pkt.v6
        this.bind(conn)
        conn.accept(pkt, this.newIss())
        this.net.pool.release(pkt)
        return
      }
    }
    this.unmatched(pkt)
  }

  private deliverUdp(pkt: Packet): void {
    const s = this.udp.get(pkt.dport)
    if (s === undefined || (s.localAddr !== NO_ADDRESS && s.localAddr !== pkt.dst)) {
      this.unmatched(pkt)
      return
    }
    s.received++
    s.onReceive?.(s, pkt)
    if (!s.ownsPackets) this.net.pool.release(pkt)
  }

  /** Nothing here wants the packet: a naming-architecture hook, else RST (TCP) or a drop. */
  private unmatched(pkt: Packet): void {
    for (const h of this.noEndpoint) if (h(pkt, this)) return
    if (pkt.proto === Proto.TCP && this.sendRst && !(pkt.flags & TcpFlag.RST)) this.sendReset(pkt)
    this.net.drop(pkt, 'no-endpoint', this.node.name)
  }

  /** RFC 793 §3.4 reset generation for a segment that matches no connection. */
  sendReset(seg: Packet): void {
    const r = this.net.pool.alloc()
    r.proto = Proto.TCP
    r.v6 = seg.v6
    r.src = seg.dst
    r.dst = seg.src
    r.sport = seg.dport
    r.dport = seg.sport
    if (seg.flags & TcpFlag.ACK) {
      r.seq = seg.ack
      r.flags = TcpFlag.RST
    } else {
      r.seq = 0
      r.ack = seg.seq + seg.len + (seg.flags & TcpFlag.SYN ? 1 : 0) + (seg.flags & TcpFlag.FIN ? 1 : 0)
      r.flags = TcpFlag.RST | TcpFlag.ACK
    }
    r.size = ipHeader(r) + TCP_HEADER
    r.born = this.sched.now
    this.node.send(r)
  }
}

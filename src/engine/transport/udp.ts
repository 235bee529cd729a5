// A UDP-like datagram socket.

import { type Address, NO_ADDRESS } from '../net/address'
import { ipHeader, type Packet, Proto, UDP_HEADER } from '../net/packet'
import type { TransportStack } from './stack'

export type DatagramHandler = (socket: UdpSocket, pkt: Packet) => void

export class UdpSocket {
  /** Called for each datagram received; the packet is released after it returns, so do not keep it. */
  onReceive: DatagramHandler | null = null
  /** True when onReceive takes ownership of each packet (releases or drops it itself, e.g. to count why). */
  ownsPackets = false
  received = 0
  sent = 0

  constructor(
    public stack: TransportStack,
    readonly port: number,
    /** Source address for datagrams sent; NO_ADDRESS means the node's primary address. */
    public localAddr: Address = NO_ADDRESS,
  ) {}

  /**
   * Sends a datagram of `bytes` payload bytes. `msg` is the control-message body carried to the
   * receiver (e.g. a signalling message); `v6` chooses the IPv6 header.
   */
  sendTo(dst: Address, dport: number, bytes: number, msg: unknown = null, v6 = false): void {
    const pkt = this.stack.net.pool.alloc()
    pkt.proto = Proto.UDP
    pkt.v6 = v6
    pkt.src = this.localAddr === NO_ADDRESS ? this.stack.node.address : this.localAddr
    pkt.dst = dst
    pkt.sport = this.port
    pkt.dport = dport
    pkt.len = bytes
    pkt.size = ipHeader(pkt) + UDP_HEADER + bytes
    pkt.msg = msg
    pkt.born = this.stack.sched.now
    this.sent++
    this.stack.node.send(pkt)
  }

  close(): void {
    this.stack.closeUdp(this)
  }
}

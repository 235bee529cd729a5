// A signalling datagram with an explicit source address (a care-of address, a home address, an
// agent's address on one of its links), which a host-wide UdpSocket cannot choose per message.
// It is received by an ordinary UdpSocket listening on `dport`.

import type { Address } from '../net/address'
import type { Node } from '../net/node'
import { ipHeader, Proto, UDP_HEADER } from '../net/packet'

/**
 * Sends `payload` bytes of UDP payload carrying `msg` from `node` (through its output shims, so a
 * mobile node's tunnel applies). The IP packet is `payload` + UDP + IP header bytes.
 */
export function sendDatagram(
  node: Node,
  src: Address,
  dst: Address,
  sport: number,
  dport: number,
  payload: number,
  msg: unknown,
  v6: boolean,
): void {
  const pkt = node.net.pool.alloc()
  pkt.proto = Proto.UDP
  pkt.v6 = v6
  pkt.src = src
  pkt.dst = dst
  pkt.sport = sport
  pkt.dport = dport
  pkt.len = payload
  pkt.size = ipHeader(pkt) + UDP_HEADER + payload
  pkt.msg = msg
  pkt.born = node.net.sched.now
  node.send(pkt)
}

// Wrapping a packet in an outer header and unwrapping it: IP-in-IP tunnels (RFC 2003, RFC 2473),
// and the extension headers that carry a second address (Mobile IPv6's type 2 routing header and
// Home Address option, a DEMOS/MP link header). The outer packet points at the original, which
// travels untouched; the outer header's bytes count on the wire.

import type { Address } from '../net/address'
import type { Net } from '../net/net'
import type { Packet } from '../net/packet'

/** A packet with `inner` inside, from `src` to `dst`, `overhead` bytes larger. */
export function encapsulate(
  net: Net,
  inner: Packet,
  src: Address,
  dst: Address,
  proto: number,
  overhead: number,
): Packet {
  const outer = net.pool.alloc()
  outer.proto = proto
  outer.v6 = inner.v6
  outer.src = src
  outer.dst = dst
  outer.size = inner.size + overhead
  outer.inner = inner
  outer.born = net.sched.now
  return outer
}

/** The packet inside `outer`; the outer header is released. */
export function decapsulate(net: Net, outer: Packet): Packet {
  const inner = outer.inner!
  outer.inner = null
  net.pool.release(outer)
  return inner
}

// An ITR's map-cache (RFC 9300 §6, RFC 9301 §5.4): EID -> RLOC mappings learnt from Map-Replies,
// each kept for its Record TTL; negative entries say "no mapping" for their (short) TTL. While a
// mapping is being resolved the first packets toward the EID wait here (a few, as a neighbour cache
// holds packets for an unresolved address) instead of being dropped, so opening a connection does
// not cost a SYN retransmission.

import type { Time } from '../../core'
import type { Address } from '../../net/address'
import { ARP_PENDING_LIMIT } from '../../net/lan'
import type { Net } from '../../net/net'
import type { Packet } from '../../net/packet'

export interface Mapping {
  /** The ETR's locator, or NO_ADDRESS for a negative entry. */
  rloc: Address
  expires: Time
}

export class MapCache {
  private readonly entries = new Map<Address, Mapping>()
  private readonly waiting = new Map<Address, Packet[]>()

  constructor(
    private readonly net: Net,
    private readonly where: string,
  ) {}

  /** The live mapping of `eid`, or null (an expired one is forgotten). */
  lookup(eid: Address, now: Time): Mapping | null {
    const e = this.entries.get(eid)
    if (e === undefined) return null
    if (e.expires > now) return e
    this.entries.delete(eid)
    return null
  }

  /** The entry of `eid` as it stands, expired or not (for convergence checks). */
  peek(eid: Address): Mapping | undefined {
    return this.entries.get(eid)
  }

  /** Stores a Map-Reply; returns the packets that were waiting for it. */
  set(eid: Address, rloc: Address, expires: Time): Packet[] | undefined {
    const e = this.entries.get(eid)
    if (e) {
      e.rloc = rloc
      e.expires = expires
    } else this.entries.set(eid, { rloc, expires })
    const w = this.waiting.get(eid)
    this.waiting.delete(eid)
    return w
  }

  /** Holds a packet until `eid` resolves; drops it if too many wait already. */
  hold(pkt: Packet): void {
    let w = this.waiting.get(pkt.dst)
    if (w === undefined) {
      w = []
      this.waiting.set(pkt.dst, w)
    }
    if (w.length < ARP_PENDING_LIMIT) w.push(pkt)
    else this.net.drop(pkt, 'no-route', this.where)
  }

  /** Resolution of `eid` failed: what waited for it is dropped. */
  unresolved(eid: Address): void {
    const w = this.waiting.get(eid)
    if (w === undefined) return
    this.waiting.delete(eid)
    for (const p of w) this.net.drop(p, 'no-route', this.where)
  }

  /** The router lost its state (a crash). */
  clear(): void {
    for (const w of this.waiting.values()) for (const p of w) this.net.drop(p, 'node-down', this.where)
    this.waiting.clear()
    this.entries.clear()
  }
}

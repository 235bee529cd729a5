// A small DNS model (RFC 1035 caching with TTLs, RFC 2136 dynamic update): an authoritative
// server, and caching resolvers that query it over UDP. Used for re-resolution after a broken
// connection, HIP's records (HIT + rendezvous server), and DNS rebinding as an architecture.
// Some resolvers in the wild ignore TTLs (Flavel et al. 2014): a resolver can be told to keep
// answers for a fixed, longer time.

import { SECOND, type Time } from '../core'
import type { Address } from '../net/address'
import type { Node } from '../net/node'
import { TransportStack } from '../transport/stack'
import type { UdpSocket } from '../transport/udp'

export const DNS_PORT = 53
/** Typical message sizes in bytes (header 12 + question + answer). */
const QUERY_BYTES = 40
const RESPONSE_BYTES = 72
/** A dynamic update (RFC 2136) signed with TSIG or SIG(0) (RFC 3007). */
export const UPDATE_BYTES = 120
/** Resolver retransmission: 1 s, 3 attempts (resolv.conf-like). */
const RETRY = 1 * SECOND
const ATTEMPTS = 3

/** What a name resolves to: an address, and for HIP a host identity tag and a rendezvous server. */
export interface DnsRecord {
  addr: Address
  hit?: number
  rvs?: Address
  ttl: Time
}

type DnsMessage =
  | { kind: 'query'; id: number; name: string }
  | { kind: 'response'; id: number; name: string; record: DnsRecord | null }
  | { kind: 'update'; id: number; name: string; record: DnsRecord }
  | { kind: 'update-ack'; id: number; name: string }

export class DnsServer {
  readonly zone = new Map<string, DnsRecord>()
  readonly socket: UdpSocket
  queries = 0
  updates = 0
  private readonly applied = new Set<string>()
  /** Called after each dynamic update is applied (for traces). */
  onUpdate: ((name: string, record: DnsRecord) => void) | null = null

  constructor(readonly node: Node) {
    this.socket = TransportStack.of(node).udpSocket(DNS_PORT)
    this.socket.onReceive = (_s, pkt) => {
      const m = pkt.msg as DnsMessage
      if (m.kind === 'query') {
        this.queries++
        const reply: DnsMessage = { kind: 'response', id: m.id, name: m.name, record: this.zone.get(m.name) ?? null }
        this.socket.sendTo(pkt.src, pkt.sport, RESPONSE_BYTES, reply, pkt.v6)
      } else if (m.kind === 'update') {
        // A retransmitted update whose acknowledgement was lost is acknowledged again, not reapplied.
        const seen = `${pkt.src}/${pkt.sport}/${m.id}`
        if (!this.applied.has(seen)) {
          this.applied.add(seen)
          this.updates++
          this.zone.set(m.name, m.record)
          this.onUpdate?.(m.name, m.record)
        }
        this.socket.sendTo(
          pkt.src,
          pkt.sport,
          QUERY_BYTES,
          { kind: 'update-ack', id: m.id, name: m.name } satisfies DnsMessage,
          pkt.v6,
        )
      }
    }
  }

  /** Adds or replaces a record directly (zone set-up). */
  set(name: string, record: DnsRecord): void {
    this.zone.set(name, record)
  }
}

interface CacheEntry {
  record: DnsRecord
  expires: Time
}

type Callback = (record: DnsRecord | null) => void

interface Outstanding {
  name: string
  attempts: number
  waiting: Callback[]
  id: number
}

export class Resolver {
  private readonly cache = new Map<string, CacheEntry>()
  private readonly outstanding = new Map<number, Outstanding>()
  private readonly byName = new Map<string, Outstanding>()
  private nextId = 1
  readonly socket: UdpSocket
  queriesSent = 0
  cacheHits = 0
  updatesSent = 0
  updatesLost = 0

  /**
   * @param node where the resolver runs
   * @param server the authoritative (or recursive) server's address
   * @param ignoreTtl if set, answers are kept this long whatever their TTL says (a non-compliant resolver)
   */
  constructor(
    readonly node: Node,
    public server: Address,
    readonly ignoreTtl: Time | null = null,
  ) {
    this.socket = TransportStack.of(node).udpSocket()
    this.socket.onReceive = (_s, pkt) => this.onResponse(pkt.msg as DnsMessage)
  }

  /** Resolves `name`; `cb` gets the record or null (no such name, or the server did not answer). */
  resolve(name: string, cb: Callback): void {
    const now = this.node.net.sched.now
    const e = this.cache.get(name)
    if (e !== undefined && e.expires > now) {
      this.cacheHits++
      cb(e.record)
      return
    }
    const pending = this.byName.get(name)
    if (pending) {
      pending.waiting.push(cb)
      return
    }
    const o: Outstanding = { name, attempts: 0, waiting: [cb], id: this.nextId++ }
    this.outstanding.set(o.id, o)
    this.byName.set(name, o)
    this.send(o)
  }

  /**
   * Sends an authenticated dynamic update (RFC 2136/3007) for `name`; `done` is called on
   * acknowledgement. Like a query, an unanswered update is retransmitted every second, at most
   * three times in all (RFC 2136 §7.5: the requestor retries as for queries); the server applies a
   * repeated update idempotently. An update never acknowledged is counted in `updatesLost`.
   */
  update(name: string, record: DnsRecord, done?: () => void): void {
    const o: Outstanding = { name, attempts: 0, waiting: [() => done?.()], id: this.nextId++ }
    this.outstanding.set(o.id, o)
    this.sendUpdate(o, record)
  }

  private sendUpdate(o: Outstanding, record: DnsRecord): void {
    o.attempts++
    this.updatesSent++
    this.socket.sendTo(this.server, DNS_PORT, UPDATE_BYTES, {
      kind: 'update',
      id: o.id,
      name: o.name,
      record,
    } satisfies DnsMessage)
    const sched = this.node.net.sched
    sched.call(sched.now + RETRY, () => {
      if (this.outstanding.get(o.id) !== o) return
      if (o.attempts < ATTEMPTS) this.sendUpdate(o, record)
      else {
        this.outstanding.delete(o.id)
        this.updatesLost++
      }
    })
  }

  /** Forgets a cached answer (an application that re-resolves after a failure). */
  invalidate(name: string): void {
    this.cache.delete(name)
  }

  private send(o: Outstanding): void {
    o.attempts++
    this.queriesSent++
    this.socket.sendTo(this.server, DNS_PORT, QUERY_BYTES, {
      kind: 'query',
      id: o.id,
      name: o.name,
    } satisfies DnsMessage)
    const sched = this.node.net.sched
    sched.call(sched.now + RETRY, () => {
      if (this.outstanding.get(o.id) !== o) return
      if (o.attempts < ATTEMPTS) this.send(o)
      else this.finish(o, null)
    })
  }

  private onResponse(m: DnsMessage): void {
    const o = this.outstanding.get(m.id)
    if (!o) return
    if (m.kind === 'update-ack') {
      this.outstanding.delete(m.id)
      for (const cb of o.waiting) cb(null)
      return
    }
    if (m.kind !== 'response') return
    if (m.record) {
      const keep = this.ignoreTtl ?? m.record.ttl
      this.cache.set(m.name, { record: m.record, expires: this.node.net.sched.now + keep })
    }
    this.finish(o, m.record)
  }

  private finish(o: Outstanding, record: DnsRecord | null): void {
    this.outstanding.delete(o.id)
    if (this.byName.get(o.name) === o) this.byName.delete(o.name)
    for (const cb of o.waiting) cb(record)
  }
}

// A LISP Map-Server with its Map-Resolver (RFC 9301 §8.2–8.4), answering Map-Requests itself
// (proxy Map-Reply: the ETRs register with the P bit). It keeps each EID's registration (locator,
// registering ETR, map-version, 3-minute lifetime refreshed by periodic Map-Registers) and
// remembers which ITRs asked for each EID. When a registration appears or its locator changes — an
// EID moved to another site — it sends a Map-Notify to the ETR the EID left (which puts it in its
// away table) and a Solicit-Map-Request to every ITR that asked (draft-ietf-lisp-eid-mobility).
// A claim with an older map-version than the registration's (RFC 9302) comes from a site the EID
// left without hearing of it: it is refused, and that site is told where the EID is. Its state is
// soft: a crash loses it, and periodic registrations rebuild it.

import { type Address, NO_ADDRESS } from '../../net/address'
import type { Node } from '../../net/node'
import type { LispDomain } from './domain'
import {
  type EidRecord,
  type LispMessage,
  MAP_REPLY_BYTES,
  NEGATIVE_MAP_REPLY_BYTES,
  NEGATIVE_TTL,
  REGISTRATION_TIMEOUT,
  registerBytes,
  SMR_BYTES,
} from './messages'
import type { TunnelRouter } from './tunnel-router'

interface Registration {
  etr: TunnelRouter
  version: number
  expires: number
}

export class MapServer {
  private readonly registrations = new Map<Address, Registration>()
  private readonly askers = new Map<Address, Set<TunnelRouter>>()

  constructor(
    private readonly domain: LispDomain,
    readonly node: Node,
  ) {}

  /** The locator `eid` is registered at now, or NO_ADDRESS. */
  locatorOf(eid: Address): Address {
    const r = this.registrations.get(eid)
    return r !== undefined && r.expires > this.node.net.sched.now ? r.etr.rloc : NO_ADDRESS
  }

  /** Configuration at start-up: `eid` is registered by `etr` (as if its first Map-Register had arrived). */
  preload(eid: Address, etr: TunnelRouter, version: number): void {
    this.registrations.set(eid, { etr, version, expires: this.node.net.sched.now + REGISTRATION_TIMEOUT })
  }

  /** A control message on UDP 4342 for the mapping system. */
  receive(msg: LispMessage): void {
    if (msg.kind === 'map-register') this.register(msg.records, msg.etr, msg.wantNotify)
    else if (msg.kind === 'map-request') this.resolve(msg.eid, msg.itr)
  }

  private register(records: EidRecord[], etr: TunnelRouter, wantNotify: boolean): void {
    const d = this.domain
    const now = this.node.net.sched.now
    if (wantNotify) {
      const eids = records.map((r) => r.eid)
      const ack: LispMessage = { kind: 'map-notify', eids, rloc: etr.rloc }
      d.control(
        this.node,
        etr.node,
        registerBytes(eids.length),
        ack,
        'map-notify',
        eids.length === 1 ? eids[0] : NO_ADDRESS,
      )
    }
    for (const { eid, version } of records) {
      const before = this.locatorOf(eid)
      const prev = this.registrations.get(eid)
      if (before !== NO_ADDRESS && prev !== undefined && prev.etr !== etr && version < prev.version) {
        const notice: LispMessage = { kind: 'map-notify', eids: [eid], rloc: before }
        d.control(this.node, etr.node, registerBytes(1), notice, 'map-notify', eid)
        continue
      }
      this.registrations.set(eid, { etr, version, expires: now + REGISTRATION_TIMEOUT })
      if (before === etr.rloc) continue
      // The EID moved (or reappeared): the site it left learns it, and so do the ITRs that asked.
      if (prev !== undefined && prev.etr !== etr) {
        const notice: LispMessage = { kind: 'map-notify', eids: [eid], rloc: etr.rloc }
        d.control(this.node, prev.etr.node, registerBytes(1), notice, 'map-notify', eid)
      }
      if (d.smr) {
        for (const itr of this.askers.get(eid) ?? []) {
          d.control(this.node, itr.node, SMR_BYTES, { kind: 'smr', eid }, 'solicit-map-request', eid)
        }
      }
      d.mappingChanged(eid)
    }
  }

  private resolve(eid: Address, itr: TunnelRouter): void {
    let askers = this.askers.get(eid)
    if (!askers) {
      askers = new Set()
      this.askers.set(eid, askers)
    }
    askers.add(itr)
    const rloc = this.locatorOf(eid)
    const d = this.domain
    const reply: LispMessage =
      rloc === NO_ADDRESS
        ? { kind: 'map-reply', eid, rloc, ttl: NEGATIVE_TTL }
        : { kind: 'map-reply', eid, rloc, ttl: d.recordTtl }
    const bytes = rloc === NO_ADDRESS ? NEGATIVE_MAP_REPLY_BYTES : MAP_REPLY_BYTES
    d.control(this.node, itr.node, bytes, reply, 'map-reply', eid)
  }

  /** The node crashed: registrations and the record of who asked are gone. */
  crashed(): void {
    this.registrations.clear()
    this.askers.clear()
  }
}

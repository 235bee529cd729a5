// An M-agent (M-FARA, MODELS.md §2f, inferred): the agent of a domain that maintains the
// forwarding directives of the entities inside it. Peers outside address a hidden entity by the
// M-agent's locator (FD_up) and the entity (FD_down); the M-agent forwards to the host the entity
// is on now, and the entity's outbound packets leave through it with its locator as their source,
// so no inner locator is ever seen outside. A move inside the domain updates only the M-agent —
// peers and the directory keep what they have — in return for a detour (stretch) and a
// dependency: when the M-agent fails, every hidden entity is cut off.

import type { Address } from '../../net/address'
import type { Interceptor, Node } from '../../net/node'
import type { Packet } from '../../net/packet'
import { FARA_PROTO, type FaraControl, type FaraHeader, FD_ACK_BYTES } from './wire'

export interface MAgentHost {
  /** Runs `done` after checking an update's authentication. */
  authenticate(node: Node, done: () => void): void
  /** Sends a FARA control packet from `node` to `to`, and counts it. */
  sendControl(node: Node, m: FaraControl, to: Address, what: string, bytes: number): void
}

export class MAgent implements Interceptor {
  readonly locator: Address
  /** Where each hidden entity is now, and the last update id accepted for it. */
  private readonly inner = new Map<Address, { locator: Address; seq: number }>()

  constructor(
    readonly node: Node,
    private readonly host: MAgentHost,
  ) {
    this.locator = node.address
    node.interceptors.push(this)
  }

  /** An entity of the domain, registered before the run starts. */
  register(entity: Address, locator: Address): void {
    this.inner.set(entity, { locator, seq: 0 })
  }

  intercept(pkt: Packet): boolean {
    if (pkt.proto !== FARA_PROTO || pkt.dst !== this.locator) return false
    const inner = pkt.inner
    if (inner === null) {
      this.control(pkt)
      return true
    }
    const h = pkt.msg as FaraHeader
    if (h.fd !== this.locator) {
      // A hidden entity's packet on its way out: it leaves with the M-agent's locator.
      pkt.src = this.locator
      pkt.dst = h.fd
    } else {
      const at = this.inner.get(inner.dst)
      if (at === undefined) {
        this.node.net.drop(pkt, 'no-endpoint', this.node.name)
        return true
      }
      pkt.dst = at.locator
    }
    this.node.sendRaw(pkt)
    return true
  }

  /** An entity moved inside the domain: its authenticated update, acknowledged. */
  private control(pkt: Packet): void {
    const m = pkt.msg as FaraControl
    const from = pkt.src
    this.node.net.pool.release(pkt)
    if (m.kind !== 'magent-update') return
    this.host.authenticate(this.node, () => {
      const at = this.inner.get(m.entity)
      if (at === undefined) return
      if (m.seq > at.seq) this.inner.set(m.entity, { locator: m.locator, seq: m.seq })
      const ack: FaraControl = { ...m, kind: 'magent-ack', locator: -1 }
      this.host.sendControl(this.node, ack, from, 'fara-magent-ack', FD_ACK_BYTES)
    })
  }
}

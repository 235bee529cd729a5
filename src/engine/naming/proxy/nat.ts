// The NAT-director variant of the cluster front-end (MODELS.md §2 k1): the process serves on its
// host's real address behind the director's virtual IP; a move carries its TCBs to the new host,
// rewrites their local address to the new host's (the director will send there) and tells the
// director with an ip_vs sync message. Segments that reach the old host before the director
// repoints are dropped there — the source kernel keeps a note of the connections that left, so it
// does not answer them with RST — and the peer's TCP retransmits (MODELS.md §1.3).

import type { Address } from '../../net/address'
import type { Node } from '../../net/node'
import { Proto } from '../../net/packet'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { Stream, StreamApp } from '../../transport/stream'
import { ArchitectureRefusal } from '../architecture'
import { FrontEndEntry } from './connection-table'
import { ProxyArchitecture } from './front-end'
import { NatDirector } from './nat-director'
import { ReplyRoutes } from './reply-routes'

/** The ip_vs synchronisation daemon's UDP port (ipvsadm --start-daemon; default 8848). */
const SYNC_PORT = 8848
/** ip_vs sync message header, and one IPv4 connection record in the version-1 format. */
const SYNC_HEADER = 8
const SYNC_CONN = 36

interface Repoint {
  process: Process
  real: Address
  move: MigrationRecord
}

export class NatProxy extends ProxyArchitecture {
  readonly variant = 'nat'
  private agent!: NatDirector
  private replies!: ReplyRoutes
  /** Per host, connections that left it: outside endpoint -> local port, dropped without RST. */
  private readonly departed = new Map<Node, Map<number, number>>()

  protected installFrontEnd(): void {
    if (this.director.kind !== 'router') {
      throw new ArchitectureRefusal(
        `proxy (nat): the director "${this.director.name}" must be a router: an LVS-NAT director forwards its real servers' traffic`,
      )
    }
    this.replies = new ReplyRoutes(this.director)
    this.agent = new NatDirector(this.director, this.vipNetwork, this.owners, this.replies)
    this.director.interceptors.push(this.agent)
    for (const p of this.world.processes.values()) {
      this.requireDirectorOnLan(p, p.host)
      this.agent.location.set(p, p.host.address)
    }
    this.controlPort<Repoint>(this.director, SYNC_PORT, (msg) => {
      this.agent.repoint(msg.process, msg.real)
      this.namingUpdated(msg.move)
    })
  }

  private requireDirectorOnLan(p: Process, host: Node): void {
    if (this.replies.reaches(host)) return
    throw new ArchitectureRefusal(
      `proxy (nat) cannot serve process "${p.name}" on ${host.name}: the director "${this.director.name}" is not on a LAN ` +
        `with it, and LVS-NAT needs the director as the real servers' gateway (use variant "handoff" or "splice")`,
    )
  }

  protected frontEndCrashed(): void {
    this.agent.table.clear(this.world.net, this.director.name)
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.listenFor(p, p.host, port, p.host.address, onAccept)
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    // Masquerading: the peer sees the process's virtual IP, the director keeps the mapping.
    const c = this.own(p, this.world.stack(p.host).connect(peer.address, port, app))
    const vip = this.vips.get(p)!
    this.agent.add(new FrontEndEntry(peer.address, port, vip, c.localPort, c.localAddr, c.localPort, p))
  }

  override onFreeze(p: Process, m: MigrationRecord): void {
    this.requireDirectorOnLan(p, this.world.node(m.to))
  }

  protected moved(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    p.pruneConnections()
    const left = this.departedFrom(from)
    const back = this.departedFrom(to)
    for (const c of p.connections) {
      const k = c.remoteAddr * 65536 + c.remotePort
      left.set(k, c.localPort)
      back.delete(k)
    }
    this.moveConnections(p, to, () => to.address)
    this.moveListeners(p, from, to, to.address)
    const bytes = SYNC_HEADER + SYNC_CONN * Math.max(1, p.connections.size)
    this.datagram(to, this.director, SYNC_PORT, bytes, { process: p, real: to.address, move: m } satisfies Repoint)
    this.signal('nat-repoint', to, this.director, bytes, m)
  }

  /** The connections that left `host`, installing its drop-without-RST hook on first use. */
  private departedFrom(host: Node): Map<number, number> {
    const known = this.departed.get(host)
    if (known) return known
    const notes = new Map<number, number>()
    this.departed.set(host, notes)
    const net = this.world.net
    this.world.stack(host).noEndpoint.push((pkt) => {
      if (pkt.proto !== Proto.TCP || notes.get(pkt.src * 65536 + pkt.sport) !== pkt.dport) return false
      net.drop(pkt, 'no-endpoint', host.name)
      return true
    })
    return notes
  }
}

// The TCP-handoff variant of the cluster front-end (MODELS.md §2 k2). Connections are accepted by
// the front-end and handed to the back-end where the process runs: the TCB travels in a handoff
// message and is bound there to the virtual IP, which the back-end accepts as a local (non-ARP)
// address, as LVS direct-routing and tunnelling servers do. A move of the process is a "multiple
// handoff": its TCBs move with it, the new host takes the virtual IP and tells the front-end,
// which forwards to it from then on. The back-end always answers the client directly.

import { type Address, NO_ADDRESS } from '../../net/address'
import type { Node } from '../../net/node'
import { type Process, TCB_BYTES } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { Stream, StreamApp } from '../../transport/stream'
import type { TcpConnection } from '../../transport/tcp'
import { FrontEndEntry } from './connection-table'
import { ProxyArchitecture } from './front-end'
import { HandoffFrontEnd } from './handoff-frontend'

/** The handoff protocol's port (front-end and back-end kernel modules). */
const HANDOFF_PORT = 8849
/** A handoff acknowledgement or move notice: a header and one connection record per connection. */
const NOTICE_HEADER = 8
const NOTICE_CONN = 36

type HandoffMessage =
  /** Front-end -> back-end: an established connection and its TCB. */
  | { kind: 'handoff'; process: Process; conn: TcpConnection; entry: FrontEndEntry }
  /** Back-end -> front-end: the connection now lives here. */
  | { kind: 'ack'; entry: FrontEndEntry; real: Address }
  /** New host -> front-end: the process and all its connections moved here. */
  | { kind: 'moved'; process: Process; real: Address; move: MigrationRecord }

export class HandoffProxy extends ProxyArchitecture {
  readonly variant = 'handoff'
  private agent!: HandoffFrontEnd

  protected installFrontEnd(): void {
    this.agent = new HandoffFrontEnd(this.director, this.vipNetwork)
    this.director.interceptors.push(this.agent)
    for (const p of this.world.processes.values()) this.agent.location.set(p, p.host.address)
    this.controlPort<HandoffMessage>(this.director, HANDOFF_PORT, (msg) => {
      if (msg.kind === 'ack') this.agent.handedOff(msg.entry, msg.real)
      else if (msg.kind === 'moved') {
        this.agent.repoint(msg.process, msg.real)
        this.namingUpdated(msg.move)
      }
    })
    for (const h of this.world.clusterHosts()) {
      this.controlPort<HandoffMessage>(h, HANDOFF_PORT, (msg, at) => {
        if (msg.kind === 'handoff') this.adopt(msg.process, msg.conn, msg.entry, at)
      })
    }
  }

  protected frontEndCrashed(): void {
    this.agent.table.clear(this.world.net, this.director.name)
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.world.stack(this.director).listen(port, (c) => this.handOff(p, c), this.vips.get(p)!)
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    // The process speaks from its virtual IP; the peer's answers reach the front-end, which
    // forwards them like those of any handed-off connection.
    const vip = this.vips.get(p)!
    if (!p.host.owns(vip)) p.host.addAddress(vip, null)
    const c = this.own(p, this.world.stack(p.host).connect(peer.address, port, app, { localAddr: vip }))
    this.agent.table.add(new FrontEndEntry(peer.address, port, vip, c.localPort, p.host.address, c.localPort, p))
  }

  /** The front-end completed a handshake: freeze the TCB and send it to the process's back-end. */
  private handOff(p: Process, c: TcpConnection): void {
    c.freeze()
    const entry = new FrontEndEntry(c.remoteAddr, c.remotePort, c.localAddr, c.localPort, NO_ADDRESS, c.localPort, p)
    this.agent.table.add(entry)
    const to = this.world.net.ownerOf(this.agent.location.get(p)!)!
    this.send(this.director, to, TCB_BYTES, { kind: 'handoff', process: p, conn: c, entry }, 'tcp-handoff')
  }

  /** A handed-off TCB arrived at `at`: install it there (or pass it on if the process moved away). */
  private adopt(p: Process, c: TcpConnection, entry: FrontEndEntry, at: Node): void {
    if (p.host !== at) {
      this.send(at, p.host, TCB_BYTES, { kind: 'handoff', process: p, conn: c, entry }, 'tcp-handoff')
      return
    }
    const vip = this.vips.get(p)!
    if (!at.owns(vip)) at.addAddress(vip, null)
    c.moveTo(this.world.stack(at), vip)
    this.own(p, c)
    c.thaw()
    p.servers.find((s) => s.port === c.localPort)?.onAccept(c)
    this.send(
      at,
      this.director,
      NOTICE_HEADER + NOTICE_CONN,
      { kind: 'ack', entry, real: at.address },
      'tcp-handoff-ack',
    )
  }

  protected moved(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    this.moveConnections(p, to)
    this.moveAddress(this.vips.get(p)!, from, to)
    const bytes = NOTICE_HEADER + NOTICE_CONN * Math.max(1, p.connections.size)
    this.datagram(to, this.director, HANDOFF_PORT, bytes, {
      kind: 'moved',
      process: p,
      real: to.address,
      move: m,
    } satisfies HandoffMessage)
    this.signal('tcp-handoff-move', to, this.director, bytes, m)
  }

  private send(from: Node, to: Node, bytes: number, msg: HandoffMessage, what: string): void {
    this.datagram(from, to, HANDOFF_PORT, bytes, msg)
    this.signal(what, from, to, bytes, null)
  }
}

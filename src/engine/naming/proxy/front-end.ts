// What the three cluster front-ends of MODELS.md §2 k1–k3 share: one front-end node (the
// scenario's `agents.director`, by default the cluster's gateway) owns a virtual IP per process —
// the address DNS publishes for the process's name — so remote peers never see where the process
// runs. The front-end is on every packet's path for the life of every connection: a permanent,
// stateful residual dependency. If it crashes its connection state is lost (soft state), and the
// connections through it break. The variants differ in what the front-end does with a connection
// and what a move must tell it; each is a subclass.

import type { Address } from '../../net/address'
import type { Node } from '../../net/node'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { StreamApp } from '../../transport/stream'
import type { UdpSocket } from '../../transport/udp'
import { ArchitectureRefusal, NamingArchitecture } from '../architecture'
import { connectByName } from '../connect-by-name'
import { Residual } from '../residual'

export type ProxyVariant = 'nat' | 'handoff' | 'splice'

export abstract class ProxyArchitecture extends NamingArchitecture {
  readonly id = 'proxy'
  abstract readonly variant: ProxyVariant
  /** The front-end node: NAT director, handoff front-end or splicing proxy. */
  protected director!: Node
  /** The virtual network of service addresses, announced by the front-end. */
  protected vipNetwork = -1
  protected readonly vips = new Map<Process, Address>()
  /** Which process each virtual IP stands for. */
  protected readonly owners = new Map<Address, Process>()
  private readonly dependence = new Map<Process, Residual>()
  private readonly sockets = new Map<Node, UdpSocket>()

  override install(): void {
    this.director = this.world.agentNode('director', () => {
      const first = [...this.world.processes.values()][0]
      const gw = first && this.world.gatewayOf(first.host)
      if (!gw) {
        throw new ArchitectureRefusal(
          "proxy needs a front-end node: the first process's host has no LAN gateway, so name one in agents.director",
        )
      }
      return gw
    })
    const net = this.world.net
    const vipNet = net.addVirtualNetwork('proxy:vips', this.director)
    this.vipNetwork = vipNet.index
    net.ensureRoutes()
    for (const p of this.world.processes.values()) {
      const vip = vipNet.allocate()
      this.director.addAddress(vip, null)
      this.vips.set(p, vip)
      this.owners.set(vip, p)
      this.world.register(p.name, vip, 0)
    }
    net.nodeObservers.push((n, up) => {
      if (n === this.director && !up) this.frontEndCrashed()
    })
    this.installFrontEnd()
  }

  /** Installs the variant's agent on the front-end node. */
  protected abstract installFrontEnd(): void

  /** The front-end node failed: its connection state is gone. */
  protected abstract frontEndCrashed(): void

  /** The variant's part of a move (after the common bookkeeping). */
  protected abstract moved(p: Process, from: Node, to: Node, m: MigrationRecord): void

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    connectByName(this.world, client, p.name, port, app)
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    let dep = this.dependence.get(p)
    if (!dep) {
      dep = new Residual(this.world, p.name, `front-end (${this.variant})`)
      this.dependence.set(p, dep)
    }
    dep.hold(this.director, m)
    this.moved(p, from, to, m)
  }

  /** Sends a control datagram of `bytes` payload from `from` to `port` on `to`. */
  protected datagram(from: Node, to: Node, port: number, bytes: number, msg: unknown): void {
    let s = this.sockets.get(from)
    if (!s) {
      s = this.world.stack(from).udpSocket()
      this.sockets.set(from, s)
    }
    s.sendTo(to.address, port, bytes, msg)
  }

  /** Opens a control port on `node` whose messages go to `handle`. */
  protected controlPort<M>(node: Node, port: number, handle: (msg: M, at: Node) => void): void {
    this.world.stack(node).udpSocket(port).onReceive = (_s, pkt) => handle(pkt.msg as M, node)
  }
}

// What Mobile IPv4 and Mobile IPv6 share as naming architectures for migrating processes: each
// migratable process is a mobile node with its own home address, allocated from the prefix of its
// home machine's LAN (the home link) and published in DNS; its sockets are bound to it wherever it
// runs, and its transport control blocks move with it. On its home machine the address is an
// ordinary interface address (answered in ARP). Anywhere else it is a virtual address of the host,
// whose own address serves as co-located care-of address, and the mobile node registers it with
// the home agent, which captures the home address and tunnels to the care-of address. Back on its
// home machine it announces itself with a gratuitous ARP and deregisters.
//
// The home agent is a residual dependency for as long as the process is away (permanent unless it
// goes home); if its node fails, the bindings go with it and the packets for the home addresses
// are no longer delivered, so connections that depend on it time out.

import type { Address } from '../../net/address'
import type { Node } from '../../net/node'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { Stream, StreamApp } from '../../transport/stream'
import type { TcpConnection } from '../../transport/tcp'
import { NamingArchitecture } from '../architecture'
import { CLOSED_STREAM } from '../closed-stream'
import { Residual } from '../residual'
import { HomeAgent } from './home-agent'
import { type HomeLink, homeLink } from './home-link'
import { MobileHost, type MobilityClient } from './mobile-host'
import { MobilityDemux } from './mobility-demux'
import { GRATUITOUS_ARP_BYTES } from './registration'
import { broadcast } from './signal'

/** The home address never changes, so its DNS record can be cached long (an hour). */
const NAME_TTL = 3600e9

/** A mobile node as the architecture drives it. */
export interface MobileNode extends MobilityClient {
  /** The process now runs away from home on `host`. */
  leave(host: MobileHost, m: MigrationRecord | null): void
  /** The process is back on its home machine. */
  returnHome(host: MobileHost, m: MigrationRecord | null): void
  /** The process died. */
  stop(): void
}

interface ProcessMobility<MN> {
  mn: MN
  hoa: Address
  link: HomeLink
  agent: HomeAgent
  residual: Residual
}

export abstract class MobileIp<MN extends MobileNode> extends NamingArchitecture {
  /** Whether the architecture runs over IPv6 (40-byte headers, IPv6 tunnels). */
  protected abstract readonly v6: boolean
  /** The UDP port of the hosts' mobility layer (0: ephemeral). */
  protected abstract readonly mobilityPort: number
  /** Kinds of the signalling messages addressed to mobile nodes. */
  protected abstract readonly mobileNodeMessages: readonly string[]
  private readonly mobility = new Map<Process, ProcessMobility<MN>>()
  private readonly agents = new Map<Node, HomeAgent>()
  private readonly hosts = new Map<Node, MobileHost>()

  /** Starts the home agent's registration service. */
  protected abstract serveRegistrations(agent: HomeAgent): void
  protected abstract createMobileNode(p: Process, hoa: Address, agent: HomeAgent): MN
  /** A connection of `p` was established (with the peer at its remote address). */
  protected connected(_p: Process, _mn: MN, _c: TcpConnection): void {}
  /** A host's mobility layer was just created. */
  protected hostCreated(_h: MobileHost): void {}

  override install(): void {
    for (const p of this.world.processes.values()) {
      const link = homeLink(this.world, p, this.id)
      const agent = this.agentOn(link)
      const hoa = link.network.allocate()
      p.addresses.push(hoa)
      agent.served.add(hoa)
      const mn = this.createMobileNode(p, hoa, agent)
      this.mobility.set(p, { mn, hoa, link, agent, residual: new Residual(this.world, p.name, 'home agent') })
      this.world.register(p.name, hoa, NAME_TTL)
      this.place(p, p.host, null, false)
      p.observers.push({ died: () => mn.stop() })
    }
  }

  /** The mobile node of `p` (tests and subclasses). */
  mobileNode(p: Process): MN {
    return this.state(p).mn
  }

  /** The home address of `p`. */
  homeAddress(p: Process): Address {
    return this.state(p).hoa
  }

  /** The home agent serving `p`. */
  homeAgent(p: Process): HomeAgent {
    return this.state(p).agent
  }

  private state(p: Process): ProcessMobility<MN> {
    const s = this.mobility.get(p)
    if (!s) throw new Error(`${this.id}: process "${p.name}" has no home address`)
    return s
  }

  private agentOn(link: HomeLink): HomeAgent {
    let a = this.agents.get(link.agent)
    if (!a) {
      a = new HomeAgent(this.world, link.agent, link.agentIface, this.v6)
      this.agents.set(link.agent, a)
      this.serveRegistrations(a)
    }
    return a
  }

  protected mobileHost(node: Node): MobileHost {
    let h = this.hosts.get(node)
    if (!h) {
      const demux = MobilityDemux.on(this.world, node, this.mobilityPort)
      const host = new MobileHost(node, demux.port)
      for (const k of this.mobileNodeMessages) demux.handle(k, (msg, pkt) => host.deliver(msg, pkt))
      this.hosts.set(node, host)
      this.hostCreated(host)
      h = host
    }
    return h
  }

  /** Gives the home address to `host` and tells the mobile node where it is. */
  private place(p: Process, host: Node, m: MigrationRecord | null, moved: boolean): void {
    const s = this.state(p)
    const mh = this.mobileHost(host)
    mh.attach(s.mn)
    if (host === p.home) {
      host.addAddress(s.hoa, s.link.homeIface)
      s.residual.release()
      if (!moved) return
      // RFC 5944 §4.6 / RFC 6275 §11.5.5: back on the home link, announce the home address.
      s.link.homeIface.lan?.gratuitousArp(s.link.homeIface, s.hoa)
      this.signal('gratuitous-arp', host, broadcast(s.link.homeIface.lan?.name), GRATUITOUS_ARP_BYTES, m)
      s.mn.returnHome(mh, m)
      return
    }
    host.addAddress(s.hoa, null)
    s.mn.leave(mh, m)
    s.residual.hold(s.agent.node, m)
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    const s = this.state(p)
    const accept = (c: Stream) => {
      this.connected(p, s.mn, c as TcpConnection)
      onAccept(c)
    }
    p.servers.push({ port, onAccept: accept })
    this.listenFor(p, p.host, port, s.hoa, accept)
  }

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    this.world.resolver(client).resolve(p.name, (record) => {
      if (!record) {
        app.onTimeout?.(CLOSED_STREAM)
        return
      }
      this.world.stack(client).connect(record.addr, port, app, { v6: this.v6 })
    })
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    const s = this.state(p)
    const wrapped: StreamApp = {
      ...app,
      onConnected: (c) => {
        this.connected(p, s.mn, c as TcpConnection)
        app.onConnected?.(c)
      },
    }
    this.own(p, this.world.stack(p.host).connect(peer.address, port, wrapped, { localAddr: s.hoa, v6: this.v6 }))
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    if (from === to) return // an abandoned move: nothing was moved
    const s = this.state(p)
    this.moveConnections(p, to)
    this.moveListeners(p, from, to, s.hoa)
    from.removeAddress(s.hoa)
    this.mobileHost(from).detach(s.mn)
    this.place(p, to, m, true)
  }
}

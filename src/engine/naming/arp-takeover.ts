// (k4) LAN address takeover (MODELS.md §2 k4): each migratable process owns an IP address of its
// cluster LAN, and its connections and services are bound to it. After a move the new host raises
// the address on its LAN interface and announces it with a gratuitous ARP; neighbours that cache
// the address (the gateway, other hosts) point it at the new host's MAC within one broadcast. The
// old host drops the address. Nothing outside the LAN changes, no agent is involved and nothing
// remains behind (no residual dependency), but:
//   - the address belongs to one broadcast domain, so a move to a host on another network is
//     refused (a failed run says why);
//   - it is pure network-layer re-routing: segments sent toward the process during the freeze are
//     lost, and the peer's TCP resumes only at its next retransmission (MODELS.md §1.3).

import { type Address, networkOf } from '../net/address'
import type { Interface, Node } from '../net/node'
import { ARP_PAYLOAD } from '../net/packet'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { Stream, StreamApp } from '../transport/stream'
import { ArchitectureRefusal, NamingArchitecture } from './architecture'
import { connectByName } from './connect-by-name'

export class ArpTakeover extends NamingArchitecture {
  readonly id = 'arp-takeover'
  /** Each migratable process's own LAN address. */
  private readonly owned = new Map<Process, Address>()

  override install(): void {
    for (const p of this.world.processes.values()) {
      if (p.migratable) {
        const iface = this.lanInterface(p, p.host)
        const addr = this.world.net.networks[iface.network].allocate()
        p.host.addAddress(addr, iface)
        p.addresses.push(addr)
        this.owned.set(p, addr)
      }
      this.world.register(p.name, this.addressOf(p), 0)
    }
  }

  /** The process's own address, or its host's for a process that never moves. */
  private addressOf(p: Process): Address {
    return this.owned.get(p) ?? p.host.address
  }

  private lanInterface(p: Process, host: Node): Interface {
    const iface = host.ifaces.find((i) => i.kind === 'lan')
    if (!iface) {
      throw new ArchitectureRefusal(
        `arp-takeover gives process "${p.name}" an address on its host's LAN, but "${host.name}" is not attached to a LAN`,
      )
    }
    return iface
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.listenFor(p, p.host, port, this.addressOf(p), onAccept)
  }

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    connectByName(this.world, client, p.name, port, app)
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    this.own(p, this.world.stack(p.host).connect(peer.address, port, app, { localAddr: this.addressOf(p) }))
  }

  override onFreeze(p: Process, m: MigrationRecord): void {
    // The earliest point a move is known to the architecture: refuse one that leaves the broadcast
    // domain before anything is torn down.
    const addr = this.owned.get(p)!
    const network = this.world.net.networks[networkOf(addr)]
    const to = this.world.node(m.to)
    if (to.ifaceOn(network.index) === undefined) {
      throw new ArchitectureRefusal(
        `arp-takeover cannot move process "${p.name}" from ${m.from} to ${m.to}: its address ` +
          `${this.world.net.fmt(addr)} belongs to LAN "${network.name}", and ${m.to} is not attached to it ` +
          '(an address can be taken over only inside one broadcast domain)',
      )
    }
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    const addr = this.owned.get(p)!
    const iface = to.ifaceOn(networkOf(addr))!
    from.removeAddress(addr)
    to.addAddress(addr, iface)
    this.moveConnections(p, to)
    this.moveListeners(p, from, to, addr)
    iface.lan!.gratuitousArp(iface, addr)
    this.signal('gratuitous-arp', to, `${iface.lan!.name} (broadcast)`, ARP_PAYLOAD, m)
    // One unacknowledged broadcast: the update is complete as it is sent.
    this.namingUpdated(m)
  }
}

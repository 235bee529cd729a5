// (l) SCTP multihoming with dynamic address reconfiguration (MODELS.md §2l; RFC 9260, RFC 5061,
// RFC 4895). Applications speak SCTP; an association spans the address sets of both ends, so a
// process that moves keeps its associations by telling each peer about its new address.
//
//   After the move (the mechanism carried the association state as kernel state): ASCONF(Add IP_B,
//   Set Primary IP_B) from IP_B → ASCONF-ACK (1 RTT) → the peer confirms IP_B by HEARTBEAT before
//   sending DATA there (≈ 1 RTT) → ASCONF(Delete IP_A). Outage ≈ F + 2 RTT, or a T3-rtx expiry
//   (RTO.Min 1 s) for data the peer sent toward IP_A. The old host's kernel knows the association
//   left and discards its packets silently (a tombstone) rather than aborting it as an
//   out-of-the-blue packet (§8.4). No agent, no residual dependency; the name is re-registered in
//   DNS for new associations. Remote peers need SCTP with ADD-IP: legacy (TCP-only) peers are refused.

import type { Node } from '../net/node'
import { type Process, TCB_BYTES } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { SctpAssociation } from '../transport/sctp/association'
import type { SctpConfig } from '../transport/sctp/config'
import { SctpStack } from '../transport/sctp/stack'
import type { Stream, StreamApp } from '../transport/stream'
import { NamingArchitecture } from './architecture'
import { CLOSED_STREAM } from './closed-stream'
import { sctpConfig } from './sctp/options'

/** DNS dynamic update message size (RFC 2136, with a TSIG signature), as the other architectures. */
const UPDATE_BYTES = 120
/** Kernel bytes of an association besides a TCP-sized control block: per destination address. */
const PATH_BYTES = 256

interface ProcessSctp {
  associations: Set<SctpAssociation>
  lastMove: MigrationRecord | null
}

export class SctpArchitecture extends NamingArchitecture {
  readonly id = 'sctp'
  private readonly config: SctpConfig
  private readonly procs = new Map<Process, ProcessSctp>()

  constructor(world: ConstructorParameters<typeof NamingArchitecture>[0], options: Record<string, unknown>) {
    super(world, options)
    this.config = sctpConfig(options)
  }

  override refusePeer(peer: Node): string | null {
    if (!peer.legacy) return null
    return `${peer.name} is a legacy (TCP-only) peer; SCTP needs SCTP with dynamic address reconfiguration (ADD-IP) at both ends`
  }

  override install(): void {
    for (const p of this.world.processes.values()) {
      this.world.register(p.name, p.host.address, 0)
      this.procs.set(p, { associations: new Set(), lastMove: null })
      p.observers.push({
        died: () => {
          for (const a of this.state(p).associations) a.terminate()
        },
      })
    }
  }

  private state(p: Process): ProcessSctp {
    const s = this.procs.get(p)
    if (!s) throw new Error(`sctp: process "${p.name}" was not installed`)
    return s
  }

  private sctp(node: Node): SctpStack {
    return SctpStack.of(this.world.stack(node), this.config)
  }

  /** The association is kernel state of the process (it moves with it), and its signalling is counted. */
  private adopt(p: Process, a: SctpAssociation): SctpAssociation {
    this.state(p).associations.add(a)
    this.watch(a, p)
    return a
  }

  /**
   * ASCONF, ASCONF-ACK and confirming HEARTBEATs, accounted as this architecture's signalling; the
   * peer's confirmation of the process's new address completes the move's naming update (from
   * then on the peer sends there).
   */
  private watch(a: SctpAssociation, p: Process): void {
    a.events = {
      controlChunk: (assoc, what, bytes, dst) => {
        const to = this.world.net.ownerOf(dst) ?? assoc.stack.node
        this.signal(what, assoc.stack.node, to, bytes, this.state(p).lastMove)
      },
      pathConfirmed: (_a, path) => {
        const m = this.state(p).lastMove
        if (m !== null && p.host.owns(path.addr)) this.namingUpdated(m)
      },
    }
  }

  /** The process whose host owns `addr`, if any. */
  private processAt(addr: number): Process | undefined {
    for (const p of this.procs.keys()) if (p.host.owns(addr)) return p
    return undefined
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.listenOn(p, p.host, port, onAccept)
  }

  private listenOn(p: Process, host: Node, port: number, onAccept: (s: Stream) => void): void {
    this.sctp(host).listen(port, (a) => onAccept(this.adopt(p, a)))
  }

  connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void {
    this.world.resolver(client).resolve(p.name, (record) => {
      if (!record) {
        app.onTimeout?.(CLOSED_STREAM)
        return
      }
      this.watch(this.sctp(client).connect([record.addr], port, app), p)
    })
  }

  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    // The peer's every address: a multihomed peer is reachable on each (its first is primary).
    this.adopt(p, this.sctp(p.host).connect(this.sctp(peer).localAddresses(), port, app))
  }

  override listenAtPeer(peer: Node, port: number, onAccept: (s: Stream) => void): void {
    this.sctp(peer).listen(port, (a) => {
      const p = this.processAt(a.primary.addr)
      if (p) this.watch(a, p)
      onAccept(a)
    })
  }

  override onFreeze(p: Process): void {
    for (const a of this.live(p)) a.freeze()
  }

  override extraStateBytes(p: Process): number {
    let bytes = 0
    for (const a of this.live(p)) bytes += TCB_BYTES + PATH_BYTES * a.paths.length
    return bytes
  }

  onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void {
    const st = this.state(p)
    st.lastMove = m
    for (const s of p.servers) {
      this.sctp(from).unlisten(s.port)
      this.listenOn(p, to, s.port, s.onAccept)
    }
    const target = this.sctp(to)
    const addrs = target.localAddresses()
    for (const a of this.live(p)) {
      a.moveTo(target)
      this.sctp(from).tombstone(a.localTag)
      a.reconfigure(addrs)
    }
    // New associations find the process where it now runs.
    this.signal('dns-update', to, this.world.dnsNode(), UPDATE_BYTES, m)
    this.world.resolver(to).update(p.name, { addr: to.address, ttl: 0 })
    for (const a of this.live(p)) a.thaw()
  }

  private live(p: Process): SctpAssociation[] {
    const st = this.state(p)
    for (const a of st.associations) if (a.closed) st.associations.delete(a)
    return [...st.associations]
  }
}

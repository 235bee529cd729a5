// The one interface every naming architecture implements (DESIGN.md "Contracts"): which agents it
// installs where, how a remote peer turns the name of a process into something it can connect to,
// how a process connects out, what happens around a move (freeze, state to carry, signalling at
// resume), and its static intrusiveness profile.

import type { Address } from '../net/address'
import type { Node } from '../net/node'
import type { Process } from '../proc/process'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import type { Stream, StreamApp } from '../transport/stream'
import type { TcpConnection } from '../transport/tcp'
import { type IntrusivenessProfile, PROFILES } from './profiles'

/** Thrown when an architecture cannot serve a configuration (e.g. HIP toward a legacy peer). */
export class ArchitectureRefusal extends Error {
  override name = 'ArchitectureRefusal'
}

export abstract class NamingArchitecture {
  abstract readonly id: string

  constructor(
    protected readonly world: World,
    protected readonly options: Record<string, unknown>,
  ) {}

  get profile(): IntrusivenessProfile {
    return PROFILES[this.id]
  }

  /** Installs agents and per-process state; called after processes exist, before workloads start. */
  install(): void {}

  /** Why this architecture cannot serve `peer` (a legacy stack, say), or null if it can. */
  refusePeer(_peer: Node): string | null {
    return null
  }

  /** The process offers a service on `port`; remote clients connect to it by the process's name. */
  abstract listen(p: Process, port: number, onAccept: (s: Stream) => void): void

  /**
   * A remote node opens a connection to process `p`'s service on `port`. The stream reaches the
   * application through `app.onConnected`; a failure through `onReset` or `onTimeout`.
   */
  abstract connectToProcess(client: Node, p: Process, port: number, app: StreamApp): void

  /** Process `p` opens a connection to `port` on the remote node `peer` (delivered as above). */
  abstract connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void

  /**
   * A remote node offers a service on `port` that processes reach with connectFromProcess. Kernel
   * TCP by default; architectures whose processes speak another transport (QUIC, SCTP) listen
   * with it, so the remote end of such a connection is the same protocol.
   */
  listenAtPeer(peer: Node, port: number, onAccept: (s: Stream) => void): void {
    this.world.stack(peer).listen(port, onAccept)
  }

  /** The process is frozen for a move (its TCBs are already frozen). */
  onFreeze(_p: Process, _m: MigrationRecord): void {}

  /** Architecture state that moves with the process (bindings, security associations), in bytes. */
  extraStateBytes(_p: Process): number {
    return 0
  }

  /** The process resumed on `to`: move or rebind its endpoints and signal whoever must know. */
  abstract onResume(p: Process, from: Node, to: Node, m: MigrationRecord): void

  // ---- helpers shared by the architectures ---------------------------------------------------

  /**
   * Counts a signalling message of this architecture (and marks it on the timeline). `to` is a
   * node, or a label for a broadcast (a gratuitous ARP reaches a whole LAN).
   */
  protected signal(what: string, from: Node, to: Node | string, bytes: number, m: MigrationRecord | null): void {
    const rec = this.world.recorder
    const toName = typeof to === 'string' ? to : to.name
    rec.controlMessage({ t: this.world.now, what, from: from.name, to: toName, bytes, migration: m ? m.id : -1 })
    if (m) {
      m.controlMessages++
      m.controlBytes += bytes
    }
    rec.point(
      rec.lane(`agent:${this.id}`, 'agent', this.id),
      this.world.now,
      'control',
      `${what} ${from.name}→${toName}`,
    )
  }

  /** Marks the naming update of a move complete (the first call counts). */
  protected namingUpdated(m: MigrationRecord): void {
    if (m.namingUpdatedAt === null) m.namingUpdatedAt = this.world.now
  }

  /** Registers a kernel TCP connection as part of the process's state (it moves with it). */
  protected own(p: Process, c: TcpConnection): TcpConnection {
    p.connections.add(c)
    return c
  }

  /**
   * Moves the process's TCBs to the stack of `to` (the migration carried them as kernel state),
   * keeping each connection's local address unless `localAddr` gives a new one.
   */
  protected moveConnections(p: Process, to: Node, localAddr?: (c: TcpConnection) => Address): void {
    p.pruneConnections()
    const stack = this.world.stack(to)
    for (const c of p.connections) c.moveTo(stack, localAddr ? localAddr(c) : c.localAddr)
  }

  /** Listens for the process's services on `host`, bound to `addr` (NO_ADDRESS: any of the host's). */
  protected listenFor(p: Process, host: Node, port: number, addr: Address, onAccept: (s: Stream) => void): void {
    this.world.stack(host).listen(
      port,
      (c) => {
        this.own(p, c)
        onAccept(c)
      },
      addr,
    )
  }

  /** Moves the process's listening sockets from one host to another, bound to `addr`. */
  protected moveListeners(p: Process, from: Node, to: Node, addr: Address): void {
    for (const s of p.servers) {
      this.world.stack(from).unlistenPort(s.port)
      this.listenFor(p, to, s.port, addr, s.onAccept)
    }
  }

  /** Moves a per-process (virtual) address from one host to another. */
  protected moveAddress(addr: Address, from: Node, to: Node): void {
    if (from.owns(addr)) from.removeAddress(addr)
    to.addAddress(addr, null)
  }
}

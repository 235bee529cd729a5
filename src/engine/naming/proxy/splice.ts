// The splicing-proxy variant of the cluster front-end (MODELS.md §2 k3). The client's transport
// endpoint is anchored at the proxy; the process is reached over the LAN. Its LAN connections are
// not migrated: the old host closes them as the process leaves (the proxy sees a reset and starts
// buffering), the process listens again on its new host, which tells the proxy where it is, and the
// proxy reconnects and resumes every session (outage ≈ F + one LAN reconnection).

import type { Node } from '../../net/node'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { Stream, StreamApp } from '../../transport/stream'
import type { TcpConnection } from '../../transport/tcp'
import { ArchitectureRefusal } from '../architecture'
import { ProxyArchitecture } from './front-end'
import { SplicedStream } from './spliced-stream'
import { RESUME_BYTES, SpliceResume, SplicingProxy } from './splicing-proxy'

/** The relocation notice's port and size (process id and new host address). */
const RELOCATE_PORT = 8850
const RELOCATE_BYTES = 16

interface Relocate {
  process: Process
  host: Node
  move: MigrationRecord
}

export class SpliceProxy extends ProxyArchitecture {
  readonly variant = 'splice'
  private agent!: SplicingProxy
  /** Each process's ends of its sessions, by session id (application state: it moves with the process). */
  private readonly ends = new Map<Process, Map<number, SplicedStream>>()
  /** Each process's LAN connections from the proxy (kernel state of its host: it stays there). */
  private readonly lans = new Map<Process, Set<TcpConnection>>()

  protected installFrontEnd(): void {
    this.agent = new SplicingProxy(this.world, this.director, {
      resume: (s, from, to) => this.signal('splice-resume', from, to, RESUME_BYTES, s.move),
      // Relaying again after a move: the first session resumed completes the update.
      resumed: (s) => {
        if (s.move) this.namingUpdated(s.move)
      },
    })
    for (const p of this.world.processes.values()) {
      this.agent.location.set(p, p.host)
      this.ends.set(p, new Map())
      this.lans.set(p, new Set())
    }
    this.controlPort<Relocate>(this.director, RELOCATE_PORT, (msg) =>
      this.agent.relocate(msg.process, msg.host, msg.move),
    )
  }

  protected frontEndCrashed(): void {
    this.agent.crash()
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.world.stack(this.director).listen(port, (c) => this.agent.accept(p, port, c), this.vips.get(p)!)
    this.listenOnLan(p, p.host, port)
  }

  connectFromProcess(p: Process, _peer: Node, _port: number, _app: StreamApp): void {
    throw new ArchitectureRefusal(
      `proxy (splice) cannot open connections from process "${p.name}": a splicing proxy relays only connections ` +
        'clients open to the process (use variant "nat" or "handoff")',
    )
  }

  /** The process's service on its host's LAN address, where the proxy's LAN legs arrive. */
  private listenOnLan(p: Process, host: Node, port: number): void {
    this.world.stack(host).listen(port, (c) => this.lanAccepted(p, port, c), host.address)
  }

  private lanAccepted(p: Process, port: number, c: TcpConnection): void {
    const lans = this.lans.get(p)!
    lans.add(c)
    let end: SplicedStream | null = null
    c.app = {
      onMessage: (_c, tag, bytes) => {
        if (!(tag instanceof SpliceResume)) {
          end?.deliver(tag, bytes)
          return
        }
        const ends = this.ends.get(p)!
        let e = ends.get(tag.session)
        const fresh = e === undefined
        if (e === undefined) {
          const session = this.agent.sessions.get(tag.session)!
          e = new SplicedStream(tag.session, (offset) => session.toProcess.bornAt(offset))
          ends.set(tag.session, e)
        }
        end = e
        c.send(RESUME_BYTES, new SpliceResume(tag.session, e.received))
        this.signal(
          'splice-resume',
          p.host,
          this.director,
          RESUME_BYTES,
          this.agent.sessions.get(tag.session)?.move ?? null,
        )
        e.attach(c, tag.received, RESUME_BYTES)
        if (fresh) p.servers.find((s) => s.port === port)?.onAccept(e)
      },
      onPeerClosed: () => end?.peerClosed(),
      onReset: () => this.lanGone(p, c, end),
      onTimeout: () => this.lanGone(p, c, end),
      onClosed: () => this.lanGone(p, c, end),
    }
  }

  private lanGone(p: Process, c: TcpConnection, end: SplicedStream | null): void {
    this.lans.get(p)!.delete(c)
    end?.detach()
  }

  override onFreeze(p: Process): void {
    // The host closes the process's LAN connections as it leaves (they are not migrated) and stops
    // accepting new ones for it; the proxy buffers until it hears where the process went.
    const lans = this.lans.get(p)!
    for (const c of [...lans]) c.abort()
    lans.clear()
    for (const e of this.ends.get(p)!.values()) e.detach()
    for (const s of p.servers) this.world.stack(p.host).unlistenPort(s.port)
  }

  protected moved(p: Process, _from: Node, to: Node, m: MigrationRecord): void {
    for (const s of p.servers) this.listenOnLan(p, to, s.port)
    this.datagram(to, this.director, RELOCATE_PORT, RELOCATE_BYTES, {
      process: p,
      host: to,
      move: m,
    } satisfies Relocate)
    this.signal('splice-relocate', to, this.director, RELOCATE_BYTES, m)
  }
}

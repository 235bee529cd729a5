// The splicing-proxy variant of the cluster front-end (MODELS.md §2 k3). The client's transport
// endpoint is anchored at the proxy; the process is reached over the LAN. Its LAN connections are
// not migrated: the old host closes them as the process leaves (the proxy sees a reset and starts
// buffering), the process listens again on its new host, which tells the proxy where it is, and the
// proxy reconnects and resumes every session (outage ≈ F + one LAN reconnection). Connections the
// process opens go through the proxy too: its library asks the proxy to open them from the
// process's virtual IP, and they are relayed and resumed the same way.

import type { Address } from '../../net/address'
import type { Node } from '../../net/node'
import type { Process } from '../../proc/process'
import type { MigrationRecord } from '../../run/result'
import type { Stream, StreamApp } from '../../transport/stream'
import type { TcpConnection } from '../../transport/tcp'
import { ProxyArchitecture } from './front-end'
import { SplicedStream } from './spliced-stream'
import { RESUME_BYTES, SpliceResume, SplicingProxy } from './splicing-proxy'

/** The relocation notice's port and size (process id and new host address). */
const RELOCATE_PORT = 8850
const RELOCATE_BYTES = 16
/** The port of the process library's requests to the proxy (open a connection) and its answers. */
const LIBRARY_PORT = 8851
/** An open request: session id, peer address and port; a refusal: session id and reason. */
const OPEN_BYTES = 16
/** Where the LAN legs of connections a process opened arrive on its host (one port for all its sessions). */
const SESSIONS_PORT = 8852

interface Relocate {
  process: Process
  host: Node
  move: MigrationRecord
}

type LibraryMessage =
  | { kind: 'open'; session: number; process: Process; peer: Address; port: number }
  | { kind: 'refused'; session: number; process: Process; why: 'reset' | 'timeout' }

export class SpliceProxy extends ProxyArchitecture {
  readonly variant = 'splice'
  private agent!: SplicingProxy
  /** Each process's ends of its sessions, by session id (application state: it moves with the process). */
  private readonly ends = new Map<Process, Map<number, SplicedStream>>()
  /** Which process each session belongs to. */
  private readonly sessionOwners = new Map<number, Process>()
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
    this.controlPort<LibraryMessage>(this.director, LIBRARY_PORT, (msg) => {
      if (msg.kind !== 'open') return
      const p = msg.process
      this.agent.open(msg.session, p, msg.peer, msg.port, this.vips.get(p)!, SESSIONS_PORT, (why) => {
        const at = this.agent.location.get(p)!
        const refused: LibraryMessage = { kind: 'refused', session: msg.session, process: p, why }
        this.datagram(this.director, at, LIBRARY_PORT, OPEN_BYTES, refused)
        this.signal('splice-refused', this.director, at, OPEN_BYTES, null)
      })
    })
    for (const h of this.world.clusterHosts()) {
      this.world.stack(h).listen(SESSIONS_PORT, (c) => this.lanAccepted(null, SESSIONS_PORT, c), h.address)
      this.controlPort<LibraryMessage>(h, LIBRARY_PORT, (msg) => {
        if (msg.kind === 'refused') this.ends.get(msg.process)!.get(msg.session)?.reset(msg.why)
      })
    }
  }

  protected frontEndCrashed(): void {
    this.agent.crash()
  }

  listen(p: Process, port: number, onAccept: (s: Stream) => void): void {
    p.servers.push({ port, onAccept })
    this.world.stack(this.director).listen(port, (c) => this.agent.accept(p, port, c), this.vips.get(p)!)
    this.listenOnLan(p, p.host, port)
  }

  /**
   * The process's library asks the proxy to open the connection from the process's virtual IP;
   * the session's LAN leg then arrives like those of accepted ones, and the application sees the
   * connection open.
   */
  connectFromProcess(p: Process, peer: Node, port: number, app: StreamApp): void {
    const id = this.agent.newSession()
    const end = this.endOf(p, id)
    end.app = app
    const msg: LibraryMessage = { kind: 'open', session: id, process: p, peer: peer.address, port }
    this.datagram(p.host, this.director, LIBRARY_PORT, OPEN_BYTES, msg)
    this.signal('splice-open', p.host, this.director, OPEN_BYTES, null)
  }

  /** The process's end of session `id`, created on first use. */
  private endOf(p: Process, id: number): SplicedStream {
    const ends = this.ends.get(p)!
    let e = ends.get(id)
    if (e === undefined) {
      // The client's data keeps its send time across the splice (for one-way delays).
      e = new SplicedStream(id, (offset) => this.agent.sessions.get(id)?.toProcess.bornAt(offset) ?? -1)
      ends.set(id, e)
      this.sessionOwners.set(id, p)
    }
    return e
  }

  /** The process's service on its host's LAN address, where the proxy's LAN legs arrive. */
  private listenOnLan(p: Process, host: Node, port: number): void {
    this.world.stack(host).listen(port, (c) => this.lanAccepted(p, port, c), host.address)
  }

  /**
   * A LAN leg from the proxy: to a service of `p`, or (null) to the sessions port, where the
   * session named in its first message says whose it is.
   */
  private lanAccepted(service: Process | null, port: number, c: TcpConnection): void {
    let end: SplicedStream | null = null
    let owner: Process | null = null
    c.app = {
      onMessage: (_c, tag, bytes) => {
        if (!(tag instanceof SpliceResume)) {
          end?.deliver(tag, bytes)
          return
        }
        const p = service ?? this.sessionOwners.get(tag.session)
        if (p === undefined) return
        owner = p
        this.lans.get(p)!.add(c)
        const fresh = !this.ends.get(p)!.has(tag.session)
        const e = this.endOf(p, tag.session)
        end = e
        c.send(RESUME_BYTES, new SpliceResume(tag.session, e.received))
        this.signal(
          'splice-resume',
          p.host,
          this.director,
          RESUME_BYTES,
          this.agent.sessions.get(tag.session)?.move ?? null,
        )
        if (fresh) p.servers.find((s) => s.port === port)?.onAccept(e)
        e.attach(c, tag.received, RESUME_BYTES)
      },
      onPeerClosed: () => end?.peerClosed(),
      // Only the proxy resets a LAN leg: its outside connection was reset.
      onReset: () => {
        this.lanGone(owner, c, end)
        end?.reset('reset')
      },
      onTimeout: () => this.lanGone(owner, c, end),
      onClosed: () => this.lanGone(owner, c, end),
    }
  }

  private lanGone(p: Process | null, c: TcpConnection, end: SplicedStream | null): void {
    if (p) this.lans.get(p)!.delete(c)
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

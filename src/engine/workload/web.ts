// The web server cluster: many clients outside send requests to a service whose server processes
// move inside the cluster. Each client issues requests at its own random inter-arrival times
// (open loop: a slow answer does not slow the arrivals) to one server — client k of all clients in
// order to server k mod S, so the load is spread deterministically — over a persistent connection
// (reopened after a break, with the unanswered requests sent again) or one connection per
// request. A server handles its requests one after the other, each taking its service time of CPU
// on its host. A request not answered within `timeout` fails ("timeout"), as does one whose own
// connection is reset or cannot be opened ("reset"); response times of the others are the
// workload's metric.
//
// Server k listens on `port` + k, so servers that a move brings onto one host do not collide.

import { type Handler, parseDuration, parseSize, type Time } from '../core'
import type { Session } from '../metrics/recorder'
import type { Node } from '../net/node'
import { nodeAt, processAt } from '../proc/elements'
import type { Process } from '../proc/process'
import { ScenarioError } from '../proc/scenario-error'
import type { WebWorkloadSpec } from '../scenario/spec'
import type { World } from '../sim/world'
import type { Stream, StreamApp } from '../transport/stream'
import { SessionClient } from './client'
import { type DurationSampler, durationSampler } from './distribution'
import { mean, percentile, type Workload, workloadPath } from './workload'

const ARRIVAL = 0
const TIMEOUT = 1

interface Request {
  client: Client
  sentAt: Time
  /** null while waiting, then how it ended. */
  outcome: null | 'answered' | 'timeout' | 'reset'
}

interface Client {
  index: number
  node: Node
  server: number
  session: Session
  interArrival: DurationSampler
  /** Persistent connections only. */
  persistent: SessionClient | null
  outstanding: Set<Request>
}

export class WebWorkload implements Workload, Handler {
  hid = -1
  readonly kind = 'web'
  private readonly servers: Process[]
  private readonly clients: Client[] = []
  private readonly requestBytes: number
  private readonly responseBytes: number
  private readonly timeout: Time
  private readonly service: DurationSampler
  private running = false
  private issued = 0
  private readonly responseTimes: number[] = []
  private timeouts = 0
  private resets = 0
  private resent = 0

  constructor(
    private readonly world: World,
    private readonly spec: WebWorkloadSpec,
  ) {
    const at = workloadPath(world, spec)
    this.servers = spec.servers.map((s, k) => processAt(world, `${at}.servers[${k}]`, s))
    if (spec.port + this.servers.length - 1 > 65535) {
      throw new ScenarioError(
        `${at}.port: server k listens on port + k; ${spec.port} + ${this.servers.length - 1} is above 65535`,
      )
    }
    this.requestBytes = parseSize(spec.requestSize)
    this.responseBytes = parseSize(spec.responseSize)
    this.timeout = parseDuration(spec.timeout)
    this.service = durationSampler(spec.serviceTime, world.rng(`workload:${spec.name}/service`))
    for (const [j, c] of spec.clients.entries()) {
      const node = nodeAt(world, `${at}.clients[${j}].node`, c.node)
      for (let k = 0; k < c.count; k++) {
        const index = this.clients.length
        const server = index % this.servers.length
        const id = `${spec.name}:${node.name}#${k}`
        const client: Client = {
          index,
          node,
          server,
          session: world.recorder.session(id, spec.name, this.servers[server].name, node.name),
          interArrival: durationSampler(spec.interArrival, world.rng(`workload:${id}/arrivals`)),
          persistent: null,
          outstanding: new Set(),
        }
        if (spec.persistent) {
          client.persistent = new SessionClient(world, client.session, node, this.servers[server], this.port(server), {
            connected: (s, again) => this.reconnected(client, s, again),
            message: (tag) => this.answered(tag as Request),
          })
        }
        this.clients.push(client)
      }
    }
    this.servers.forEach((p, k) => {
      world.arch.listen(p, this.port(k), (s) => {
        s.app = {
          onMessage: (conn, tag) => {
            const req = tag as Request
            world.metrics.identified(req.client.session, conn, 'process')
            p.compute(this.service(), () => conn.send(this.responseBytes, req))
          },
          onPeerClosed: (conn) => conn.close(),
        }
      })
    })
  }

  get name(): string {
    return this.spec.name
  }

  private port(server: number): number {
    return this.spec.port + server
  }

  start(): void {
    this.running = true
    for (const c of this.clients) {
      c.persistent?.start()
      this.world.sched.at(this.world.now + c.interArrival(), this, ARRIVAL, c.index)
    }
  }

  stop(): void {
    this.running = false
    for (const c of this.clients) c.persistent?.stop()
  }

  handle(code: number, arg: number, obj: unknown): void {
    if (code === ARRIVAL) this.arrival(this.clients[arg])
    else if (code === TIMEOUT) this.expire(obj as Request)
  }

  private arrival(c: Client): void {
    if (!this.running) return
    const req: Request = { client: c, sentAt: this.world.now, outcome: null }
    this.issued++
    c.outstanding.add(req)
    this.world.sched.at(this.world.now + this.timeout, this, TIMEOUT, 0, req)
    if (c.persistent) {
      if (c.persistent.connected) c.persistent.stream!.send(this.requestBytes, req)
    } else this.perRequest(req)
    this.world.sched.at(this.world.now + Math.max(1, c.interArrival()), this, ARRIVAL, c.index)
  }

  /**
   * A connection of its own for one request: open, send, read the answer, close. A reset, or a
   * connection that cannot be opened, fails the request at once; once the request has ended
   * (timed out), what happens to its connection no longer matters.
   */
  private perRequest(req: Request): void {
    const c = req.client
    const app: StreamApp = {
      onConnected: (s) => {
        if (req.outcome !== null) {
          s.abort()
          return
        }
        if (c.session.openedAt === null) c.session.openedAt = this.world.now
        this.world.metrics.watch(c.session, s, 'peer')
        s.send(this.requestBytes, req)
      },
      onMessage: (s, tag) => {
        this.answered(tag as Request)
        s.close()
      },
      onReset: () => {
        if (req.outcome !== null) return
        c.session.resets++
        this.fail(req, 'reset')
      },
      onTimeout: () => {
        if (req.outcome !== null) return
        c.session.timeouts++
        this.fail(req, 'reset')
      },
      onPeerClosed: (s) => s.close(),
    }
    this.world.arch.connectToProcess(c.node, this.servers[c.server], this.port(c.server), app)
  }

  /**
   * A persistent connection is established: the requests waiting for it go; after a break, those
   * that were sent and not answered go again.
   */
  private reconnected(c: Client, s: Stream, again: boolean): void {
    for (const req of c.outstanding) {
      if (again) this.resent++
      s.send(this.requestBytes, req)
    }
  }

  private answered(req: Request): void {
    if (req.outcome !== null) return // late, or a duplicate of a request sent again
    req.outcome = 'answered'
    req.client.outstanding.delete(req)
    const now = this.world.now
    const latency = now - req.sentAt
    this.responseTimes.push(latency)
    req.client.session.bytesOut += this.responseBytes
    this.world.recorder.sample(`${this.spec.name}.response`, now, latency)
  }

  private expire(req: Request): void {
    if (req.outcome === null) this.fail(req, 'timeout')
  }

  private fail(req: Request, why: 'timeout' | 'reset'): void {
    if (req.outcome !== null) return
    req.outcome = why
    req.client.outstanding.delete(req)
    if (why === 'timeout') this.timeouts++
    else this.resets++
    const now = this.world.now
    this.world.recorder.sample(`${this.spec.name}.failed`, now, now - req.sentAt)
  }

  summarize(out: Record<string, number>): void {
    const sorted = [...this.responseTimes].sort((a, b) => a - b)
    const failed = this.timeouts + this.resets
    out['web.requests'] = this.issued
    out['web.completed'] = sorted.length
    out['web.failed'] = failed
    out['web.failed.timeout'] = this.timeouts
    out['web.failed.reset'] = this.resets
    out['web.failed.share'] = sorted.length + failed > 0 ? failed / (sorted.length + failed) : Number.NaN
    out['web.response.mean'] = mean(sorted)
    out['web.response.p50'] = percentile(sorted, 0.5)
    out['web.response.p99'] = percentile(sorted, 0.99)
    out['web.response.max'] = sorted.length ? sorted[sorted.length - 1] : Number.NaN
    out['web.resent'] = this.resent
  }
}

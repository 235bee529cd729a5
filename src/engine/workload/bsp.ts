// The parallel computation (the founding study's second workload): N ranks in the cluster run
// bulk-synchronous iterations. Each iteration a rank fetches its input from any data source it
// has (request, then the data), computes (CPU work on its host, shared with whatever else runs
// there, stopped while the rank is frozen or faulting), sends `messageSize` to its neighbours on a
// ring or to every other rank, reports to its coordinator if it has one (report, then an ack),
// and, once it has every message of the iteration, enters a barrier (an arrival message to rank
// 0, which releases everyone when all have arrived). The iteration time is the time between two
// barrier completions at rank 0.
//
// Rank-to-rank messages and the barrier use the cluster's own location-transparent messaging
// (ClusterIpc over kernel links, messages held while a rank is frozen): traffic inside the
// cluster is the same for every naming architecture. The connections to the coordinator and the
// data source leave the cluster: the rank opens them through the naming architecture
// (connectFromProcess) and reopens them when a move breaks them, resending what was pending.
//
// Slowdown is against the same run without migrations and policies (simulate() runs it and hands
// the iteration times over with setBaseline), iteration by iteration: the compute phases are drawn
// from per-rank streams, so both runs draw the same ones. When the run with migrations completed
// fewer iterations than the baseline (a move still in progress, a rank stuck or dead), the
// iteration in progress counts with the time it has taken so far: the slowdown is then a lower
// bound.

import { parseSize, type Time } from '../core'
import type { Session } from '../metrics/recorder'
import type { Node } from '../net/node'
import { nodeAt, processAt } from '../proc/elements'
import type { Process } from '../proc/process'
import { ScenarioError } from '../proc/scenario-error'
import type { BspWorkloadSpec } from '../scenario/spec'
import type { World } from '../sim/world'
import type { Stream } from '../transport/stream'
import { ClusterIpc } from './cluster-ipc'
import { type DurationSampler, durationSampler } from './distribution'
import { ProcessClient } from './process-client'
import { mean, percentile, type Workload, workloadPath } from './workload'

/** Size of a barrier message, an input request or a coordinator's ack. */
const CONTROL_BYTES = 64

/** What travels on an external connection: which link and which iteration. */
interface ExternalMessage {
  link: number
  iteration: number
}

interface Rank {
  index: number
  process: Process
  neighbours: Rank[]
  compute: DurationSampler
  /** Exchange messages received, per iteration (a fast neighbour may send the next one early). */
  received: Int32Array
  iteration: number
  computed: boolean
  /** Inputs awaited before computing, coordinator acks awaited before the barrier. */
  inputsPending: number
  acksPending: number
  dataSources: External[]
  coordinators: External[]
}

interface External {
  index: number
  rank: Rank
  role: 'coordinator' | 'data-source'
  bytes: number
  session: Session
  client: ProcessClient
  /** The iteration whose request awaits its answer, or -1. */
  pending: number
}

export class BspWorkload implements Workload {
  readonly kind = 'bsp'
  private readonly ranks: Rank[]
  private readonly externals: External[] = []
  private readonly ipc: ClusterIpc
  private readonly messageSize: number
  private running = false
  /** Iteration times (ns), in order, and when the last barrier completed. */
  private readonly times: Time[] = []
  private lastBarrier: Time = 0
  private stoppedAt: Time = -1
  private arrivals = 0
  private resent = 0
  private baseline: readonly Time[] | null = null

  constructor(
    private readonly world: World,
    private readonly spec: BspWorkloadSpec,
  ) {
    this.ipc = new ClusterIpc(world)
    this.messageSize = parseSize(spec.messageSize)
    const at = workloadPath(world, spec)
    this.ranks = spec.ranks.map((name, index) => ({
      index,
      process: processAt(world, `${at}.ranks[${index}]`, name),
      neighbours: [],
      compute: durationSampler(spec.compute, world.rng(`workload:${spec.name}/rank:${name}`)),
      received: new Int32Array(spec.iterations),
      iteration: -1,
      computed: false,
      inputsPending: 0,
      acksPending: 0,
      dataSources: [],
      coordinators: [],
    }))
    const n = this.ranks.length
    for (const r of this.ranks) {
      const others =
        spec.pattern === 'ring'
          ? [...new Set([(r.index + n - 1) % n, (r.index + 1) % n])].filter((k) => k !== r.index)
          : this.ranks.map((x) => x.index).filter((k) => k !== r.index)
      r.neighbours = others.map((k) => this.ranks[k])
    }
    const servers = new Map<Node, boolean>()
    spec.external.forEach((x, index) => {
      const rank = this.ranks.find((r) => r.process.name === x.rank)
      if (!rank) throw new ScenarioError(`${at}.external[${index}].rank: "${x.rank}" is not one of the ranks`)
      const peer = nodeAt(world, `${at}.external[${index}].peer`, x.peer)
      const session = world.recorder.session(`${spec.name}:${x.rank}:${x.role}`, spec.name, x.rank, peer.name)
      const ext: External = {
        index,
        rank,
        role: x.role,
        bytes: parseSize(x.bytes),
        session,
        pending: -1,
        client: new ProcessClient(world, session, rank.process, peer, spec.port, {
          connected: (s, again) => this.connected(ext, s, again),
          message: (tag) => this.answered(ext, tag as ExternalMessage),
        }),
      }
      this.externals.push(ext)
      if (x.role === 'data-source') rank.dataSources.push(ext)
      else rank.coordinators.push(ext)
      if (!servers.has(peer)) {
        servers.set(peer, true)
        this.serve(peer)
      }
    })
  }

  get name(): string {
    return this.spec.name
  }

  /** Every iteration is done, or can never be (a rank died). */
  get finished(): boolean {
    return this.times.length >= this.spec.iterations || this.ranks.some((r) => !r.process.alive)
  }

  /** Iteration times so far (ns). */
  get iterationTimes(): readonly Time[] {
    return this.times
  }

  /** The iteration times of the same run without migration, for the slowdown. */
  setBaseline(times: readonly Time[]): void {
    this.baseline = times
  }

  start(): void {
    this.running = true
    this.lastBarrier = this.world.now
    for (const x of this.externals) x.client.start()
    for (const r of this.ranks) this.begin(r, 0)
  }

  stop(): void {
    if (this.running) this.stoppedAt = this.world.now
    this.running = false
    for (const x of this.externals) x.client.stop()
  }

  // ---- one iteration of one rank ----------------------------------------------------------------

  private begin(r: Rank, i: number): void {
    if (!this.running) return
    r.iteration = i
    r.computed = false
    r.inputsPending = r.dataSources.length
    r.acksPending = r.coordinators.length
    for (const x of r.dataSources) this.request(x, i)
    if (r.inputsPending === 0) this.compute(r, i)
  }

  private compute(r: Rank, i: number): void {
    r.process.compute(r.compute(), () => {
      if (!this.running) return
      for (const to of r.neighbours) {
        this.ipc.send(r.process, to.process, this.messageSize, () => {
          to.received[i]++
          this.check(to)
        })
      }
      for (const x of r.coordinators) this.request(x, i)
      r.computed = true
      this.check(r)
    })
  }

  /** Enters the barrier once the rank has computed, has every message and every ack of its iteration. */
  private check(r: Rank): void {
    const i = r.iteration
    if (!r.computed || r.acksPending > 0 || r.received[i] < r.neighbours.length) return
    r.computed = false
    const root = this.ranks[0]
    this.ipc.send(r.process, root.process, CONTROL_BYTES, () => this.arrive(i))
  }

  /** At rank 0: an arrival at the barrier of iteration `i`; the last one releases everyone. */
  private arrive(i: number): void {
    if (++this.arrivals < this.ranks.length) return
    this.arrivals = 0
    const now = this.world.now
    this.times.push(now - this.lastBarrier)
    this.world.recorder.sample(`${this.spec.name}.iteration`, now, now - this.lastBarrier)
    this.lastBarrier = now
    if (i + 1 >= this.spec.iterations) return
    const root = this.ranks[0]
    for (const r of this.ranks) this.ipc.send(root.process, r.process, CONTROL_BYTES, () => this.begin(r, i + 1))
  }

  // ---- external connections ---------------------------------------------------------------------

  /** What the rank sends to the peer: a request for input, or its report. */
  private requestBytes(x: External): number {
    return x.role === 'data-source' ? CONTROL_BYTES : x.bytes
  }

  private request(x: External, i: number): void {
    x.pending = i
    if (x.client.connected) x.client.stream!.send(this.requestBytes(x), { link: x.index, iteration: i })
  }

  /** A (re)connection: what was pending goes (again). */
  private connected(x: External, s: Stream, again: boolean): void {
    if (x.pending < 0) return
    if (again) this.resent++
    s.send(this.requestBytes(x), { link: x.index, iteration: x.pending })
  }

  private answered(x: External, m: ExternalMessage): void {
    if (m.iteration !== x.pending) return // an answer to a request sent again
    x.pending = -1
    const r = x.rank
    if (x.role === 'data-source') {
      if (--r.inputsPending === 0) this.compute(r, r.iteration)
    } else {
      r.acksPending--
      this.check(r)
    }
  }

  /** The coordinator or data source on `peer`: answers each request, whichever rank sends it. */
  private serve(peer: Node): void {
    this.world.arch.listenAtPeer(peer, this.spec.port, (c) => {
      c.app = {
        onMessage: (conn, tag) => {
          const m = tag as ExternalMessage
          const x = this.externals[m.link]
          this.world.metrics.identified(x.session, conn, 'peer')
          conn.send(x.role === 'data-source' ? x.bytes : CONTROL_BYTES, m)
        },
        onPeerClosed: (conn) => conn.close(),
      }
    })
  }

  summarize(out: Record<string, number>): void {
    const times = this.times
    const sorted = [...times].sort((a, b) => a - b)
    out['bsp.iterations'] = times.length
    out['bsp.unfinished'] = this.spec.iterations - times.length
    out['bsp.iteration.mean'] = mean(sorted)
    out['bsp.iteration.p50'] = percentile(sorted, 0.5)
    out['bsp.iteration.max'] = sorted.length ? sorted[sorted.length - 1] : Number.NaN
    // Without a baseline the run itself had nothing to compare with: no migration, no slowdown.
    const base = this.baseline ?? times
    const n = Math.min(times.length, base.length)
    let withMigration = 0
    let without = 0
    let worst = Number.NaN
    const iteration = (k: number, t: Time) => {
      withMigration += t
      without += base[k]
      const ratio = t / base[k]
      if (!(ratio <= worst)) worst = ratio
    }
    for (let k = 0; k < n; k++) iteration(k, times[k])
    if (times.length < base.length && this.stoppedAt > this.lastBarrier) iteration(n, this.stoppedAt - this.lastBarrier)
    out['bsp.baseline.iteration.mean'] = mean(base)
    out['bsp.slowdown'] = n > 0 ? withMigration / without : Number.NaN
    out['bsp.slowdown.max'] = worst
    out['bsp.delay'] = withMigration - without
    out['bsp.messages'] = this.ipc.sent
    out['bsp.messages.forwarded'] = this.ipc.forwarded
    out['bsp.messages.held'] = this.ipc.held
    out['bsp.messages.lost'] = this.ipc.lost
    out['bsp.external.resent'] = this.resent
  }
}

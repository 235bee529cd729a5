// The migrating interactive job (the founding study): a remote user types into a process in the
// cluster, which echoes every keystroke. Echo latency over time and the longest stall are what
// the user feels (≈ 100 ms is noticeable). Keystrokes typed while the connection is down are kept
// and sent again after a reconnect (resynchronisation, counted).

import { MS, parseSize, US } from '../core'
import type { Session } from '../metrics/recorder'
import { nodeAt, processAt } from '../proc/elements'
import type { Process } from '../proc/process'
import type { InteractiveWorkloadSpec } from '../scenario/spec'
import type { World } from '../sim/world'
import type { Stream } from '../transport/stream'
import { SessionClient } from './client'
import { type DurationSampler, durationSampler } from './distribution'
import { mean, percentile, type Workload, workloadPath } from './workload'

/** CPU work to handle one keystroke (a shell/editor's read-echo path on a reference machine). */
const ECHO_WORK = 50 * US

interface Keystroke {
  seq: number
  sentAt: number
}

export class InteractiveWorkload implements Workload {
  readonly kind = 'interactive'
  private readonly session: Session
  private readonly client: SessionClient
  private readonly think: DurationSampler
  private readonly keyBytes: number
  private readonly echoBytes: number
  private readonly outstanding = new Map<number, Keystroke>()
  private nextSeq = 0
  private running = false
  private readonly latencies: number[] = []
  private resent = 0
  private lastProgress = 0
  private maxStall = 0
  private readonly process: Process

  constructor(
    private readonly world: World,
    private readonly spec: InteractiveWorkloadSpec,
  ) {
    const at = workloadPath(world, spec)
    this.process = processAt(world, `${at}.process`, spec.process)
    const clientNode = nodeAt(world, `${at}.client`, spec.client)
    this.session = world.recorder.session(`${spec.name}`, spec.name, this.process.name, clientNode.name)
    this.think = durationSampler(spec.thinkTime, world.rng(`workload:${spec.name}/think`))
    this.keyBytes = parseSize(spec.keyBytes)
    this.echoBytes = parseSize(spec.echoBytes)
    const p = this.process
    // The echo server in the process.
    world.arch.listen(p, spec.port, (s) => {
      world.metrics.watch(this.session, s, 'process')
      s.app = {
        onMessage: (conn, tag) => {
          this.session.bytesIn += this.keyBytes
          p.compute(ECHO_WORK, () => conn.send(this.echoBytes, tag))
        },
        onPeerClosed: (conn) => conn.close(),
      }
    })
    this.client = new SessionClient(world, this.session, clientNode, p, spec.port, {
      connected: (s, again) => this.connected(s, again),
      message: (tag) => this.echoed(tag as Keystroke),
    })
  }

  get name(): string {
    return this.spec.name
  }

  start(): void {
    this.running = true
    this.lastProgress = this.world.now
    this.client.start()
    this.world.sched.call(this.world.now + this.think(), () => this.type())
  }

  stop(): void {
    this.running = false
    this.client.stop()
  }

  /**
   * The connection is up: keystrokes typed before it was go now; after a break, those that were
   * never echoed are typed again (resynchronisation).
   */
  private connected(s: Stream, again: boolean): void {
    for (const k of [...this.outstanding.values()].sort((a, b) => a.seq - b.seq)) {
      if (again) this.resent++
      s.send(this.keyBytes, k)
    }
  }

  private type(): void {
    if (!this.running) return
    const k: Keystroke = { seq: this.nextSeq++, sentAt: this.world.now }
    this.outstanding.set(k.seq, k)
    if (this.client.connected) this.client.stream!.send(this.keyBytes, k)
    this.world.sched.call(this.world.now + Math.max(1, this.think()), () => this.type())
  }

  private echoed(k: Keystroke): void {
    if (!this.outstanding.delete(k.seq)) return // a duplicate after resynchronisation
    const now = this.world.now
    const latency = now - k.sentAt
    this.latencies.push(latency)
    this.session.bytesOut += this.echoBytes
    this.world.recorder.sample(`${this.spec.name}.echo`, now, latency)
    // A stall is time without any echo while keystrokes were waiting for one. The map keeps
    // keystrokes in the order they were typed: its first is the oldest still waiting.
    const first = this.outstanding.values().next()
    const oldest = first.done ? k.sentAt : Math.min(k.sentAt, first.value.sentAt)
    const stall = now - Math.max(this.lastProgress, oldest)
    if (stall > this.maxStall) this.maxStall = stall
    this.lastProgress = now
  }

  summarize(out: Record<string, number>): void {
    const sorted = [...this.latencies].sort((a, b) => a - b)
    out['interactive.echo.mean'] = mean(sorted)
    out['interactive.echo.p50'] = percentile(sorted, 0.5)
    out['interactive.echo.p99'] = percentile(sorted, 0.99)
    out['interactive.echo.max'] = sorted.length ? sorted[sorted.length - 1] : Number.NaN
    out['interactive.stall.max'] = this.maxStall
    out['interactive.keystrokes'] = this.nextSeq
    out['interactive.unechoed'] = this.outstanding.size
    out['interactive.resent'] = this.resent
    out['interactive.noticeable'] = sorted.filter((l) => l > 100 * MS).length
  }
}

// Moving processes: requests (from the scenario, eviction, load balancing) are checked, queued or
// refused, then handed to the chosen migration mechanism through a MigrationContext that owns the
// common steps — freezing, moving state over the network, fixed kernel costs, resuming with the
// naming architecture's help, demand paging from a residual dependency — and records what each
// step cost.

import { parseDuration, type Time } from '../core'
import type { Node } from '../net/node'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import type { Process } from './process'

export type MigrationTrigger = MigrationRecord['trigger']

/** A migration mechanism drives one move through the context's steps. */
export interface MigrationMechanism {
  readonly id: string
  run(ctx: MigrationContext): void
}

/** Common mechanism options (mechanismOptions[id] in the spec). */
export interface CommonOptions {
  /** c_0: fixed kernel cost of a move (CPU at the destination). */
  fixedCost: Time
  /** c_f per open file, c_c per connection. */
  perFile: Time
  perConnection: Time
  /** Handler time at the page server per fault. */
  faultHandler: Time
  /** Running time over which the working set W is touched after resume (0: at once). */
  touchPeriod: Time
  /** Pages per message when pages are pushed or flushed in bulk. */
  chunkPages: number
  /** What a lazily migrated process does when its page source fails: die, or stall. */
  onSourceFailure: 'die' | 'stall'
}

export class MechanismOptionError extends Error {
  override name = 'MechanismOptionError'
}

export function commonOptions(raw: Record<string, unknown>, mechanism: string): CommonOptions {
  const dur = (k: string, d: string): Time => {
    const v = raw[k] ?? d
    try {
      return parseDuration(v)
    } catch (e) {
      throw new MechanismOptionError(`mechanismOptions.${mechanism}.${k}: ${(e as Error).message}`)
    }
  }
  const chunkPages = raw.chunkPages ?? 64
  if (typeof chunkPages !== 'number' || !Number.isInteger(chunkPages) || chunkPages < 1) {
    throw new MechanismOptionError(
      `mechanismOptions.${mechanism}.chunkPages must be a positive integer, got ${String(chunkPages)}`,
    )
  }
  const onSourceFailure = raw.onSourceFailure ?? 'die'
  if (onSourceFailure !== 'die' && onSourceFailure !== 'stall') {
    throw new MechanismOptionError(`mechanismOptions.${mechanism}.onSourceFailure must be "die" or "stall"`)
  }
  return {
    fixedCost: dur('fixedCost', '20ms'),
    perFile: dur('perFile', '1ms'),
    perConnection: dur('perConnection', '1ms'),
    faultHandler: dur('faultHandler', '500us'),
    touchPeriod: dur('touchPeriod', '1s'),
    chunkPages,
    onSourceFailure,
  }
}

/** Bytes of a page-fault request message. */
const FAULT_REQUEST_BYTES = 64

export class MigrationContext {
  readonly options: CommonOptions
  private completed = false
  private readonly world: World
  private freezeAt: Time = -1
  private phaseStart: Time
  private phaseKind: 'precopy' | 'frozen' | 'transferring' | 'running' = 'running'

  constructor(
    private readonly migrator: Migrator,
    readonly process: Process,
    readonly from: Node,
    readonly to: Node,
    readonly record: MigrationRecord,
    readonly mechanismOptions: Record<string, unknown>,
    mechanismId: string,
  ) {
    this.world = migrator.world
    this.options = commonOptions(mechanismOptions, mechanismId)
    this.phaseStart = this.world.now
  }

  get now(): Time {
    return this.world.now
  }

  /** The file server that backs process memory (Sprite's flushing target, eager-dirty's backing store). */
  get fileServer(): Node {
    return this.world.agentNode('fileServer', () => this.process.home)
  }

  private phase(kind: MigrationContext['phaseKind']): void {
    const rec = this.world.recorder
    if (this.phaseKind !== 'running' && this.world.now > this.phaseStart) {
      rec.segment(
        this.process.lane,
        this.phaseStart,
        this.world.now,
        this.phaseKind,
        `${this.from.name}→${this.to.name}`,
      )
    }
    this.phaseKind = kind
    this.phaseStart = this.world.now
  }

  /** Pre-copy rounds begin while the process keeps running. */
  beginPrecopy(): void {
    this.process.phase = 'precopy'
    this.phase('precopy')
  }

  /** Stops the process (t_f). */
  freeze(): void {
    this.freezeAt = this.world.now
    this.record.freezeAt = this.freezeAt
    this.phase('frozen')
    this.process.freeze()
    this.world.arch.onFreeze(this.process, this.record)
  }

  /** State is now in flight to the destination. */
  transferring(): void {
    this.process.phase = 'transferring'
    this.phase('transferring')
  }

  /** Sends `bytes` of memory between hosts over a kernel link; counts them by `kind`. */
  send(from: Node, to: Node, bytes: number, kind: 'memory' | 'toServer', done: () => void): void {
    this.record.bytes[kind] += bytes
    this.record.bytes.total += bytes
    this.world.kernel.send(from, to, bytes, () => this.guard(done))
  }

  /**
   * T_s: the fixed cost of a move (c_0 + c_f·files + c_c·connections of CPU) and the kernel state
   * (PCB, files, transport control blocks, architecture state) sent from source to destination.
   */
  moveKernelState(done: () => void): void {
    const o = this.options
    const p = this.process
    const cpu = o.fixedCost + o.perFile * p.openFiles + o.perConnection * p.connections.size
    const bytes = p.kernelBytes() + this.world.arch.extraStateBytes(p)
    this.record.bytes.kernel += bytes
    this.record.bytes.total += bytes
    this.world.kernel.send(this.from, this.to, bytes, () => {
      this.world.sched.call(this.world.now + cpu, () => this.guard(done))
    })
  }

  /** The process continues on the destination (t_r); the naming architecture does its part. */
  resume(): void {
    const p = this.process
    const now = this.world.now
    this.phase('running')
    this.record.resumeAt = now
    this.record.freeze = now - this.freezeAt
    p.resumeOn(this.to, this.world.cpu(this.to), now)
    const rec = this.world.recorder
    rec.point(p.lane, now, 'host-change', `${this.from.name}→${this.to.name}`)
    this.world.arch.onResume(p, this.from, this.to, this.record)
    p.thawEndpoints(this.from)
  }

  /**
   * Demand paging after resume: the process touches `pages` pages (spread over touchPeriod of
   * running time); those not yet present fault, each a request to `server` answered with a page.
   * `present(k)` says whether the k-th touched page already arrived (post-copy's push).
   * `done` runs after the last touch. The server is a residual dependency until then.
   */
  demandPage(server: Node, pages: number, what: string, present: () => boolean, done: () => void): void {
    const p = this.process
    const rec = this.world.recorder
    const lane = p.lane
    const pageSize = p.memory.pageSize
    const interval = pages > 0 ? this.options.touchPeriod / pages : 0
    let touched = 0
    const release = pages > 0 ? this.dependOn(server, what) : () => {}
    const touchNext = (): void => {
      if (!p.alive) return
      if (touched >= pages) {
        release()
        done()
        return
      }
      touched++
      if (present()) {
        this.world.sched.call(this.world.now + interval, touchNext)
        return
      }
      const t0 = this.world.now
      p.thread.block('fault')
      this.record.pageFaults++
      this.world.kernel.request(
        p.host,
        server,
        FAULT_REQUEST_BYTES,
        (answer) => this.world.sched.call(this.world.now + this.options.faultHandler, () => answer(pageSize)),
        () => {
          this.record.bytes.faults += pageSize
          this.record.bytes.total += pageSize
          if (server !== this.from) this.record.bytes.fromServer += pageSize
          p.thread.unblock('fault')
          rec.point(lane, this.world.now, 'page-fault', `${Math.round((this.world.now - t0) / 1000) / 1000} ms`)
          this.world.sched.call(this.world.now + interval, touchNext)
        },
      )
    }
    this.world.sched.call(this.world.now, touchNext)
  }

  /**
   * Records that the process depends on `node` (a residual dependency) from now until the returned
   * function is called; if `node` fails meanwhile, the process dies (or stalls, by option).
   */
  dependOn(node: Node, what: string): () => void {
    const rec = this.world.recorder
    const k = rec.residual(this.process.name, this.record.id, node.name, what, this.world.now)
    const unwatch = this.watchFailure(node, () => rec.endResidual(k, this.world.now))
    return () => {
      rec.endResidual(k, this.world.now)
      unwatch()
    }
  }

  /**
   * Watches `node` for failure while the process depends on it; returns a function that stops
   * watching. On failure the process dies (or stalls, by option).
   */
  watchFailure(node: Node, onFail: () => void): () => void {
    let active = true
    const observer = (n: Node, up: boolean) => {
      if (!active || up || n !== node || !this.process.alive) return
      onFail()
      if (this.options.onSourceFailure === 'die') this.process.kill(`residual dependency ${node.name} failed`)
      else this.process.thread.block('stalled')
    }
    this.world.net.nodeObservers.push(observer)
    return () => {
      active = false
    }
  }

  /** The move is complete (no residual dependency of the mechanism left). */
  complete(): void {
    if (this.completed) return
    this.completed = true
    this.record.completedAt = this.world.now
    this.record.total = this.world.now - this.record.decidedAt
    this.migrator.finished(this)
  }

  /** Runs `fn` only if the process is still alive (a failure may have killed it meanwhile). */
  private guard(fn: () => void): void {
    if (this.process.alive) fn()
    else this.complete()
  }
}

interface Pending {
  process: Process
  to: Node
  trigger: MigrationTrigger
  decidedAt: Time
}

export class MigrationRefused extends Error {
  override name = 'MigrationRefused'
}

export class Migrator {
  private readonly active = new Map<Process, MigrationContext>()
  private readonly queue: Pending[] = []
  private nextId = 0
  /** Requests refused while running, with the reason (shown in results). */
  readonly refusals: { t: Time; process: string; to: string; reason: string }[] = []

  constructor(
    readonly world: World,
    private readonly mechanism: MigrationMechanism,
  ) {}

  isMoving(p: Process): boolean {
    return this.active.has(p)
  }

  /** Asks for `p` to move to `to`. Queued behind a move in progress, or refused, per the spec. */
  request(p: Process, to: Node, trigger: MigrationTrigger): void {
    const reason = this.check(p, to)
    if (reason) {
      this.refusals.push({ t: this.world.now, process: p.name, to: to.name, reason })
      this.world.recorder.count('migration.refused')
      return
    }
    if (this.active.has(p)) {
      if (this.world.spec.onBusyMigration === 'refuse') {
        this.refusals.push({ t: this.world.now, process: p.name, to: to.name, reason: 'already migrating' })
        this.world.recorder.count('migration.refused')
        return
      }
      this.queue.push({ process: p, to, trigger, decidedAt: this.world.now })
      return
    }
    this.start(p, to, trigger, this.world.now)
  }

  private check(p: Process, to: Node): string | null {
    if (!p.alive) return 'the process is dead'
    if (!p.migratable) return 'the process is not migratable'
    if (to.kind !== 'host') return `${to.name} is not a host`
    if (!to.up) return `${to.name} is down`
    if (!p.host.up) return `${p.host.name} (the source) is down`
    return null
  }

  private start(p: Process, to: Node, trigger: MigrationTrigger, decidedAt: Time): void {
    if (p.host === to) {
      this.refusals.push({ t: this.world.now, process: p.name, to: to.name, reason: 'already on that host' })
      this.drain(p)
      return
    }
    const record: MigrationRecord = {
      id: this.nextId++,
      process: p.name,
      from: p.host.name,
      to: to.name,
      trigger,
      decidedAt,
      freezeAt: -1,
      resumeAt: -1,
      completedAt: -1,
      freeze: 0,
      total: 0,
      rounds: [],
      bytes: { memory: 0, kernel: 0, toServer: 0, fromServer: 0, faults: 0, total: 0 },
      pageFaults: 0,
      controlMessages: 0,
      controlBytes: 0,
      residualDependencies: [],
      connections: [],
    }
    this.world.recorder.migrations.push(record)
    const ctx = new MigrationContext(
      this,
      p,
      p.host,
      to,
      record,
      this.world.mechanismOptions(this.mechanism.id),
      this.mechanism.id,
    )
    this.active.set(p, ctx)
    this.mechanism.run(ctx)
  }

  /** Called by the context when a move is complete. */
  finished(ctx: MigrationContext): void {
    this.active.delete(ctx.process)
    this.drain(ctx.process)
  }

  private drain(p: Process): void {
    const k = this.queue.findIndex((q) => q.process === p)
    if (k < 0) return
    const next = this.queue.splice(k, 1)[0]
    const reason = this.check(p, next.to)
    if (reason) {
      this.refusals.push({ t: this.world.now, process: p.name, to: next.to.name, reason })
      this.drain(p)
      return
    }
    this.start(p, next.to, next.trigger, next.decidedAt)
  }
}

// Moving processes: requests (from the scenario, eviction, load balancing) are checked, queued or
// refused, then handed to the chosen migration mechanism through a MigrationContext that owns the
// common steps — freezing, moving state over the network, fixed kernel costs, resuming with the
// naming architecture's help, demand paging from a residual dependency — and records what each
// step cost.
//
// Failures during a move: if the source fails before the process resumed on the destination, the
// process is lost with it (its state was still being read there). If the destination fails first,
// the move is abandoned and the process continues on the source (before the freeze, as if nothing
// happened; after it, the architecture re-establishes the endpoints where they were: onResume with
// from === to). After the resume, a lazy mechanism's residual dependency decides: its failure kills
// the process, or stalls it until the node is back (`onSourceFailure`).
//
// A request for a process that is already moving is queued behind the move in progress and
// started when it completes (lazy mechanisms complete when their dependency ends), or refused,
// per the spec's `onBusyMigration`. A request the migrator cannot honour (dead, not migratable,
// stalled, already on that host, a host that is down) is refused; refusals are counted, recorded
// with their reason, and marked on the process's timeline lane.

import { parseDuration, type Time } from '../core'
import type { Node } from '../net/node'
import type { MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import type { Process } from './process'
import { ScenarioError } from './scenario-error'

export type MigrationTrigger = MigrationRecord['trigger']

/** A migration mechanism drives one move through the context's steps. */
export interface MigrationMechanism {
  readonly id: string
  /** Options of its own besides the common ones (checked, with their values, before the run starts). */
  readonly optionKeys?: readonly string[]
  checkOptions?(raw: Record<string, unknown>): void
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
  /** Time over which the working set W is touched after resume (0: one page after the other). */
  touchPeriod: Time
  /** Pages per message when pages are pushed or flushed in bulk. */
  chunkPages: number
  /** What a lazily migrated process does when its page source fails: die, or stall until it is back. */
  onSourceFailure: 'die' | 'stall'
}

const COMMON_KEYS = [
  'fixedCost',
  'perFile',
  'perConnection',
  'faultHandler',
  'touchPeriod',
  'chunkPages',
  'onSourceFailure',
] as const

export class MechanismOptionError extends ScenarioError {
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
    throw new MechanismOptionError(
      `mechanismOptions.${mechanism}.onSourceFailure must be "die" or "stall", got ${JSON.stringify(onSourceFailure)}`,
    )
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

/** Checks a mechanism's options before the run starts, so a typo or a bad value fails at once, by name. */
export function checkMechanismOptions(m: MigrationMechanism, raw: Record<string, unknown>): void {
  const known = [...COMMON_KEYS, ...(m.optionKeys ?? [])]
  for (const k of Object.keys(raw)) {
    if (!known.includes(k)) {
      throw new MechanismOptionError(`mechanismOptions.${m.id}.${k}: unknown option; known: ${known.join(', ')}`)
    }
  }
  commonOptions(raw, m.id)
  m.checkOptions?.(raw)
}

/** Bytes of a page-fault request message. */
const FAULT_REQUEST_BYTES = 64

/** How a lazily migrated process pages in its working set after resume. */
export interface DemandPaging {
  /** Where missing pages come from (a residual dependency while paging lasts). */
  server: Node
  /** Pages touched after resume. */
  pages: number
  /** What the dependency is, for the record ("pages on the source"). */
  what: string
  /** Whether paging makes the server a residual dependency (false when the caller holds one already). */
  depend?: boolean
  /** Whether the next touched page is already present (post-copy's push got there first). */
  present?: () => boolean
  /** A missing page was fetched by a fault. */
  fetched?: () => void
  /** The last page has been touched. */
  done: () => void
}

export class MigrationContext {
  readonly options: CommonOptions
  /** moving: until resume; resumed: running on the destination, maybe with dependencies; ended. */
  private state: 'moving' | 'resumed' | 'ended' = 'moving'
  private readonly world: World
  private freezeAt: Time = -1
  private readonly unwatchMove: () => void

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
    process.migratingTo = to
    this.unwatchMove = this.watchNodes([from, to], (n) => this.failedDuringMove(n), null)
  }

  get now(): Time {
    return this.world.now
  }

  /** The file server that backs process memory (Sprite's flushing target, eager-dirty's backing store). */
  get fileServer(): Node {
    return this.world.agentNode('fileServer', () => this.process.home)
  }

  /** Pre-copy rounds begin while the process keeps running. */
  beginPrecopy(): void {
    this.process.enter('precopy')
  }

  /** Stops the process (t_f). */
  freeze(): void {
    this.freezeAt = this.world.now
    this.record.freezeAt = this.freezeAt
    this.process.freeze()
    this.world.arch.onFreeze(this.process, this.record)
  }

  /** State is now in flight to the destination. */
  transferring(): void {
    this.process.enter('transferring')
  }

  /** Sends `bytes` of memory between hosts over a kernel link; counts them by `kind`. */
  send(from: Node, to: Node, bytes: number, kind: 'memory' | 'toServer', done: () => void): void {
    if (this.state === 'ended') return
    this.record.bytes[kind] += bytes
    this.record.bytes.total += bytes
    this.world.kernel.send(from, to, bytes, () => this.guard(done))
  }

  /**
   * T_s: the kernel state (PCB, files, transport control blocks, architecture state) sent from
   * source to destination, then the fixed cost of installing it (c_0 + c_f·files + c_c·connections
   * of CPU), during which the process is frozen with nothing in flight.
   */
  moveKernelState(done: () => void): void {
    if (this.state === 'ended') return
    const o = this.options
    const p = this.process
    p.pruneConnections()
    const cpu = o.fixedCost + o.perFile * p.openFiles + o.perConnection * p.connections.size
    const bytes = p.kernelBytes() + this.world.arch.extraStateBytes(p)
    this.record.bytes.kernel += bytes
    this.record.bytes.total += bytes
    this.world.kernel.send(this.from, this.to, bytes, () =>
      this.guard(() => {
        p.enter('frozen')
        this.world.sched.call(this.world.now + cpu, () => this.guard(done))
      }),
    )
  }

  /** The process continues on the destination (t_r); the naming architecture does its part. */
  resume(): void {
    if (this.state !== 'moving') return
    this.state = 'resumed'
    this.unwatchMove()
    const p = this.process
    const now = this.world.now
    this.record.resumeAt = now
    this.record.freeze = now - this.freezeAt
    p.resumeOn(this.to, this.world.cpu(this.to), now)
    this.world.recorder.point(p.lane, now, 'host-change', `${this.from.name}→${this.to.name}`)
    this.world.arch.onResume(p, this.from, this.to, this.record)
    p.thawEndpoints(this.from)
  }

  /**
   * Demand paging after resume: the process touches `pages` pages, one every touchPeriod/pages
   * (or one after the other when touchPeriod is 0); those not present fault, each a request to
   * the server answered with a page after the handler time, during which the process is blocked.
   * The server is a residual dependency until the last page has been touched.
   */
  demandPage(d: DemandPaging): void {
    const p = this.process
    const world = this.world
    const rec = world.recorder
    const pageSize = p.memory.pageSize
    const interval = d.pages > 0 ? Math.floor(this.options.touchPeriod / d.pages) : 0
    const handler = this.options.faultHandler
    let touched = 0
    const release = d.pages > 0 && d.depend !== false ? this.dependOn(d.server, d.what) : () => {}
    const touchNext = (): void => {
      if (this.state === 'ended' || !p.alive) return
      if (touched >= d.pages) {
        release()
        d.done()
        return
      }
      touched++
      if (d.present?.()) {
        world.sched.call(world.now + interval, touchNext)
        return
      }
      const t0 = world.now
      p.thread.block('fault')
      this.record.pageFaults++
      world.kernel.request(
        p.host,
        d.server,
        FAULT_REQUEST_BYTES,
        (answer) => world.sched.call(world.now + handler, () => answer(pageSize)),
        () => {
          // The move may have completed meanwhile (post-copy's push got there first): the page
          // still came, and the process waited for it.
          if (!p.alive) return
          this.record.bytes.faults += pageSize
          this.record.bytes.total += pageSize
          if (d.server !== this.from) this.record.bytes.fromServer += pageSize
          d.fetched?.()
          p.thread.unblock('fault')
          const took = world.now - t0
          rec.point(p.lane, world.now, 'page-fault', `${Math.round(took / 1000) / 1000} ms from ${d.server.name}`)
          rec.sample('migration.fault', world.now, took)
          world.sched.call(world.now + interval, touchNext)
        },
      )
    }
    world.sched.call(world.now, touchNext)
  }

  /**
   * Records that the process depends on `node` (a residual dependency) from now until the returned
   * function is called. If `node` fails meanwhile, the process dies, or stalls until the node is
   * back (`onSourceFailure`).
   */
  dependOn(node: Node, what: string): () => void {
    const p = this.process
    const rec = this.world.recorder
    const k = rec.residual(p.name, this.record.id, node.name, what, this.world.now)
    const unwatch = this.watchNodes(
      [node],
      () => {
        if (this.options.onSourceFailure === 'die') {
          rec.endResidual(k, this.world.now)
          p.kill(`residual dependency on ${node.name} failed (${what})`)
          this.end()
        } else p.stall(true)
      },
      () => {
        if (p.phase === 'stalled') p.stall(false)
      },
    )
    return () => {
      rec.endResidual(k, this.world.now)
      unwatch()
      if (p.phase === 'stalled') p.stall(false)
    }
  }

  /** The move is complete (no residual dependency of the mechanism left). */
  complete(): void {
    if (this.state === 'ended') return
    this.record.completedAt = this.world.now
    this.record.total = this.world.now - this.record.decidedAt
    this.end()
  }

  private end(): void {
    if (this.state === 'ended') return
    this.state = 'ended'
    this.unwatchMove()
    if (this.record.completedAt < 0) this.record.completedAt = this.world.now
    this.migrator.finished(this)
  }

  /** Calls `failed(node)` when one of `nodes` fails and `recovered(node)` when it is back, until unwatched. */
  private watchNodes(nodes: Node[], failed: (n: Node) => void, recovered: ((n: Node) => void) | null): () => void {
    const observers = this.world.net.nodeObservers
    const observer = (n: Node, up: boolean) => {
      if (!nodes.includes(n) || !this.process.alive) return
      if (!up) failed(n)
      else recovered?.(n)
    }
    observers.push(observer)
    return () => {
      const k = observers.indexOf(observer)
      if (k >= 0) observers.splice(k, 1)
    }
  }

  /** The source or the destination failed before the process resumed on the destination. */
  private failedDuringMove(n: Node): void {
    const p = this.process
    if (n === this.from) {
      // The process's state was still (partly) on the source: it is lost with it.
      p.kill(`${n.name} failed during its move to ${this.to.name}`)
      this.end()
      return
    }
    // The destination failed: abandon the move; the process continues on the source. The move
    // ends only once it does, so a queued move cannot start while it is still frozen.
    this.migrator.abandoned(this, `${n.name} (the destination) failed during the move`)
    if (this.freezeAt >= 0) {
      p.resumeInPlace()
      this.world.arch.onResume(p, this.from, this.from, this.record)
      p.thawEndpoints(this.from)
    } else {
      p.enter('running')
      p.migratingTo = null
    }
    this.end()
  }

  /** Runs `fn` only while the move goes on (a failure may have killed the process or ended the move). */
  private guard(fn: () => void): void {
    if (this.state === 'ended') return
    if (this.process.alive) fn()
    else this.end()
  }
}

interface Pending {
  process: Process
  to: Node
  trigger: MigrationTrigger
  decidedAt: Time
}

export class Migrator {
  private readonly active = new Map<Process, MigrationContext>()
  private readonly queue: Pending[] = []
  private nextId = 0
  /** Requests refused or moves abandoned while running, with the reason. */
  readonly refusals: { t: Time; process: string; to: string; reason: string }[] = []

  constructor(
    readonly world: World,
    private readonly mechanism: MigrationMechanism,
  ) {
    checkMechanismOptions(mechanism, world.mechanismOptions(mechanism.id))
  }

  isMoving(p: Process): boolean {
    return this.active.has(p)
  }

  /** Asks for `p` to move to `to`. Queued behind a move in progress, or refused, per the spec. */
  request(p: Process, to: Node, trigger: MigrationTrigger): void {
    if (this.active.has(p)) {
      if (this.world.spec.onBusyMigration === 'refuse') this.refuse(p, to, 'it is already migrating')
      else this.queue.push({ process: p, to, trigger, decidedAt: this.world.now })
      return
    }
    const reason = this.check(p, to)
    if (reason) this.refuse(p, to, reason)
    else this.start(p, to, trigger, this.world.now)
  }

  /** Why `p` cannot move to `to` now, or null. */
  private check(p: Process, to: Node): string | null {
    if (!p.alive) return 'the process is dead'
    if (!p.migratable) return 'the process is not migratable'
    if (p.phase === 'stalled') return 'the process is stalled on a failed residual dependency'
    if (to.kind !== 'host' || to.role !== 'cluster') return `${to.name} is not a cluster host`
    if (p.host === to) return `it is already on ${to.name}`
    if (!to.up) return `${to.name} is down`
    if (!p.host.up) return `${p.host.name} (the source) is down`
    return null
  }

  private refuse(p: Process, to: Node, reason: string): void {
    const rec = this.world.recorder
    this.refusals.push({ t: this.world.now, process: p.name, to: to.name, reason })
    rec.count('migration.refused')
    rec.point(p.lane, this.world.now, 'control', `move to ${to.name} refused: ${reason}`)
  }

  /** Called by a context whose destination failed: the move is abandoned. */
  abandoned(ctx: MigrationContext, reason: string): void {
    const rec = this.world.recorder
    this.refusals.push({ t: this.world.now, process: ctx.process.name, to: ctx.to.name, reason })
    rec.count('migration.abandoned')
    rec.point(ctx.process.lane, this.world.now, 'failure', `move to ${ctx.to.name} abandoned: ${reason}`)
  }

  private start(p: Process, to: Node, trigger: MigrationTrigger, decidedAt: Time): void {
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
      namingUpdatedAt: null,
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

  /** Called by the context when a move has ended (complete, abandoned, or its process died). */
  finished(ctx: MigrationContext): void {
    this.active.delete(ctx.process)
    this.drain(ctx.process)
  }

  /** Starts the next queued move of `p`, if any (checked again: things changed while it waited). */
  private drain(p: Process): void {
    const k = this.queue.findIndex((q) => q.process === p)
    if (k < 0) return
    const next = this.queue.splice(k, 1)[0]
    const reason = this.check(p, next.to)
    if (reason) {
      this.refuse(p, next.to, reason)
      this.drain(p)
      return
    }
    this.start(p, next.to, next.trigger, next.decidedAt)
  }
}

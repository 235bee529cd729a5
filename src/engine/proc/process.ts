// A process: a global identity (its name), a current host, a memory model, kernel state (open
// files, transport endpoints) and a life cycle — running → (pre-copy rounds while running) →
// frozen → transferring → resumed on the destination — or stalled (waiting for a failed residual
// dependency), or dead. Every phase change is reported to the observers with the span of the
// phase that ended, which is how the timeline gets its phase segments.

import { parseSize, type Scheduler, type Time } from '../core'
import type { Address } from '../net/address'
import type { Node } from '../net/node'
import type { ProcessSpec } from '../scenario/spec'
import type { TransportStack } from '../transport/stack'
import type { Stream } from '../transport/stream'
import { type TcpConnection, TcpState } from '../transport/tcp'
import type { UdpSocket } from '../transport/udp'
import { type HostCpu, ProcessThread } from './cpu'
import { MemoryModel } from './memory'
import { ScenarioError } from './scenario-error'

export type ProcessPhase = 'running' | 'precopy' | 'frozen' | 'transferring' | 'stalled' | 'dead'

/** Kernel bytes per TCP control block with its buffers' metadata (moved with the process). */
export const TCB_BYTES = 2048

export interface ProcessObserver {
  /** The process leaves `phase`, which it had been in since `since`. */
  phaseEnded?(p: Process, phase: ProcessPhase, since: Time, now: Time): void
  frozen?(p: Process): void
  resumed?(p: Process, from: Node, to: Node): void
  died?(p: Process, why: string): void
}

/** A server socket the process listens on; re-established wherever the process runs. */
export interface ProcessListener {
  port: number
  onAccept: (s: Stream) => void
}

export class Process {
  readonly memory: MemoryModel
  readonly kernelState: number
  readonly openFiles: number
  readonly migratable: boolean
  private currentPhase: ProcessPhase = 'running'
  /** When the current phase began. */
  phaseSince: Time = 0
  /** What the current span of the phase is, for the timeline (e.g. "round 2: 102 MB"); null: nothing more. */
  phaseNote: string | null = null
  /** Where the move in progress goes (null when not moving). */
  migratingTo: Node | null = null
  readonly thread: ProcessThread
  /** TCP control blocks the process owns: kernel state that moves with it. */
  readonly connections = new Set<TcpConnection>()
  readonly udpSockets = new Set<UdpSocket>()
  readonly servers: ProcessListener[] = []
  /** Addresses that belong to the process itself (per-process home address, LAN address, EID...). */
  readonly addresses: Address[] = []
  readonly observers: ProcessObserver[] = []
  /** Number of moves so far. */
  moves = 0
  /** Why the process died, if it did. */
  deathCause: string | null = null

  constructor(
    readonly spec: ProcessSpec,
    public host: Node,
    readonly home: Node,
    cpu: HostCpu,
    readonly lane: number,
    private readonly sched: Scheduler,
  ) {
    try {
      this.memory = new MemoryModel(spec.memory)
    } catch (e) {
      throw new ScenarioError(`process "${spec.name}": ${(e as Error).message}`)
    }
    this.kernelState = parseSize(spec.kernelState)
    this.openFiles = spec.openFiles
    this.migratable = spec.migratable
    this.thread = new ProcessThread(sched, spec.cpuDemand)
    this.thread.moveTo(cpu)
  }

  get name(): string {
    return this.spec.name
  }

  get phase(): ProcessPhase {
    return this.currentPhase
  }

  get alive(): boolean {
    return this.currentPhase !== 'dead'
  }

  /** Enters a phase of the life cycle (the observers see the span of the one that ends). */
  enter(next: ProcessPhase): void {
    if (next === this.currentPhase) return
    const now = this.sched.now
    for (const o of this.observers) o.phaseEnded?.(this, this.currentPhase, this.phaseSince, now)
    this.currentPhase = next
    this.phaseSince = now
    this.phaseNote = null
  }

  /**
   * Ends the current phase's span and starts the same phase again: the boundary between two
   * pre-copy rounds, so each round is a segment of its own on the timeline.
   */
  splitPhase(): void {
    const now = this.sched.now
    if (now <= this.phaseSince) return
    for (const o of this.observers) o.phaseEnded?.(this, this.currentPhase, this.phaseSince, now)
    this.phaseSince = now
    this.phaseNote = null
  }

  /** The transport stack of the host the process runs on. */
  stack(): TransportStack {
    return this.host.upper as TransportStack
  }

  /** Forgets connections that have closed (they no longer move with the process). */
  pruneConnections(): void {
    for (const c of this.connections) if (c.state === TcpState.CLOSED) this.connections.delete(c)
  }

  /** Kernel bytes that move with the process besides memory: PCB and the like, files, TCBs. */
  kernelBytes(): number {
    this.pruneConnections()
    return this.kernelState + this.openFiles * 256 + this.connections.size * TCB_BYTES
  }

  /** Runs `work` reference-ns of computation in the process, then calls `done` (never if it dies). */
  compute(work: Time, done: () => void): void {
    if (!this.alive) return
    this.thread.run(work, done)
  }

  freeze(): void {
    this.enter('frozen')
    this.thread.block('frozen')
    for (const c of this.connections) c.freeze()
    for (const o of this.observers) o.frozen?.(this)
  }

  /**
   * Continues on `to` (the memory model starts counting dirty pages afresh). The transport
   * endpoints stay frozen until thawEndpoints(): the naming architecture moves or rebinds them
   * first, so nothing is sent from the old host or the old address.
   */
  resumeOn(to: Node, cpu: HostCpu, now: Time): void {
    this.enter('running')
    this.host = to
    this.migratingTo = null
    this.moves++
    this.thread.moveTo(cpu)
    this.memory.cleanSince = now
    this.thread.unblock('frozen')
  }

  /**
   * A move was abandoned after the freeze (its destination failed): the process continues where
   * it was; the endpoints thaw with thawEndpoints() once the architecture has re-established them.
   */
  resumeInPlace(): void {
    this.enter('running')
    this.migratingTo = null
    this.thread.unblock('frozen')
  }

  /** Waits for a failed node it depends on (stall), or continues when it is back. */
  stall(on: boolean): void {
    if (!this.alive) return
    if (on) {
      this.enter('stalled')
      this.thread.block('stalled')
    } else {
      this.enter('running')
      this.thread.unblock('stalled')
    }
  }

  /** Thaws the transport endpoints after a move and tells observers the process resumed. */
  thawEndpoints(from: Node): void {
    for (const c of this.connections) c.thaw()
    for (const o of this.observers) o.resumed?.(this, from, this.host)
  }

  kill(why: string): void {
    if (!this.alive) return
    this.enter('dead')
    this.migratingTo = null
    this.deathCause = why
    this.thread.kill()
    for (const c of [...this.connections]) c.terminate()
    this.connections.clear()
    for (const s of this.udpSockets) s.close()
    for (const o of this.observers) o.died?.(this, why)
  }
}

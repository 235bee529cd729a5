// CPU: each host has a capacity (relative to a reference machine) shared by the processes on it
// (processor sharing among the threads that have work, weighted by their CPU demand), and each
// process is one thread that runs tasks in order. A frozen or faulting process is blocked: its
// task makes no progress, so migration and lazy paging really cost the application time — and,
// like an idle one, it leaves its share of the host to the others meanwhile.

import { type Handler, type Scheduler, type Time, Timer } from '../core'
import type { Node } from '../net/node'

/** Work is measured in reference-CPU nanoseconds. */
interface Task {
  work: number
  done: () => void
}

/** Per-host CPU accounting: who is on the host, and the rate each runnable thread gets. */
export class HostCpu {
  readonly threads = new Set<ProcessThread>()

  constructor(readonly node: Node) {}

  /** Load: the CPU demand of the threads on this host that have work and are not blocked. */
  get load(): number {
    let l = 0
    for (const t of this.threads) if (t.runnable) l += t.demand
    return l
  }

  /** Execution rate of one thread (reference ns per ns): capacity shared by the load, at most 1. */
  rate(): number {
    return Math.min(1, this.node.cpu / Math.max(1, this.load))
  }

  add(t: ProcessThread): void {
    this.threads.add(t)
    this.rebalance()
  }

  remove(t: ProcessThread): void {
    this.threads.delete(t)
    this.rebalance()
  }

  /** The load changed: every running task continues at the new rate. */
  rebalance(): void {
    for (const t of this.threads) t.reschedule()
  }
}

export class ProcessThread implements Handler {
  hid = -1
  private readonly tasks: Task[] = []
  private head = 0
  /** Work left of the current task, as of `since`. */
  private remaining = 0
  private since: Time = 0
  private rate = 0
  private readonly timer: Timer
  /** Reasons the thread cannot run (frozen, faulting, dead). */
  private readonly blockers = new Set<string>()
  cpu: HostCpu | null = null
  /** Reference CPU ns executed so far. */
  executed = 0
  /** Total time blocked while it had work, by reason. */
  readonly blockedTime = new Map<string, Time>()
  private blockedSince: Time = -1

  constructor(
    private readonly sched: Scheduler,
    /** CPU demand this process places on its host (for sharing and load balancing). */
    public demand: number,
  ) {
    this.timer = new Timer(sched, this, 0)
  }

  get busy(): boolean {
    return this.head < this.tasks.length
  }

  get blocked(): boolean {
    return this.blockers.size > 0
  }

  /** Has work and may run: it takes its share of the host. */
  get runnable(): boolean {
    return this.busy && this.blockers.size === 0
  }

  isBlockedBy(reason: string): boolean {
    return this.blockers.has(reason)
  }

  /** Queues `work` reference-ns of computation; `done` is called when it has run. */
  run(work: number, done: () => void): void {
    this.tasks.push({ work: Math.max(0, work), done })
    if (this.tasks.length - this.head === 1) {
      // Idle until now: it starts sharing the host.
      this.remaining = this.tasks[this.head].work
      this.since = this.sched.now
      this.rebalanceOrSchedule()
    }
  }

  block(reason: string): void {
    if (this.blockers.has(reason)) return
    this.progress()
    const first = this.blockers.size === 0
    if (first) this.blockedSince = this.sched.now
    this.blockers.add(reason)
    this.timer.cancel()
    if (first) this.cpu?.rebalance()
  }

  unblock(reason: string): void {
    if (!this.blockers.delete(reason)) return
    if (this.blockers.size === 0) {
      const d = this.sched.now - this.blockedSince
      this.blockedTime.set(reason, (this.blockedTime.get(reason) ?? 0) + d)
      this.since = this.sched.now
      this.rebalanceOrSchedule()
    }
  }

  /** This thread's share changed the host's load: everyone there continues at the new rate. */
  private rebalanceOrSchedule(): void {
    if (this.cpu) this.cpu.rebalance()
    else this.schedule()
  }

  /** Moves the thread to another host's CPU. */
  moveTo(cpu: HostCpu): void {
    this.progress()
    this.cpu?.remove(this)
    this.cpu = cpu
    cpu.add(this)
  }

  /** The host's load changed. */
  reschedule(): void {
    this.progress()
    this.schedule()
  }

  /** Drops all queued work (the process died). */
  kill(): void {
    this.timer.cancel()
    this.tasks.length = 0
    this.head = 0
    this.blockers.add('dead')
    this.cpu?.remove(this)
    this.cpu = null
  }

  private progress(): void {
    if (!this.busy || this.blocked) return
    const now = this.sched.now
    const did = (now - this.since) * this.rate
    this.remaining = Math.max(0, this.remaining - did)
    this.executed += did
    this.since = now
  }

  private schedule(): void {
    if (!this.busy || this.blocked || this.cpu === null) return
    this.rate = this.cpu.rate()
    this.since = this.sched.now
    this.timer.set(Math.ceil(this.remaining / this.rate))
  }

  handle(): void {
    this.progress()
    const t = this.tasks[this.head]
    this.executed += this.remaining
    this.remaining = 0
    this.tasks[this.head] = undefined as unknown as Task
    this.head++
    if (this.head > 64 && this.head * 2 > this.tasks.length) {
      this.tasks.splice(0, this.head)
      this.head = 0
    }
    if (this.busy) {
      this.remaining = this.tasks[this.head].work
      this.since = this.sched.now
      this.schedule()
    } else this.cpu?.rebalance() // idle now: the others get its share
    t.done()
  }
}

// RunJob and RunResult: what goes into one simulation run and the only thing that comes out of
// it. Everything downstream (store, statistics, charts, reports) reads these, never the engine's
// internals. All times are integer nanoseconds of simulated time; all sizes are bytes.

import type { PacketRecord } from '../metrics/packet-trace'
import type { SweepValue } from '../scenario/spec'

/** One simulation run of a study: an architecture × mechanism × sweep point × replication. */
export interface RunJob {
  architecture: string
  mechanism: string
  /** Index of the sweep point in the study's expansion (0 when there is no sweep). */
  pointIndex: number
  /** The sweep parameters of that point: path -> value. */
  point: Record<string, SweepValue>
  /** Replication number, from 0. */
  replication: number
  /**
   * Seed of the run. Derived from (spec seed, point, replication) and NOT from the architecture or
   * mechanism, so the runs compared within a replication share their random numbers.
   */
  seed: number
}

/** A process's life cycle phases, and the other spans a timeline shows. */
export type SegmentKind =
  | 'running'
  | 'precopy'
  | 'frozen'
  | 'transferring'
  | 'residual'
  | 'stalled'
  | 'outage'
  | 'connected'
  | 'tunnelled'
  | 'forwarded'
  | 'down'

/** Instantaneous things a timeline shows. */
export type PointKind =
  | 'host-change'
  | 'retransmission'
  | 'timeout'
  | 'reset'
  | 'reconnect'
  | 'control'
  | 'failure'
  | 'recovery'
  | 'page-fault'
  | 'drop'

export interface TimelineLane {
  id: string
  kind: 'process' | 'connection' | 'agent' | 'node'
  label: string
}

/**
 * A compact timeline: one row per segment or point, in columns (so a million records stay
 * cheap to move between threads and to store). `detail` indexes `strings` (-1 for none).
 */
export interface Timeline {
  lanes: TimelineLane[]
  segments: { lane: number[]; start: number[]; end: number[]; kind: SegmentKind[]; detail: number[] }
  points: { lane: number[]; t: number[]; kind: PointKind[]; detail: number[] }
  strings: string[]
  /** True when the engine dropped records to keep the timeline under its size limit. */
  truncated: boolean
}

export interface ResidualDependency {
  /** The node the migrated process still depends on. */
  node: string
  /** What the dependency is, e.g. "home agent binding", "forwarding entry", "pages on source". */
  what: string
  from: number
  /** When the dependency ended; null when it lasts for the rest of the run (permanent). */
  until: number | null
}

export interface ConnectionMigrationEffect {
  connection: string
  /** Time from freeze until the first byte from the peer reaches the process again (ns); null if never. */
  outageIn: number | null
  /** Time from freeze until the first byte from the process reaches the peer again (ns); null if never. */
  outageOut: number | null
  /** Packets that were sent toward the old location and lost. */
  lost: number
  retransmissions: number
  /** Steady-state one-way delay peer->process after / shortest-path delay peer->new host. */
  stretchAfter: number | null
  broken: boolean
}

export interface MigrationRecord {
  id: number
  process: string
  from: string
  to: string
  trigger: 'scheduled' | 'eviction' | 'load-balance'
  decidedAt: number
  freezeAt: number
  resumeAt: number
  /** When the last residual dependency of the move itself ended (pages pulled, push done), or resumeAt. */
  completedAt: number
  freeze: number
  total: number
  /** Pre-copy rounds, bytes per round (empty for other mechanisms). */
  rounds: number[]
  bytes: { memory: number; kernel: number; toServer: number; fromServer: number; faults: number; total: number }
  pageFaults: number
  /**
   * When the naming architecture's update for this move was complete (binding acknowledged,
   * locators updated, forwarding in place); null when it needs none or it never completed.
   */
  namingUpdatedAt: number | null
  /** Naming-architecture signalling caused by this move. */
  controlMessages: number
  controlBytes: number
  residualDependencies: ResidualDependency[]
  connections: ConnectionMigrationEffect[]
}

export interface ConnectionRecord {
  id: string
  workload: string
  process: string
  peer: string
  transport: string
  openedAt: number | null
  closedAt: number | null
  bytesDelivered: number
  retransmissions: number
  timeouts: number
  resets: number
  reconnects: number
  /** Spans with no delivery in one direction longer than the outage threshold. */
  outages: { from: number; to: number; direction: 'in' | 'out' }[]
}

export interface RunResult {
  /** Hash of (spec, job, engine version): the results store's key. */
  key: string
  job: RunJob
  engineVersion: string
  status: 'ok' | 'failed'
  /** Why a failed run failed. */
  error?: string
  /**
   * Simulated time reached (ns) and events dispatched. Wall-clock time is not part of a result:
   * a result is a pure function of (spec, job, engine version), byte for byte.
   */
  simulated: number
  events: number
  /**
   * Flat scalar metrics, named `<group>.<metric>[.<stat>]`, e.g. `migration.freeze.mean`,
   * `connection.outage.max`, `interactive.echo.p99`, `bsp.slowdown`. Units: ns for times,
   * bytes for sizes, plain numbers otherwise (the name says which).
   */
  summary: Record<string, number>
  migrations: MigrationRecord[]
  connections: ConnectionRecord[]
  /** Per-workload series for CDFs and time plots, e.g. echo latencies (ns) and when they were measured. */
  samples: Record<string, { t: number[]; v: number[] }>
  drops: Record<string, number>
  timeline: Timeline
  /**
   * Every packet transmission and drop inside the traced window — only in runs made with
   * SimulateOptions.trace (the detail views rerun a stored job with it); never stored.
   */
  packets?: { records: PacketRecord[]; truncated: boolean }
}

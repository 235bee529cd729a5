// The lab service's API: the one typed surface the renderer talks to, whatever carries it —
// Electron IPC in the desktop app, a WebSocket in `miglab serve`. Types only (plain,
// structured-clone/JSON-safe data), so the renderer, the preload script, the transports and the
// service all import it without pulling in Node.

import type { PacketKind, PacketRecord } from '../engine/metrics/packet-trace'
import type { AnalysisTable } from '../engine/metrics/table'
import type { FigureKind, FigureModel } from '../engine/report/figure-model'
import type { ResultsTable } from '../engine/report/results-table'
import type { ConnectionRecord, MigrationRecord, RunJob, RunResult, Timeline } from '../engine/run/result'
import type { ScenarioSpec, ScenarioSpecInput } from '../engine/scenario/spec'

/** A problem in a spec or script, placed where it is. */
export interface LabError {
  path: string
  message: string
  file?: string
  line?: number
  column?: number
}

export interface AppInfo {
  miglab: string
  engine: string
  electron?: string
  chrome?: string
  node: string
  /** 'desktop' inside Electron; 'browser' against `miglab serve`. */
  transport: 'desktop' | 'browser'
}

export interface CatalogItem {
  id: string
  title: string
  description: string
}

export interface Catalog {
  architectures: CatalogItem[]
  mechanisms: CatalogItem[]
  workloads: CatalogItem[]
}

export interface ExampleInfo {
  id: string
  title: string
  description: string
  /** Folder of the example project on the serving machine. */
  path: string
}

export interface DirEntry {
  name: string
  path: string
  kind: 'folder' | 'file'
  /** A folder holding a MigLab project (miglab.json). */
  project: boolean
}

export interface DirListing {
  path: string
  parent: string | null
  entries: DirEntry[]
}

/** The editable content of a project: the drawn spec, the editor layout, the script. */
export interface ProjectDraft {
  name: string
  spec: ScenarioSpecInput
  layout: Record<string, unknown>
  settings: { scriptTimeLimit: string; scriptMemoryLimit: string }
  script: string | null
}

export interface OpenedProject {
  path: string
  draft: ProjectDraft
  /** A newer unsaved draft recovered from autosave, if any (the user chooses). */
  recovered: { draft: ProjectDraft; savedAt: string } | null
  /** Warnings about the project files (upgraded format, notes). */
  notes: string[]
}

export interface Override {
  path: string
  note: string
}

export type CompileOutcome =
  | { ok: true; spec: ScenarioSpec; notes: string[]; overrides: Override[]; runs: number }
  | { ok: false; errors: LabError[] }

/** What a user chooses in the run form (writes the same spec the script can set). */
export interface RunRequest {
  project: string
  /** Drafts not yet saved are compiled as they are. */
  draft: ProjectDraft
  architectures?: string[]
  mechanisms?: string[]
  replications?: number
  workers?: number
}

export interface RunJobStatus {
  key: string
  job: RunJob
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'skipped'
  progress: number
  error?: string
  wallMs?: number
}

export interface RunStatus {
  id: string
  project: string
  study: string
  state: 'running' | 'done' | 'cancelled' | 'failed'
  total: number
  /** Jobs this run finished with a result (failed ones are counted apart). */
  done: number
  /** Jobs this run finished as failed (their results, with the reason, are stored too). */
  failed: number
  /** Jobs the results store already held, so not run again. */
  skipped: number
  etaMs: number | null
  startedAt: string
  jobs: RunJobStatus[]
  error?: string
}

/** A row of the run browser: one stored run without its heavy parts. */
export interface RunSummary {
  key: string
  job: RunJob
  status: RunResult['status']
  error?: string
  summary: Record<string, number>
  migrations: number
  /** True when the run belongs to the project's current study (its spec and engine version). */
  current: boolean
  /** When it finished, if the store knows (ISO 8601). */
  finishedAt?: string
  wallMs?: number
}

export interface RunQuery {
  architecture?: string
  mechanism?: string
  pointIndex?: number
  seed?: number
  /** 'study' (the default): the current study's runs; 'store': every run the store holds. */
  scope?: 'study' | 'store'
}

/** A view of a stored run's timeline: exact when the window holds few records, merged otherwise. */
export interface TimelineWindow {
  key: string
  /** The run's simulated span [0, duration] in ns. */
  duration: number
  from: number
  to: number
  /** Records in the whole run (segments + points), before any downsampling. */
  total: number
  /** False when records were merged to fit `maxRecords`. */
  exact: boolean
  timeline: Timeline
}

export type ExportFormat = 'svg' | 'pdf' | 'tex' | 'csv' | 'md'

/**
 * A figure of the current study's results, as the report library builds it (figure-requests.ts):
 * what a result view draws (LabApi.figure) and what Export writes are built from the same query.
 */
export interface FigureQuery {
  figure: FigureKind
  metric?: string
  /** metric-bars and paired-difference: one panel per metric. */
  metrics?: string[]
  parameter?: string
  runKey?: string
  /** For the timeline: MigrationRecord.id within the run (default: its first migration). */
  migration?: number
  /** Sweep point of single-point figures (default: the first). */
  point?: number
  /** paired-difference: the configuration subtracted (default: the spec's compare.baseline). */
  baseline?: { architecture: string; mechanism: string }
  /** Only these mechanisms, in this order (bar and difference figures). */
  mechanisms?: string[]
  scale?: 'linear' | 'log' | 'auto'
}

export interface ExportRequest {
  project: string
  /** A figure, or a table. */
  what:
    | ({ kind: 'figure'; width?: 'single' | 'double' } & FigureQuery)
    | { kind: 'table'; table: 'metrics' | 'intrusiveness'; metrics?: string[] }
  format: ExportFormat
}

export interface ExportResult {
  filename: string
  mime: string
  /** Text formats as text; PDF as base64. */
  text?: string
  base64?: string
}

export interface PacketTrace {
  records: PacketRecord[]
  /** True when the window held more records than the limit (the first ones are kept). */
  truncated: boolean
}

/** A stored run without its heavy parts (timeline, samples), for the run view. */
export interface RunInfo {
  key: string
  job: RunJob
  status: RunResult['status']
  error?: string
  engineVersion: string
  simulated: number
  events: number
  summary: Record<string, number>
  migrations: MigrationRecord[]
  connections: ConnectionRecord[]
  /** Records in its timeline (segments + points). */
  records: number
  /** True when the run belongs to the project's current study: only such runs can be rerun for detail. */
  current: boolean
  /** The topology the run was made on (the current study's), or null when the run is not current. */
  topology: ScenarioSpec['topology'] | null
}

/** The packets of one kind that crossed one hop (a channel "a->b") in a window. */
export interface HopTraffic {
  hop: string
  /** The hop's ends: node or network names. */
  from: string
  to: string
  kind: PacketKind
  packets: number
  bytes: number
  dropped: number
}

/** Where a run's traffic went in a window of simulated time, per hop and kind. */
export interface TrafficWindow {
  from: number
  to: number
  packets: number
  hops: HopTraffic[]
  /** True when the trace stopped at its record limit before the window's end (the counts are partial). */
  truncated: boolean
}

/** Events pushed by the service. */
export type LabEvent = { kind: 'run'; status: RunStatus } | { kind: 'project-changed'; path: string }

export interface LabApi {
  info(): Promise<AppInfo>
  catalog(): Promise<Catalog>
  examples(): Promise<ExampleInfo[]>
  /** Folders on the machine running the service (for the browser's folder picker). */
  listDir(path?: string): Promise<DirListing>
  createProject(path: string, name: string): Promise<OpenedProject>
  openProject(path: string): Promise<OpenedProject>
  /** Opens a copy of a bundled example in a new folder. */
  copyExample(id: string, path: string): Promise<OpenedProject>
  saveProject(path: string, draft: ProjectDraft): Promise<void>
  /** Keeps an unsaved draft safe (recovered by openProject after a crash). */
  autosave(path: string, draft: ProjectDraft): Promise<void>
  discardAutosave(path: string): Promise<void>
  recentProjects(): Promise<string[]>
  compile(draft: ProjectDraft, filename?: string): Promise<CompileOutcome>
  /** The scripting API's typings plus the project's element names, for the editor. */
  typings(draft: ProjectDraft): Promise<{ api: string; names: string }>
  startRun(req: RunRequest): Promise<RunStatus>
  cancelRun(id: string): Promise<void>
  runs(): Promise<RunStatus[]>
  listResults(project: string, query?: RunQuery): Promise<RunSummary[]>
  getResult(project: string, key: string): Promise<RunResult | null>
  analysis(project: string): Promise<AnalysisTable | null>
  /**
   * The part of a stored run's timeline a view of [from, to] (ns) shows, downsampled to at most
   * `maxRecords` records (default 20,000) — exact when the window holds no more than that.
   * Without a window, the whole run.
   */
  timeline(
    project: string,
    key: string,
    window?: { from: number; to: number; maxRecords?: number },
  ): Promise<TimelineWindow>
  /**
   * The packets behind a stretch of a stored run's timeline: the run's job is rerun
   * deterministically with full tracing from `from` to `to` (ns of simulated time), keeping the
   * first `limit` records (default 200,000).
   */
  tracePackets(project: string, key: string, from: number, to: number, limit?: number): Promise<PacketTrace>
  /** A stored run's record without its timeline and samples, and its topology when it is current. */
  runInfo(project: string, key: string): Promise<RunInfo>
  /**
   * Where a current run's traffic went in each window (per hop and packet kind): the job is rerun
   * deterministically with full tracing over the windows' span, and the packets are counted.
   */
  runTraffic(project: string, key: string, windows: { from: number; to: number }[]): Promise<TrafficWindow[]>
  /**
   * A figure of the current study's results as a plain model (the app draws it with the same
   * ECharts option the SVG export renders); errors say what the results lack.
   */
  figure(project: string, query: FigureQuery): Promise<FigureModel>
  /** The current study's results table (means with 95 % intervals per configuration), or null before any run. */
  resultsTable(project: string): Promise<ResultsTable | null>
  export(req: ExportRequest): Promise<ExportResult>
  /** Subscribes to service events; returns an unsubscribe function. */
  subscribe(listener: (e: LabEvent) => void): () => void
}

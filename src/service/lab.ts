// The lab service: everything the app does with files, scripts and simulations, in one place that
// both transports share — Electron IPC in the desktop app and the WebSocket of `miglab serve` —
// so a researcher gets the same behaviour, and the same errors, in either. It implements LabApi
// (api.ts) exactly; the transports only check arguments and carry calls, answers and events.

import { randomUUID } from 'node:crypto'
import { access, readFile } from 'node:fs/promises'
import { availableParallelism, homedir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { AVAILABLE, AVAILABLE_IDS } from '../engine/available'
import { ARCHITECTURES, type CatalogEntry, MECHANISMS, WORKLOADS } from '../engine/catalog'
import type { TraceWindow } from '../engine/metrics/packet-trace'
import type { AnalysisTable } from '../engine/metrics/table'
import { downsampleTimeline, recordsInWindow } from '../engine/metrics/timeline'
import type { FigureModel } from '../engine/report/figure-model'
import type { ResultsTable } from '../engine/report/results-table'
import type { RunResult } from '../engine/run/result'
import { knownNamesDts } from '../engine/scenario/api/known-names'
import type { ScriptRunner } from '../engine/scenario/compile'
import type { ScenarioSpec } from '../engine/scenario/spec'
import { validateSpec } from '../engine/scenario/validate'
import { ENGINE_VERSION } from '../engine/version'
import type {
  AppInfo,
  Catalog,
  CompileOutcome,
  DirListing,
  ExampleInfo,
  ExportRequest,
  ExportResult,
  FigureQuery,
  LabApi,
  LabEvent,
  OpenedProject,
  PacketTrace,
  ProjectDraft,
  RunInfo,
  RunQuery,
  RunRequest,
  RunStatus,
  RunSummary,
  TimelineWindow,
  TrafficWindow,
} from './api'
import { discardAutosave, readAutosave, writeAutosave } from './autosave'
import { compileDraft } from './compile-draft'
import { listDirectory } from './dir-listing'
import { copyExampleTo, listExamples } from './examples'
import { exportArtefact, figureModel, resultsTableModel } from './export-artefact'
import { LabCallError } from './lab-error'
import { PathGuard } from './path-guard'
import { SimulationPool } from './pool'
import { MANIFEST_FILE, newManifest, RESULTS_DIR, readProject, writeProject } from './project'
import { draftOf, manifestOf, sameDraft } from './project-draft'
import { RecentProjects } from './recent-projects'
import { RunCache } from './run-cache'
import { runScriptInWorker } from './run-script-in-worker'
import { RunTracker } from './run-tracker'
import { countTraffic } from './run-traffic'
import { ResultsStore } from './store'
import { analysisOf, inStudy, runSummaries, type StudyRuns, studyRuns } from './study-runs'
import { runSweep } from './sweep'

export interface LabServiceOptions {
  transport: AppInfo['transport']
  /** The MigLab version (package.json). */
  version: string
  /** The built worker entries (out/cli/scenario-worker.js and run-worker.js). */
  workers: { scenario: string; run: string }
  /** resources/: scenario-api.d.ts and examples/. */
  resourcesDir: string
  /** The recent projects list (a JSON file in the user's configuration folder). */
  recentFile: string
  /** Folders calls may touch (`miglab serve --root`); null: anywhere (the desktop app). */
  roots: string[] | null
  /** Worker threads per run when the run form does not say; default: the number of CPUs. */
  runWorkers?: number
  /** Wall-clock limit per simulation job; default 10 minutes. */
  jobTimeoutMs?: number
  /** Where problems that are nobody's call go (a damaged bundled example); default stderr. */
  warn?: (message: string) => void
}

interface ActiveRun {
  tracker: RunTracker
  controller: AbortController
  finished: Promise<void>
}

/** How often a running study's progress is pushed to the renderer, at most. */
const PROGRESS_INTERVAL_MS = 250
/** Records a traffic count may hold (a second of a busy study holds tens of thousands). */
const TRAFFIC_TRACE_LIMIT = 600_000

/** Finished runs kept in runs() so the queue still shows them. */
const KEEP_FINISHED = 20

const catalogItems = (entries: readonly CatalogEntry[], available: readonly string[]) =>
  entries.filter((e) => available.includes(e.id)).map(({ id, title, description }) => ({ id, title, description }))

/** Whether a study's runs hold any result to tabulate (failed runs carry only their reason). */
function succeeded(runs: StudyRuns): boolean {
  return runs.runs.some((r) => r.status === 'ok')
}

export class LabService implements LabApi {
  private readonly guard: PathGuard
  private readonly examplesDir: string
  private readonly recent: RecentProjects
  private readonly listeners = new Set<(e: LabEvent) => void>()
  private readonly active = new Map<string, ActiveRun>()
  /** Parsed runs a timeline view zooms through (a million-record run parses in about a second). */
  private readonly runCache = new RunCache(4)
  private readonly finished: RunStatus[] = []
  private readonly runScript: ScriptRunner
  private readonly warn: (message: string) => void

  constructor(private readonly o: LabServiceOptions) {
    this.examplesDir = join(o.resourcesDir, 'examples')
    this.guard = new PathGuard({ roots: o.roots, readOnly: [this.examplesDir] })
    this.recent = new RecentProjects(o.recentFile)
    this.warn = o.warn ?? ((m) => console.warn(`miglab: ${m}`))
    this.runScript = (input, limits) =>
      runScriptInWorker((options) => new Worker(o.workers.scenario, options), input, limits)
  }

  async info(): Promise<AppInfo> {
    const info: AppInfo = {
      miglab: this.o.version,
      engine: ENGINE_VERSION,
      node: process.versions.node,
      transport: this.o.transport,
    }
    if (process.versions.electron) info.electron = process.versions.electron
    if (process.versions.chrome) info.chrome = process.versions.chrome
    return info
  }

  async catalog(): Promise<Catalog> {
    return {
      architectures: catalogItems(ARCHITECTURES, AVAILABLE.architectures),
      mechanisms: catalogItems(MECHANISMS, AVAILABLE.mechanisms),
      workloads: catalogItems(WORKLOADS, AVAILABLE.workloads),
    }
  }

  examples(): Promise<ExampleInfo[]> {
    return listExamples(this.examplesDir, this.warn)
  }

  listDir(path?: string): Promise<DirListing> {
    return listDirectory(this.guard, path ?? this.guard.roots?.[0] ?? homedir())
  }

  async createProject(path: string, name: string): Promise<OpenedProject> {
    const dir = this.guard.writable(path, 'the new project folder')
    if (await exists(join(dir, MANIFEST_FILE)))
      throw new LabCallError('BadRequest', `${path} already holds a MigLab project: open it, or choose another folder`)
    await writeProject(dir, { manifest: newManifest(name) })
    return this.opened(dir)
  }

  async openProject(path: string): Promise<OpenedProject> {
    const dir = this.guard.readable(path.endsWith(MANIFEST_FILE) ? join(path, '..') : path, 'the project')
    return this.opened(dir)
  }

  async copyExample(id: string, path: string): Promise<OpenedProject> {
    const target = this.guard.writable(path, 'the folder for the copy')
    await copyExampleTo(this.examplesDir, id, target)
    return this.opened(target)
  }

  async saveProject(path: string, draft: ProjectDraft): Promise<void> {
    const dir = this.guard.writable(path, 'the project folder')
    await writeProject(dir, { manifest: manifestOf(draft), script: draft.script ?? undefined })
    // What was autosaved is now saved; a later autosave would be newer and is kept.
    await discardAutosave(dir)
    await this.recent.add(dir)
    this.emit({ kind: 'project-changed', path: dir })
  }

  async autosave(path: string, draft: ProjectDraft): Promise<void> {
    const dir = this.guard.writable(path, 'the project folder')
    if (!(await exists(dir))) throw new LabCallError('NotFound', `${path}: no such project folder to autosave into`)
    writeAutosave(dir, draft)
  }

  async discardAutosave(path: string): Promise<void> {
    await discardAutosave(this.guard.writable(path, 'the project folder'))
  }

  async recentProjects(): Promise<string[]> {
    const all = await this.recent.list()
    return all.filter((dir) => {
      try {
        this.guard.writable(dir, 'a recent project')
        return true
      } catch {
        return false
      }
    })
  }

  /** Forgets the recent projects (the desktop menu's Clear Recent; not part of LabApi). */
  clearRecentProjects(): Promise<void> {
    return this.recent.clear()
  }

  compile(draft: ProjectDraft, filename?: string): Promise<CompileOutcome> {
    return compileDraft(draft, this.runScript, filename)
  }

  async typings(draft: ProjectDraft): Promise<{ api: string; names: string }> {
    const api = await readFile(join(this.o.resourcesDir, 'scenario-api.d.ts'), 'utf8')
    return { api, names: knownNamesDts(draft.spec as Record<string, unknown>) }
  }

  async startRun(req: RunRequest): Promise<RunStatus> {
    const project = this.guard.writable(req.project, 'the project')
    if (!(await exists(join(project, MANIFEST_FILE))))
      throw new LabCallError(
        'NotFound',
        `${req.project} is not a MigLab project folder (no ${MANIFEST_FILE}): save it first`,
      )
    for (const run of this.active.values()) {
      if (run.tracker.status.project === project)
        throw new LabCallError(
          'Busy',
          `a run of this project is already going (${run.tracker.status.study}); cancel it first`,
        )
    }
    const spec = await this.studyOf(req)
    const store = ResultsStore.open(join(project, RESULTS_DIR))
    const id = randomUUID()
    const tracker = new RunTracker(id, project, spec, (key) => store.has(key))
    const controller = new AbortController()
    const pool = new SimulationPool({
      workerFile: this.o.workers.run,
      workers: req.workers ?? this.o.runWorkers ?? availableParallelism(),
      jobTimeoutMs: this.o.jobTimeoutMs,
    })
    const publish = throttled(() => this.emit({ kind: 'run', status: structuredClone(tracker.status) }))
    const finished = runSweep({
      spec,
      store,
      pool,
      signal: controller.signal,
      onEvent: (e) => (tracker.apply(e) ? publish.now() : publish.soon()),
    })
      .then(
        (summary) => tracker.finish({ summary }),
        (e: unknown) => tracker.finish({ error: e instanceof Error ? e.message : String(e) }),
      )
      .finally(async () => {
        await pool.close()
        this.active.delete(id)
        this.finished.unshift(tracker.status)
        this.finished.splice(KEEP_FINISHED)
        publish.now()
      })
    this.active.set(id, { tracker, controller, finished })
    publish.now()
    return structuredClone(tracker.status)
  }

  async cancelRun(id: string): Promise<void> {
    const run = this.active.get(id)
    if (!run) {
      if (this.finished.some((s) => s.id === id)) return
      throw new LabCallError('NotFound', `there is no run ${id}`)
    }
    run.controller.abort()
    await run.finished
  }

  async runs(): Promise<RunStatus[]> {
    return structuredClone([...[...this.active.values()].map((r) => r.tracker.status), ...this.finished])
  }

  async listResults(project: string, query?: RunQuery): Promise<RunSummary[]> {
    return runSummaries(this.guard.readable(project, 'the project'), query)
  }

  async getResult(project: string, key: string): Promise<RunResult | null> {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new LabCallError('BadRequest', `"${key}" is not a run key`)
    const dir = this.guard.readable(project, 'the project')
    return new ResultsStore(join(dir, RESULTS_DIR)).get(key) ?? null
  }

  async analysis(project: string): Promise<AnalysisTable | null> {
    const runs = studyRuns(this.guard.readable(project, 'the project'))
    return runs && succeeded(runs) ? analysisOf(runs) : null
  }

  async timeline(
    project: string,
    key: string,
    window?: { from: number; to: number; maxRecords?: number },
  ): Promise<TimelineWindow> {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new LabCallError('BadRequest', `"${key}" is not a run key`)
    const dir = this.guard.readable(project, 'the project')
    const result = this.runCache.get(new ResultsStore(join(dir, RESULTS_DIR)), key)
    if (!result) throw new LabCallError('NotFound', `the store holds no run ${key.slice(0, 12)}`)
    const t = result.timeline
    const duration = result.simulated
    const from = window?.from ?? 0
    const to = window?.to ?? duration
    if (to < from) throw new LabCallError('BadRequest', `the window ends (${to}) before it starts (${from})`)
    const maxRecords = window?.maxRecords ?? 20_000
    const total = t.segments.lane.length + t.points.lane.length
    const exact = recordsInWindow(t, from, to) <= maxRecords
    const timeline = downsampleTimeline(t, from, to, maxRecords)
    return { key, duration, from, to, total, exact, timeline }
  }

  async tracePackets(project: string, key: string, from: number, to: number, limit?: number): Promise<PacketTrace> {
    if (to < from) throw new LabCallError('BadRequest', `the window ends (${to}) before it starts (${from})`)
    return this.rerunTraced(project, key, limit === undefined ? { from, to } : { from, to, limit })
  }

  async runInfo(project: string, key: string): Promise<RunInfo> {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new LabCallError('BadRequest', `"${key}" is not a run key`)
    const dir = this.guard.readable(project, 'the project')
    const store = new ResultsStore(join(dir, RESULTS_DIR))
    const r = this.runCache.get(store, key)
    if (!r) throw new LabCallError('NotFound', `the store holds no run ${key.slice(0, 12)}`)
    const study = store.study()
    const current = study !== undefined && inStudy(study, r)
    const info: RunInfo = {
      key: r.key,
      job: r.job,
      status: r.status,
      engineVersion: r.engineVersion,
      simulated: r.simulated,
      events: r.events,
      summary: r.summary,
      migrations: r.migrations,
      connections: r.connections,
      records: r.timeline.segments.lane.length + r.timeline.points.lane.length,
      current,
      topology: current && study ? study.spec.topology : null,
    }
    if (r.error !== undefined) info.error = r.error
    return info
  }

  async runTraffic(project: string, key: string, windows: { from: number; to: number }[]): Promise<TrafficWindow[]> {
    if (windows.length === 0) throw new LabCallError('BadRequest', 'name at least one window')
    for (const w of windows)
      if (w.to < w.from) throw new LabCallError('BadRequest', `a window ends (${w.to}) before it starts (${w.from})`)
    const from = Math.min(...windows.map((w) => w.from))
    const to = Math.max(...windows.map((w) => w.to))
    const trace = await this.rerunTraced(project, key, { from, to, limit: TRAFFIC_TRACE_LIMIT })
    return countTraffic(trace.records, windows, trace.truncated)
  }

  /** Reruns a current run's job deterministically with full tracing in a window, in a worker. */
  private async rerunTraced(project: string, key: string, window: TraceWindow): Promise<PacketTrace> {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new LabCallError('BadRequest', `"${key}" is not a run key`)
    const runs = studyRuns(this.guard.readable(project, 'the project'))
    const stored = runs?.runs.find((r) => r.key === key)
    if (!runs || !stored)
      throw new LabCallError(
        'NotFound',
        `run ${key.slice(0, 12)} is not among the project's current results (a run of an earlier spec or engine version cannot be rerun)`,
      )
    const pool = new SimulationPool({ workerFile: this.o.workers.run, workers: 1 })
    try {
      const { result } = await pool.run(runs.study.spec, stored.job, key, undefined, undefined, window)
      if (result.status !== 'ok' || !result.packets) {
        throw new LabCallError('RunFailed', `rerunning ${key.slice(0, 12)} failed: ${result.error ?? 'no trace'}`)
      }
      return result.packets
    } finally {
      await pool.close()
    }
  }

  async figure(project: string, query: FigureQuery): Promise<FigureModel> {
    return figureModel(this.resultsOf(project), query)
  }

  async resultsTable(project: string): Promise<ResultsTable | null> {
    const runs = studyRuns(this.guard.readable(project, 'the project'))
    return runs && succeeded(runs) ? resultsTableModel(runs) : null
  }

  /** The current study's runs, or a NotFound that says to run it. */
  private resultsOf(project: string): StudyRuns {
    const runs = studyRuns(this.guard.readable(project, 'the project'))
    if (!runs || runs.runs.length === 0)
      throw new LabCallError('NotFound', `${project} has no results yet: run the comparison first`)
    if (!succeeded(runs)) {
      const n = runs.runs.length
      throw new LabCallError(
        'NotFound',
        `${project} has no results yet: ${n === 1 ? 'its one run' : `all ${n} runs`} failed (the run queue and Runs say why)`,
      )
    }
    return runs
  }

  async export(req: ExportRequest): Promise<ExportResult> {
    return exportArtefact(this.resultsOf(req.project), req)
  }

  subscribe(listener: (e: LabEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Stops every run (the results already stored are kept) and waits for the workers to end. */
  async close(): Promise<void> {
    const runs = [...this.active.values()]
    for (const r of runs) r.controller.abort()
    await Promise.all(runs.map((r) => r.finished))
  }

  private emit(e: LabEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch (err) {
        this.warn(`an event listener failed: ${(err as Error).message}`)
      }
    }
  }

  private async opened(dir: string): Promise<OpenedProject> {
    const project = await readProject(dir)
    const draft = draftOf(project)
    const notes = [...project.notes]
    let recovered: OpenedProject['recovered'] = null
    const autosaved = await readAutosave(dir)
    if (autosaved.kind === 'draft') {
      if (sameDraft(autosaved.draft, draft)) await discardAutosave(dir)
      else recovered = { draft: autosaved.draft, savedAt: autosaved.savedAt }
    } else if (autosaved.kind === 'damaged') {
      notes.push(`the autosaved draft could not be read (${autosaved.why}); it was kept as ${autosaved.keptAs}`)
    }
    await this.recent.add(dir)
    return { path: dir, draft, recovered, notes }
  }

  /** The draft compiled, with the run form's choices applied and checked like the script's own. */
  private async studyOf(req: RunRequest): Promise<ScenarioSpec> {
    const compiled = await this.compile(req.draft)
    if (!compiled.ok)
      throw new LabCallError('SpecErrors', 'the scenario has errors: fix them to run it', compiled.errors)
    const spec = compiled.spec
    const chosen = {
      ...spec,
      compare: {
        ...spec.compare,
        architectures: req.architectures ?? spec.compare.architectures,
        mechanisms: req.mechanisms ?? spec.compare.mechanisms,
      },
      replications: req.replications === undefined ? spec.replications : { count: req.replications },
    }
    const checked = validateSpec(chosen, { available: AVAILABLE_IDS })
    if (!checked.ok)
      throw new LabCallError('SpecErrors', 'the choices in the run form do not fit the scenario', checked.errors)
    return checked.spec
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}

/** Coalesces progress ticks into one push per interval; `now` pushes at once (state changes). */
function throttled(push: () => void): { now: () => void; soon: () => void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  const now = () => {
    if (timer) clearTimeout(timer)
    timer = null
    push()
  }
  return {
    now,
    soon: () => {
      timer ??= setTimeout(now, PROGRESS_INTERVAL_MS)
    },
  }
}

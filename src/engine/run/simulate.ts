// One run: a validated spec and a job in, a RunResult out. Builds the world (topology, transport
// stacks, DNS, processes, the naming architecture, the migration mechanism, workloads, triggers,
// failures), runs it for the spec's duration, and reduces what the recorder saw. Deterministic:
// the same spec and job give the same result, byte for byte.

import { parseDuration, Scheduler } from '../core'
import { Metrics } from '../metrics/metrics'
import { PacketTracer, type TraceWindow } from '../metrics/packet-trace'
import { closeTimeline, processTimeline } from '../metrics/timeline'
import { DnsServer } from '../names/dns'
import { ArchitectureRefusal } from '../naming/architecture'
import { createArchitecture } from '../naming/registry'
import type { Node } from '../net/node'
import { buildTopology, TopologyError } from '../net/topology'
import { nodeAt } from '../proc/elements'
import { mechanism } from '../proc/mechanisms/registry'
import { Migrator } from '../proc/migrator'
import { Process } from '../proc/process'
import { ScenarioError } from '../proc/scenario-error'
import { scheduleFailures, scheduleMigrations, schedulePolicies } from '../proc/triggers'
import type { ScenarioSpec } from '../scenario/spec'
import { applySweepPoint } from '../scenario/sweep'
import { World } from '../sim/world'
import { ENGINE_VERSION } from '../version'
import { BspWorkload } from '../workload/bsp'
import { createWorkload, remotePeers } from '../workload/registry'
import type { Workload } from '../workload/workload'
import type { RunJob, RunResult } from './result'

export interface SimulateOptions {
  /** The results store's key for this run (hash of spec, job and engine version). */
  key?: string
  /** Checked now and then; returning true abandons the run (the result is marked failed). */
  shouldStop?: () => boolean
  /** Fraction of simulated time done, now and then. */
  onProgress?: (fraction: number) => void
  /**
   * Record every packet transmission and drop in this window (for detail views). Such a rerun
   * stops at the window's end: only its packets are wanted.
   */
  trace?: TraceWindow
}

/** A configuration the engine refuses, with a message for the user. */
export class RunError extends Error {
  override name = 'RunError'
}

function dnsHost(world: World): Node {
  return world.agentNode('dnsServer', () => {
    const first = world.clusterHosts()[0]
    return (first && world.gatewayOf(first)) ?? world.net.nodes.find((n) => n.kind === 'router') ?? world.net.nodes[0]
  })
}

/** Builds the world of a run, ready to start. Exposed for tests that drive a world by hand. */
export function buildWorld(spec: ScenarioSpec, job: RunJob): { world: World; workloads: Workload[] } {
  const sched = new Scheduler(4096)
  const net = buildTopology(sched, job.seed, spec.topology)
  const world = new World(spec, job, sched, net)
  for (const n of net.nodes) world.stack(n)
  world.metrics = new Metrics(world)
  world.dns = new DnsServer(dnsHost(world))
  for (const ps of spec.processes) {
    const host = world.node(ps.host)
    const p = new Process(
      ps,
      host,
      world.node(ps.home ?? ps.host),
      world.cpu(host),
      world.recorder.lane(`proc:${ps.name}`, 'process', ps.name),
      sched,
    )
    p.observers.push(processTimeline(world.recorder))
    world.processes.set(ps.name, p)
  }
  // A host that crashes loses its processes and its transport state: what it held is gone, so
  // peers get silence while it is down and resets once it is back.
  net.nodeObservers.push((node, up) => {
    if (up) return
    for (const p of world.processes.values()) if (p.alive && p.host === node) p.kill(`host ${node.name} failed`)
    for (const c of world.stack(node).connections()) c.terminate()
  })
  world.arch = createArchitecture(job.architecture, world)
  for (const [i, w] of spec.workloads.entries()) {
    for (const peer of remotePeers(w)) {
      const why = world.arch.refusePeer(nodeAt(world, `workloads[${i}].${peer.field}`, peer.node))
      if (why) throw new ArchitectureRefusal(`${job.architecture} cannot serve workload "${w.name}": ${why}`)
    }
  }
  world.arch.install()
  world.migrator = new Migrator(world, mechanism(job.mechanism))
  const workloads = spec.workloads.map((w) => createWorkload(world, w))
  return { world, workloads }
}

export function simulate(spec: ScenarioSpec, job: RunJob, options: SimulateOptions = {}): RunResult {
  const base = {
    key: options.key ?? '',
    job,
    engineVersion: ENGINE_VERSION,
  }
  let world: World | undefined
  try {
    let s = spec
    if (Object.keys(job.point).length > 0) {
      const applied = applySweepPoint(spec, job.point)
      if (!applied.ok) throw new RunError(applied.errors.map((e) => `${e.path}: ${e.message}`).join('; '))
      s = applied.spec
    }
    const built = buildWorld(s, job)
    world = built.world
    const w = world
    if (options.trace)
      w.net.tracer = new PacketTracer(
        options.trace,
        () => w.sched.now,
        (a, v6) => w.net.fmt(a, v6),
      )
    scheduleWorkloads(w, built.workloads)
    scheduleMigrations(w)
    schedulePolicies(w)
    scheduleFailures(w)
    const outcome = w.sched.run({
      until: options.trace ? Math.min(w.duration, options.trace.to) : w.duration,
      checkEvery: 16384,
      shouldStop: options.shouldStop,
      onProgress: options.onProgress ? (now) => options.onProgress?.(now / w.duration) : undefined,
    })
    if (outcome === 'stopped') throw new RunError('the run was cancelled')
    for (const wl of built.workloads) wl.stop()
    giveBspBaselines(s, job, built.workloads, options.shouldStop)
    const result = finish(w, built.workloads, base)
    if (w.net.tracer) result.packets = { records: w.net.tracer.records, truncated: w.net.tracer.truncated }
    return result
  } catch (e) {
    const known =
      e instanceof RunError ||
      e instanceof ArchitectureRefusal ||
      e instanceof TopologyError ||
      e instanceof ScenarioError
    return {
      ...base,
      status: 'failed',
      error: known ? (e as Error).message : `${(e as Error).name}: ${(e as Error).message}`,
      simulated: world?.now ?? 0,
      events: world?.sched.events ?? 0,
      summary: {},
      migrations: [],
      connections: [],
      samples: {},
      drops: {},
      timeline: {
        lanes: [],
        segments: { lane: [], start: [], end: [], kind: [], detail: [] },
        points: { lane: [], t: [], kind: [], detail: [] },
        strings: [],
        truncated: false,
      },
    }
  }
}

function scheduleWorkloads(w: World, workloads: Workload[]): void {
  for (const wl of workloads) {
    const ws = w.spec.workloads.find((x) => x.name === wl.name)!
    w.sched.call(parseDuration(ws.start), () => wl.start())
    const stop = ws.stop ? parseDuration(ws.stop) : w.duration
    if (stop < w.duration) w.sched.call(stop, () => wl.stop())
  }
}

// A parallel computation's slowdown is against the same run without migration: the same spec and
// job (hence the same seed and per-entity random streams, so the same compute phases) with the
// migrations and policies removed. It runs here only when the spec has a BSP workload and
// something that moves processes, and is kept cheap: it stops as soon as every BSP workload has
// finished its iterations, nothing of it is reduced into a result, and its iteration times are
// cached (per worker, a few specs) for the next job that differs only in its mechanism — which
// cannot matter when nothing moves.
const BASELINE_CACHE_SIZE = 8
const baselineCache = new Map<string, Map<string, readonly number[]>>()

function giveBspBaselines(
  spec: ScenarioSpec,
  job: RunJob,
  workloads: Workload[],
  shouldStop: (() => boolean) | undefined,
): void {
  const bsps = workloads.filter((wl): wl is BspWorkload => wl instanceof BspWorkload)
  if (bsps.length === 0 || (spec.migrations.length === 0 && spec.policies.length === 0)) return
  const still: ScenarioSpec = { ...spec, migrations: [], policies: [] }
  const key = JSON.stringify([job.architecture, job.seed, still])
  let times = baselineCache.get(key)
  if (!times) {
    const { world, workloads: again } = buildWorld(still, job)
    scheduleWorkloads(world, again)
    scheduleFailures(world)
    const baseBsps = again.filter((wl): wl is BspWorkload => wl instanceof BspWorkload)
    const outcome = world.sched.run({
      until: world.duration,
      checkEvery: 4096,
      shouldStop: () => baseBsps.every((b) => b.finished) || shouldStop?.() === true,
    })
    if (outcome === 'stopped' && shouldStop?.()) throw new RunError('the run was cancelled')
    times = new Map(baseBsps.map((b) => [b.name, [...b.iterationTimes]]))
    if (baselineCache.size >= BASELINE_CACHE_SIZE) baselineCache.delete(baselineCache.keys().next().value!)
    baselineCache.set(key, times)
  }
  for (const b of bsps) b.setBaseline(times.get(b.name) ?? [])
}

/**
 * The workloads' metrics. A workload alone of its kind reports as `<kind>.<metric>`; when a study
 * has several of one kind, each reports under its own name, `<kind>:<name>.<metric>`, so none
 * overwrites another.
 */
function summarizeWorkloads(workloads: Workload[], summary: Record<string, number>): void {
  const perKind = new Map<string, number>()
  for (const wl of workloads) perKind.set(wl.kind, (perKind.get(wl.kind) ?? 0) + 1)
  for (const wl of workloads) {
    if (perKind.get(wl.kind) === 1) {
      wl.summarize(summary)
      continue
    }
    const own: Record<string, number> = {}
    wl.summarize(own)
    const prefix = `${wl.kind}.`
    for (const [k, v] of Object.entries(own)) {
      summary[k.startsWith(prefix) ? `${wl.kind}:${wl.name}.${k.slice(prefix.length)}` : k] = v
    }
  }
}

function finish(w: World, workloads: Workload[], base: Pick<RunResult, 'key' | 'job' | 'engineVersion'>): RunResult {
  const rec = w.recorder
  w.metrics.finishMigrations()
  const end = w.now
  closeTimeline(w, end)
  const summary: Record<string, number> = {}
  w.metrics.summarize(summary)
  summarizeWorkloads(workloads, summary)
  summary['sim.events'] = w.sched.events
  const samples: RunResult['samples'] = {}
  for (const [k, v] of rec.samples) samples[k] = v
  const drops: Record<string, number> = {}
  for (const [k, v] of Object.entries(w.net.drops)) if (v > 0) drops[k] = v
  return {
    ...base,
    status: 'ok',
    simulated: end,
    events: w.sched.events,
    summary,
    migrations: rec.migrations,
    connections: w.metrics.connectionRecords(),
    samples,
    drops,
    timeline: rec.timeline(),
  }
}

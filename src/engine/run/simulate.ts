// One run: a validated spec and a job in, a RunResult out. Builds the world (topology, transport
// stacks, DNS, processes, the naming architecture, the migration mechanism, workloads, triggers,
// failures), runs it for the spec's duration, and reduces what the recorder saw. Deterministic:
// the same spec and job give the same result, byte for byte.

import { parseDuration, Scheduler } from '../core'
import { Metrics } from '../metrics/metrics'
import { DnsServer } from '../names/dns'
import { ArchitectureRefusal } from '../naming/architecture'
import { createArchitecture } from '../naming/registry'
import type { Node } from '../net/node'
import { buildTopology, TopologyError } from '../net/topology'
import { mechanism } from '../proc/mechanisms/registry'
import { Migrator } from '../proc/migrator'
import { Process } from '../proc/process'
import { scheduleEviction, scheduleFailures, scheduleLoadBalancing, scheduleMigrations } from '../proc/triggers'
import type { ScenarioSpec } from '../scenario/spec'
import { applySweepPoint } from '../scenario/sweep'
import { World } from '../sim/world'
import { ENGINE_VERSION } from '../version'
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
    world.processes.set(ps.name, p)
  }
  world.arch = createArchitecture(job.architecture, world)
  for (const w of spec.workloads) {
    for (const peer of remotePeers(w)) {
      const why = world.arch.refusePeer(world.node(peer))
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
    for (const wl of built.workloads) {
      const ws = s.workloads.find((x) => x.name === wl.name)!
      w.sched.call(parseDuration(ws.start), () => wl.start())
      const stop = ws.stop ? parseDuration(ws.stop) : w.duration
      if (stop < w.duration) w.sched.call(stop, () => wl.stop())
    }
    scheduleMigrations(w)
    for (const p of s.policies) {
      if (p.kind === 'eviction') scheduleEviction(w, p)
      else scheduleLoadBalancing(w, p)
    }
    scheduleFailures(w)
    const outcome = w.sched.run({
      until: w.duration,
      checkEvery: 16384,
      shouldStop: options.shouldStop,
      onProgress: options.onProgress ? (now) => options.onProgress?.(now / w.duration) : undefined,
    })
    if (outcome === 'stopped') throw new RunError('the run was cancelled')
    for (const wl of built.workloads) wl.stop()
    return finish(w, built.workloads, base)
  } catch (e) {
    const known = e instanceof RunError || e instanceof ArchitectureRefusal || e instanceof TopologyError
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

function finish(w: World, workloads: Workload[], base: Pick<RunResult, 'key' | 'job' | 'engineVersion'>): RunResult {
  const rec = w.recorder
  w.metrics.finishMigrations()
  const end = w.now
  // Running segments of each process between its moves, and its residual dependencies.
  for (const p of w.processes.values()) {
    let start = 0
    for (const m of rec.migrations.filter((x) => x.process === p.name && x.freezeAt >= 0)) {
      const stopRunning =
        m.rounds.length > 1 || (m.rounds.length === 1 && m.freezeAt > m.decidedAt) ? m.decidedAt : m.freezeAt
      rec.segment(p.lane, start, stopRunning, 'running', m.from)
      start = m.resumeAt >= 0 ? m.resumeAt : end
    }
    if (p.alive) rec.segment(p.lane, start, end, 'running', p.host.name)
    for (const r of rec.residuals.filter((x) => x.process === p.name))
      rec.segment(p.lane, r.from, r.until ?? end, 'residual', `${r.what} (${r.node})`)
  }
  for (const s of rec.sessions) {
    for (const m of rec.migrations.filter((x) => x.process === s.process && x.freezeAt >= 0)) {
      const e = m.connections.find((c) => c.connection === s.id)
      const outage = e ? Math.max(e.outageIn ?? 0, e.outageOut ?? 0) : 0
      if (outage > 0) rec.segment(s.lane, m.freezeAt, m.freezeAt + outage, 'outage', `migration ${m.id}`)
    }
  }
  const summary: Record<string, number> = {}
  w.metrics.summarize(summary)
  for (const wl of workloads) wl.summarize(summary)
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

// Running a spec by hand for a validation case: build the world, start its workloads and moves,
// stop at given times to look inside (the agents' tables), run to the end.
import { parseDuration } from '../core'
import type { RunJob } from '../run/result'
import { buildWorld } from '../run/simulate'
import { ScenarioSpec, type ScenarioSpecInput } from '../scenario/spec'
import type { World } from '../sim/world'

export function job(architecture: string, mechanism: string): RunJob {
  return { architecture, mechanism, pointIndex: 0, point: {}, replication: 0, seed: 1 }
}

export function spec(input: ScenarioSpecInput): ScenarioSpec {
  return ScenarioSpec.parse(input)
}

export function drive(s: ScenarioSpec, j: RunJob, at: Record<string, (w: World) => void> = {}): World {
  const { world, workloads } = buildWorld(s, j)
  for (const w of workloads)
    world.sched.call(parseDuration(s.workloads.find((x) => x.name === w.name)!.start), () => w.start())
  for (const m of s.migrations) {
    world.sched.call(parseDuration(m.at), () =>
      world.migrator.request(world.process(m.process), world.node(m.to), 'scheduled'),
    )
  }
  for (const [t, fn] of Object.entries(at)) world.sched.call(parseDuration(t), () => fn(world))
  world.sched.run({ until: world.duration })
  world.metrics.finishMigrations()
  return world
}

/** A LAN of hosts (and an optional file server) at a rate chosen so TCP's goodput is `goodput` B/s. */
export function lanCluster(goodput: number, hosts: string[], fileServer: boolean): ScenarioSpecInput['topology'] {
  // A full segment carries 1460 payload bytes in 1538 bytes of Ethernet wire time.
  const rate = `${(goodput * 8 * 1538) / 1460}bps`
  const nodes: NonNullable<ScenarioSpecInput['topology']['nodes']> = hosts.map((name) => ({
    name,
    kind: 'host' as const,
    attach: [{ network: 'lan' }],
  }))
  if (fileServer) nodes.push({ name: 'fs', kind: 'host', role: 'infrastructure', attach: [{ network: 'lan' }] })
  return { networks: [{ name: 'lan', kind: 'lan', bandwidth: rate, latency: '50us' }], nodes }
}

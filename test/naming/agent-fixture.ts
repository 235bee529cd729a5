// Variants of the interactive fixture for architectures with infrastructure agents, and a way to
// run one by hand with a probe or an intervention. The variants: an
// infrastructure host behind the gateway (where a rendezvous server, a directory or a name server
// can run, and fail, without taking the cluster down), a second remote user who starts typing
// later (a new contact after the move), and a user who types once every few seconds (one segment
// in flight, so only its retransmission timer recovers it).

import { scheduleMigrations } from '../../src/engine/proc/triggers'
import type { RunJob } from '../../src/engine/run/result'
import { buildWorld } from '../../src/engine/run/simulate'
import type { ScenarioSpec, ScenarioSpecInput } from '../../src/engine/scenario/spec'
import type { World } from '../../src/engine/sim/world'
import { interactiveSpec } from '../sim/fixtures'

type Over = Partial<ScenarioSpecInput>
type Workload = Extract<NonNullable<ScenarioSpecInput['workloads']>[number], { kind: 'interactive' }>

/** The fixture with an infrastructure host `agent` 5 ms behind the gateway and a second remote host `remote2`. */
export function agentSpec(agent: string, over: Over = {}): ScenarioSpec {
  const base = interactiveSpec()
  return interactiveSpec({
    topology: {
      networks: base.topology.networks,
      nodes: [
        ...base.topology.nodes,
        { name: agent, kind: 'host', role: 'infrastructure' },
        { name: 'remote2', kind: 'host', role: 'remote' },
      ],
      links: [
        ...base.topology.links,
        { name: 'infra', a: 'gw', b: agent, bandwidth: '100Mbps', latency: '5ms' },
        { name: 'wan2', a: 'gw', b: 'remote2', bandwidth: '10Mbps', latency: '20ms' },
      ],
    },
    ...over,
  })
}

/** The fixture's typing workload. */
export const typing: Workload = {
  kind: 'interactive',
  name: 'typing',
  process: 'shell',
  client: 'remote',
  thinkTime: { dist: 'exponential', mean: '100ms' },
}

/** A second user, on remote2, who connects to the same process at `start`. */
export function lateUser(start: string): Workload {
  return {
    kind: 'interactive',
    name: 'late',
    process: 'shell',
    client: 'remote2',
    port: 5001,
    start,
    thinkTime: { dist: 'exponential', mean: '100ms' },
  }
}

/** The fixture's user typing once every `think` (the keystroke typed at the 10 s freeze is lost). */
export function sparseTyping(think = '5s'): Workload {
  return { ...typing, thinkTime: { dist: 'constant', value: think } }
}

/** Marks `node` as a legacy host (an unmodified stack). */
export function withLegacy(spec: ScenarioSpec, node: string): ScenarioSpec {
  return {
    ...spec,
    topology: {
      ...spec.topology,
      nodes: spec.topology.nodes.map((n) => (n.name === node ? { ...n, legacy: true } : n)),
    },
  }
}

/**
 * Runs a world by hand, as simulate() does (workloads, scheduled migrations), with `setup` called
 * before it starts and `poke` at time `at`; returns the world at the end of the run.
 */
export function driveWorld(
  spec: ScenarioSpec,
  job: RunJob,
  setup: ((w: World) => void) | null,
  at = 0,
  poke: ((w: World) => void) | null = null,
): World {
  const { world: w, workloads } = buildWorld(spec, job)
  setup?.(w)
  for (const wl of workloads) w.sched.call(0, () => wl.start())
  scheduleMigrations(w)
  if (poke) w.sched.call(at, () => poke(w))
  w.sched.run({ until: w.duration })
  return w
}

// Specs for the workload tests: a workstation cluster (four hosts on a 100 Mbit/s LAN behind a
// gateway), remote nodes across a WAN link, processes and workloads given by each test. Every
// test runs its spec twice, without and with migration, and compares.

import type { RunJob, RunResult } from '../../src/engine/run/result'
import { simulate } from '../../src/engine/run/simulate'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { ScenarioSpec } from '../../src/engine/scenario/spec'

export function clusterSpec(over: Partial<ScenarioSpecInput>): ScenarioSpec {
  return ScenarioSpec.parse({
    specVersion: 1,
    name: 'workload-test',
    duration: '20s',
    topology: {
      networks: [{ name: 'cluster', kind: 'lan', bandwidth: '100Mbps', latency: '100us' }],
      nodes: [
        { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
        ...['ws1', 'ws2', 'ws3', 'ws4'].map((name) => ({
          name,
          kind: 'host' as const,
          attach: [{ network: 'cluster' }],
        })),
        { name: 'remote', kind: 'host', role: 'remote' },
        { name: 'remote2', kind: 'host', role: 'remote' },
      ],
      links: [
        { name: 'wan', a: 'gw', b: 'remote', bandwidth: '10Mbps', latency: '20ms' },
        { name: 'wan2', a: 'gw', b: 'remote2', bandwidth: '10Mbps', latency: '5ms' },
      ],
    },
    compare: { architectures: ['none'], mechanisms: ['eager-all'] },
    ...over,
  } satisfies ScenarioSpecInput)
}

export function job(mechanism = 'eager-all', seed = 1, architecture = 'none'): RunJob {
  return { architecture, mechanism, pointIndex: 0, point: {}, replication: 0, seed }
}

export function run(spec: ScenarioSpec, mechanism = 'eager-all'): RunResult {
  const r = simulate(spec, job(mechanism))
  if (r.status !== 'ok') throw new Error(`run failed: ${r.error}`)
  return r
}

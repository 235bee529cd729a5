// A small founding-study-like spec for engine tests: a workstation cluster on a LAN behind a
// gateway, a WAN link to a remote user, one interactive process that moves once.

import type { RunJob } from '../../src/engine/run/result'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { ScenarioSpec } from '../../src/engine/scenario/spec'

export function interactiveSpec(over: Partial<ScenarioSpecInput> = {}): ScenarioSpec {
  const input: ScenarioSpecInput = {
    specVersion: 1,
    name: 'interactive-once',
    duration: '30s',
    topology: {
      networks: [{ name: 'cluster', kind: 'lan', prefix: '10.1.0.0/24', bandwidth: '100Mbps', latency: '100us' }],
      nodes: [
        { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
        { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws3', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'remote', kind: 'host', role: 'remote' },
      ],
      links: [{ name: 'wan', a: 'gw', b: 'remote', bandwidth: '10Mbps', latency: '20ms' }],
    },
    processes: [{ name: 'shell', host: 'ws1', memory: { size: '8MB', touchedAfterResume: '1MB', dirtyRate: '1MB/s' } }],
    workloads: [
      {
        kind: 'interactive',
        name: 'typing',
        process: 'shell',
        client: 'remote',
        thinkTime: { dist: 'exponential', mean: '100ms' },
      },
    ],
    migrations: [{ process: 'shell', to: 'ws2', at: '10s' }],
    compare: { architectures: ['none'], mechanisms: ['eager-all'] },
    ...over,
  }
  return ScenarioSpec.parse(input)
}

export function job(architecture: string, mechanism: string, seed = 1): RunJob {
  return { architecture, mechanism, pointIndex: 0, point: {}, replication: 0, seed }
}

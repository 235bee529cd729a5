// A topology where a move exercises LISP's mapping updates: two cluster LANs behind their own
// tunnel routers (gw1, gw2), a core router, a remote LISP site (its ITR "rsite" in front of the
// user's machine), a legacy site reached through a proxy ITR ("pitr", off the direct path), and a
// Map-Server/Map-Resolver host ("ms"). The interactive job moves from ws1 (behind gw1) to ws3
// (behind gw2) at 10 s while a LISP-site user and a legacy user type into it.

import type { RunJob } from '../../src/engine/run/result'
import { ScenarioSpec, type ScenarioSpecInput } from '../../src/engine/scenario/spec'

export function twoSites(over: Partial<ScenarioSpecInput> = {}, think: ScenarioSpecInput['workloads'] = undefined) {
  const typing = (name: string, client: string, port: number) => ({
    kind: 'interactive' as const,
    name,
    process: 'shell',
    client,
    port,
    thinkTime: { dist: 'exponential' as const, mean: '100ms' },
  })
  return ScenarioSpec.parse({
    specVersion: 1,
    name: 'lisp-two-sites',
    duration: '30s',
    topology: {
      networks: [
        { name: 'c1', kind: 'lan', prefix: '10.1.0.0/24', bandwidth: '100Mbps', latency: '100us' },
        { name: 'c2', kind: 'lan', prefix: '10.2.0.0/24', bandwidth: '100Mbps', latency: '100us' },
      ],
      nodes: [
        { name: 'gw1', kind: 'router', attach: [{ network: 'c1' }] },
        { name: 'gw2', kind: 'router', attach: [{ network: 'c2' }] },
        { name: 'ws1', kind: 'host', attach: [{ network: 'c1' }] },
        { name: 'ws2', kind: 'host', attach: [{ network: 'c1' }] },
        { name: 'ws3', kind: 'host', attach: [{ network: 'c2' }] },
        { name: 'core', kind: 'router' },
        { name: 'rsite', kind: 'router' },
        { name: 'pitr', kind: 'router' },
        { name: 'ms', kind: 'host', role: 'infrastructure' },
        { name: 'remote', kind: 'host', role: 'remote' },
        { name: 'legacy', kind: 'host', role: 'remote', legacy: true },
      ],
      links: [
        { a: 'gw1', b: 'core', bandwidth: '100Mbps', latency: '1ms' },
        { a: 'gw2', b: 'core', bandwidth: '100Mbps', latency: '1ms' },
        { a: 'core', b: 'rsite', bandwidth: '10Mbps', latency: '15ms' },
        { a: 'rsite', b: 'remote', bandwidth: '10Mbps', latency: '1ms' },
        { a: 'core', b: 'legacy', bandwidth: '10Mbps', latency: '20ms' },
        { a: 'core', b: 'pitr', bandwidth: '100Mbps', latency: '5ms' },
        { a: 'core', b: 'ms', bandwidth: '100Mbps', latency: '2ms' },
      ],
    },
    agents: { mapServer: 'ms', proxyItr: 'pitr' },
    processes: [{ name: 'shell', host: 'ws1', memory: { size: '8MB', touchedAfterResume: '1MB', dirtyRate: '1MB/s' } }],
    workloads: think ?? [typing('typing', 'remote', 5000), typing('old', 'legacy', 5001)],
    migrations: [{ process: 'shell', to: 'ws3', at: '10s' }],
    compare: { architectures: ['lisp'], mechanisms: ['eager-all'] },
    ...over,
  })
}

/** One command every 5 s from the LISP-site user only: a lost segment is recovered only by the RTO. */
export function sparseTwoSites(size = '8MB', over: Partial<ScenarioSpecInput> = {}) {
  return twoSites(
    {
      processes: [{ name: 'shell', host: 'ws1', memory: { size, touchedAfterResume: '1MB', dirtyRate: '1MB/s' } }],
      ...over,
    },
    [
      {
        kind: 'interactive',
        name: 'typing',
        process: 'shell',
        client: 'remote',
        thinkTime: { dist: 'constant', value: '5s' },
      },
    ],
  )
}

export function lispJob(mechanism = 'eager-all'): RunJob {
  return { architecture: 'lisp', mechanism, pointIndex: 0, point: {}, replication: 0, seed: 1 }
}

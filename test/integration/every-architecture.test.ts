// Every architecture with every workload and a move runs to the end without an error, and with a
// destination that fails in the middle of the move (the process carries on where it was).
import { describe, expect, it } from 'vitest'
import { AVAILABLE } from '../../src/engine/available'
import { simulate } from '../../src/engine/run/simulate'
import { ScenarioSpec, type ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { job } from '../sim/fixtures'

function spec(over: Partial<ScenarioSpecInput>): ScenarioSpec {
  return ScenarioSpec.parse({
    specVersion: 1,
    name: 'every architecture',
    duration: '10s',
    topology: {
      networks: [
        { name: 'cluster', kind: 'lan', bandwidth: '100Mbps', latency: '100us' },
        { name: 'internet', kind: 'wan', latency: '10ms' },
      ],
      nodes: [
        { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }, { network: 'internet' }] },
        { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws3', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'user', kind: 'host', role: 'remote', attach: [{ network: 'internet' }] },
        { name: 'svc', kind: 'host', role: 'infrastructure', attach: [{ network: 'internet' }] },
      ],
    },
    processes: [
      { name: 'p1', host: 'ws1', memory: { size: '4MB', touchedAfterResume: '512KiB', dirtyRate: '1MB/s' } },
      { name: 'p2', host: 'ws2', memory: { size: '4MB', touchedAfterResume: '512KiB', dirtyRate: '1MB/s' } },
    ],
    agents: { rendezvousServer: 'svc', faraDirectory: 'svc' },
    compare: { architectures: ['none'], mechanisms: ['eager-all'] },
    ...over,
  })
}

const WORKLOADS: ScenarioSpecInput['workloads'] = [
  { kind: 'interactive', name: 'typing', process: 'p1', client: 'user' },
  {
    kind: 'bsp',
    name: 'solver',
    ranks: ['p1', 'p2'],
    iterations: 20,
    compute: { dist: 'constant', value: '50ms' },
    messageSize: '16KiB',
    external: [{ rank: 'p1', peer: 'user', role: 'coordinator', bytes: '8KiB' }],
  },
  { kind: 'web', name: 'shop', servers: ['p1'], clients: [{ node: 'user', count: 3 }] },
  { kind: 'bulk', name: 'copy', process: 'p1', peer: 'user', size: '2MB' },
]

describe.each(AVAILABLE.architectures)('%s', (architecture) => {
  it.each(WORKLOADS.map((w) => [w!.kind, w] as const))('runs the %s workload through a move', (_kind, workload) => {
    const r = simulate(
      spec({ workloads: [workload], migrations: [{ process: 'p1', to: 'ws3', at: '3s' }] }),
      job(architecture, 'pre-copy'),
    )
    expect(r.status, r.error).toBe('ok')
    expect(r.migrations).toHaveLength(1)
  })

  it('carries on at the source when the destination fails during the move', () => {
    const r = simulate(
      spec({
        workloads: [WORKLOADS[0]],
        migrations: [{ process: 'p1', to: 'ws3', at: '3s' }],
        failures: [{ kind: 'node', target: 'ws3', at: '3.05s' }],
      }),
      job(architecture, 'eager-all'),
    )
    expect(r.status, r.error).toBe('ok')
    expect(r.summary['process.died']).toBe(0)
  })
})

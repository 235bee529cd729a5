// Bad input gets a clear error that names the element. What the spec validator can see it reports
// with a path (validateSpec); what only the engine can know (a page size that is not a power of
// two, mechanism options, a policy with no eligible host, names in a spec that skipped validation)
// fails the run with a message that names the element, before the first event.

import { describe, expect, it } from 'vitest'
import { simulate } from '../../src/engine/run/simulate'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { validateSpec } from '../../src/engine/scenario/validate'
import { clusterSpec, job } from './specs'

const base: Partial<ScenarioSpecInput> = {
  duration: '5s',
  processes: [{ name: 'p', host: 'a', memory: { size: '1MB' } }],
  migrations: [{ process: 'p', to: 'b', at: '1s' }],
}

function failure(over: Partial<ScenarioSpecInput>, mechanism = 'eager-all'): string {
  const r = simulate(clusterSpec({ rate: '100Mbps', hosts: ['a', 'b', 'c'] }, { ...base, ...over }), job(mechanism))
  expect(r.status).toBe('failed')
  expect(r.simulated).toBe(0)
  return r.error ?? ''
}

describe('bad input', () => {
  it('a migration to an unknown host, or to a node that is not a cluster host', () => {
    expect(failure({ migrations: [{ process: 'p', to: 'zz', at: '1s' }] })).toBe('migrations[0].to: unknown node "zz"')
    expect(
      failure({
        topology: {
          networks: [{ name: 'lan', kind: 'lan' }],
          nodes: [
            { name: 'a', kind: 'host', attach: [{ network: 'lan' }] },
            { name: 'r', kind: 'router', attach: [{ network: 'lan' }] },
          ],
        },
        migrations: [{ process: 'p', to: 'r', at: '1s' }],
      }),
    ).toBe('migrations[0].to: "r" is not a cluster host')
  })

  it('a migration to the host the process is on: the validator names it; at run time it is refused', () => {
    const input = {
      specVersion: 1,
      name: 'same-host',
      duration: '5s',
      topology: {
        networks: [{ name: 'lan', kind: 'lan' }],
        nodes: ['a', 'b'].map((name) => ({ name, kind: 'host', attach: [{ network: 'lan' }] })),
      },
      processes: [{ name: 'p', host: 'a', memory: { size: '1MB' } }],
      migrations: [
        { process: 'p', to: 'b', at: '1s' },
        { process: 'p', to: 'b', at: '3s' },
      ],
      compare: { architectures: ['none'], mechanisms: ['eager-all'] },
    }
    const v = validateSpec(input)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.errors.map((e) => e.path)).toEqual(['migrations[1].to'])
    // A spec that skipped validation (or a policy that moved the process there first) gets a refusal.
    const r = simulate(clusterSpec({ rate: '100Mbps' }, { ...base, migrations: input.migrations }), job('eager-all'))
    expect(r.status).toBe('ok')
    expect(r.migrations).toHaveLength(1)
    expect(r.summary['migration.refused']).toBe(1)
  })

  it('a mechanism option out of range, of the wrong type, or unknown', () => {
    const opt = (o: Record<string, unknown>, mechanism = 'pre-copy') =>
      failure({ mechanismOptions: { [mechanism]: o } }, mechanism)
    expect(opt({ maxRounds: 0 })).toBe('mechanismOptions.pre-copy.maxRounds must be an integer >= 1, got 0')
    expect(opt({ stopPages: -5 })).toContain('mechanismOptions.pre-copy.stopPages must be an integer >= 0')
    expect(opt({ maxTotal: 0.5 })).toContain('mechanismOptions.pre-copy.maxTotal must be a number >= 1')
    expect(opt({ rateLimit: true, rateStart: '600Mbps' })).toContain(
      'mechanismOptions.pre-copy.rateStart is above rateMax',
    )
    expect(opt({ preset: 'vmware' })).toContain('mechanismOptions.pre-copy.preset must be "xen"')
    expect(opt({ stopPage: 50 })).toContain('mechanismOptions.pre-copy.stopPage: unknown option; known: fixedCost')
    expect(opt({ chunkPages: 1.5 }, 'post-copy')).toContain(
      'mechanismOptions.post-copy.chunkPages must be a positive integer',
    )
    expect(opt({ onSourceFailure: 'retry' }, 'copy-on-reference')).toContain(
      'mechanismOptions.copy-on-reference.onSourceFailure must be "die" or "stall"',
    )
    expect(opt({ faultHandler: '-1ms' }, 'flushing')).toContain(
      'mechanismOptions.flushing.faultHandler: a duration cannot be negative',
    )
  })

  it('a negative dirty rate (the validator) and a page size that is not a power of two (the engine)', () => {
    const input = {
      specVersion: 1,
      name: 'memory',
      duration: '5s',
      topology: {
        networks: [{ name: 'lan', kind: 'lan' }],
        nodes: [{ name: 'a', kind: 'host', attach: [{ network: 'lan' }] }],
      },
      processes: [{ name: 'p', host: 'a', memory: { size: '1MB', dirtyRate: '-1MB/s' } }],
      compare: { architectures: ['none'], mechanisms: ['eager-all'] },
    }
    const v = validateSpec(input)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.errors[0]).toMatchObject({ path: 'processes[0].memory.dirtyRate' })
    expect(failure({ processes: [{ name: 'p', host: 'a', memory: { size: '1MB', pageSize: '3000B' } }] })).toBe(
      'process "p": memory.pageSize "3000B" is not a power of two',
    )
  })

  it('a workload naming a process or node that does not exist, or ports beyond 65535', () => {
    expect(failure({ workloads: [{ kind: 'interactive', name: 'typing', process: 'nobody', client: 'b' }] })).toBe(
      'workloads[0].process: unknown process "nobody"',
    )
    expect(failure({ workloads: [{ kind: 'bulk', name: 'x', process: 'p', peer: 'far' }] })).toBe(
      'workloads[0].peer: unknown node "far"',
    )
    expect(
      failure({
        processes: [
          { name: 'p', host: 'a', memory: { size: '1MB' } },
          { name: 'q', host: 'b', memory: { size: '1MB' } },
        ],
        workloads: [{ kind: 'web', name: 'w', servers: ['p', 'q'], clients: [{ node: 'c' }], port: 65535 }],
      }),
    ).toBe('workloads[0].port: server k listens on port + k; 65535 + 1 is above 65535')
  })

  it('a policy that can never find an eligible host', () => {
    expect(failure({ policies: [{ kind: 'eviction', host: 'a', targets: ['a'], ownerReturns: ['2s'] }] })).toBe(
      'policies[0].targets: no eligible host to evict processes to from "a"',
    )
    expect(failure({ policies: [{ kind: 'load-balance', hosts: ['a', 'a'] }] })).toBe(
      'policies[0].hosts: load balancing needs at least two hosts, got 2',
    )
  })
})

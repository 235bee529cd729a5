import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatSpecError, type SpecError } from '../../src/engine/scenario/errors'
import { locateInJson, parseJsonText } from '../../src/engine/scenario/json-text'
import { validateSpec } from '../../src/engine/scenario/validate'
import { upgradeDocument, type VersionChain } from '../../src/engine/scenario/versions'

const text = readFileSync(new URL('./fixtures/interactive.json', import.meta.url), 'utf8')
const good = () => JSON.parse(text) as Record<string, any>

function errorsOf(spec: unknown, options = {}): SpecError[] {
  const r = validateSpec(spec, options)
  if (r.ok) throw new Error('expected the spec to be refused')
  return r.errors
}
const paths = (spec: unknown, options = {}) => errorsOf(spec, options).map((e) => e.path)

describe('validateSpec: a good spec', () => {
  it('is accepted with defaults filled in and links named', () => {
    const spec = good()
    spec.topology.links = [{ a: 'gw', b: 'remote', bandwidth: '10Mbps', latency: '30ms' }]
    const r = validateSpec(spec)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.notes).toEqual([])
    expect(r.spec.seed).toBe(1)
    expect(r.spec.topology.networks[0]!.mtu).toBe('1500B')
    expect(r.spec.topology.links[0]!.name).toBe('gw-remote')
    expect(r.spec.processes[0]!.memory.pageSize).toBe('4KiB')
  })
})

describe('validateSpec: shape errors name the path', () => {
  it('refuses a negative latency, a zero bandwidth and a tiny MTU at their fields', () => {
    const spec = good()
    spec.topology.links = [
      { name: 'uplink', a: 'gw', b: 'remote', bandwidth: '0Mbps', latency: '-5ms' },
      { a: 'gw', b: 'ws1', bandwidth: '1Gbps', latency: '1ms', mtu: '20B' },
    ]
    const errors = errorsOf(spec)
    expect(errors).toContainEqual({
      path: 'topology.links[0].bandwidth',
      message: expect.stringContaining('above zero'),
    })
    expect(errors).toContainEqual({ path: 'topology.links[0].latency', message: expect.stringContaining('negative') })
    expect(errors).toContainEqual({ path: 'topology.links[1].mtu', message: expect.stringContaining('at least 68B') })
  })

  it('refuses malformed and ambiguous units with the parser messages', () => {
    const spec = good()
    spec.processes[0].memory.size = '64KB'
    spec.duration = '30'
    const errors = errorsOf(spec)
    expect(errors).toContainEqual({ path: 'processes[0].memory.size', message: expect.stringContaining('ambiguous') })
    expect(errors).toContainEqual({ path: 'duration', message: expect.stringContaining('has no unit') })
  })

  it('points at a misspelt field and suggests the right one', () => {
    const spec = good()
    spec.processes[0].memory.dirtyRat = '1MB/s'
    expect(errorsOf(spec)).toEqual([
      { path: 'processes[0].memory.dirtyRat', message: 'unknown field "dirtyRat"; did you mean "dirtyRate"?' },
    ])
  })

  it('says what is missing and what kinds exist', () => {
    const spec = good()
    delete spec.compare.mechanisms
    spec.workloads[0].kind = 'interactiv'
    const errors = errorsOf(spec)
    expect(errors).toContainEqual({ path: 'compare.mechanisms', message: 'missing: expected an array' })
    expect(errors.find((e) => e.path.startsWith('workloads[0]'))!.message).toMatch(
      /"interactive", "bsp", "web", "bulk"/,
    )
  })

  it('reports a sweep range by what the range lacks, not as a bad list of values', () => {
    const spec = good()
    spec.sweep.parameters = [{ path: 'duration', from: 1, to: 5 }]
    expect(errorsOf(spec)).toEqual([{ path: 'sweep.parameters[0].steps', message: 'missing: expected a number' }])
  })

  it('checks distributions and failure times locally', () => {
    const spec = good()
    spec.workloads[0].thinkTime = { dist: 'uniform', min: '5ms', max: '1ms' }
    spec.failures = [{ kind: 'node', target: 'ws2', at: '5s', recover: '4s' }]
    expect(paths(spec)).toEqual(['workloads[0].thinkTime.max', 'failures[0].recover'])
  })
})

describe('validateSpec: meaning', () => {
  it('finds duplicate names and a node named like a network', () => {
    const spec = good()
    spec.topology.nodes.push({ name: 'ws1', kind: 'host' }, { name: 'cluster', kind: 'host' })
    spec.processes.push({ name: 'shell', host: 'ws2', memory: { size: '1MB' } })
    expect(paths(spec)).toEqual(['topology.nodes[4].name', 'topology.nodes[5].name', 'processes[1].name'])
  })

  it('finds unknown references everywhere', () => {
    const spec = good()
    spec.topology.nodes[1].attach.push({ network: 'dmz' })
    spec.topology.links = [{ a: 'gw', b: 'nowhere', bandwidth: '1Gbps', latency: '1ms' }]
    spec.processes[0].home = 'ws9'
    spec.workloads[0].client = 'client9'
    spec.migrations.push({ process: 'editor', to: 'ws2', at: '1s' })
    spec.policies = [{ kind: 'eviction', host: 'ws7', ownerReturns: ['5s'] }]
    spec.failures = [{ kind: 'link', target: 'uplink', at: '5s' }]
    spec.agents = { homeAgent: 'ha' }
    expect(paths(spec)).toEqual([
      'topology.nodes[1].attach[1].network',
      'topology.links[0].b',
      'processes[0].home',
      'workloads[0].client',
      'migrations[1].process',
      'policies[0].host',
      'failures[0].target',
      'agents.homeAgent',
    ])
    expect(errorsOf(spec)[1]!.message).toBe('unknown node "nowhere"; known nodes: gw, ws1, ws2, remote')
  })

  it('refuses a process on a router and migrations that cannot happen', () => {
    const spec = good()
    spec.processes.push({ name: 'daemon', host: 'gw', memory: { size: '1MB' } })
    spec.processes.push({ name: 'pinned', host: 'ws1', memory: { size: '1MB' }, migratable: false })
    spec.migrations = [
      { process: 'shell', to: 'ws2', at: '10s' },
      { process: 'shell', to: 'ws2', at: '20s' },
      { process: 'shell', to: 'remote', at: '25s' },
      { process: 'pinned', to: 'ws2', at: '5s' },
      { process: 'shell', to: 'ws1', at: '90s' },
    ]
    const errors = errorsOf(spec)
    expect(errors).toContainEqual({ path: 'processes[1].host', message: expect.stringContaining('is a router') })
    expect(errors).toContainEqual({ path: 'migrations[1].to', message: 'process "shell" is already on "ws2" at 20s' })
    expect(errors).toContainEqual({ path: 'migrations[2].to', message: expect.stringContaining('not a cluster host') })
    expect(errors).toContainEqual({ path: 'migrations[3].process', message: expect.stringContaining('not migratable') })
    expect(errors).toContainEqual({ path: 'migrations[4].at', message: '90s is after the end of the run (30s)' })
  })

  it('replays migrations in time order, not list order', () => {
    const spec = good()
    spec.migrations = [
      { process: 'shell', to: 'ws1', at: '20s' },
      { process: 'shell', to: 'ws2', at: '10s' },
    ]
    expect(validateSpec(spec).ok).toBe(true)
  })

  it('checks architecture and mechanism ids against the catalog and what is available', () => {
    const spec = good()
    spec.compare.architectures.push('mobile-ip', 'none')
    spec.compare.baseline = { architecture: 'hip', mechanism: 'eager-all' }
    spec.architectureOptions = { hipp: { puzzleCost: '1ms' } }
    const errors = errorsOf(spec, { available: ['none', 'tcp-migrate', 'eager-all', 'pre-copy'] })
    expect(errors).toEqual([
      {
        path: 'compare.architectures[1]',
        message: 'architecture "mobile-ipv4" is not yet available in this version of MigLab',
      },
      {
        path: 'compare.architectures[3]',
        message: expect.stringMatching(/^unknown architecture "mobile-ip"; known: none,/),
      },
      { path: 'compare.architectures[4]', message: '"none" is listed twice' },
      { path: 'compare.baseline.architecture', message: '"hip" is not among the compared architectures' },
      { path: 'architectureOptions.hipp', message: 'unknown architecture "hipp"' },
    ])
  })

  it('checks mechanism options as the run would, and says which option is wrong', () => {
    const spec = good()
    spec.mechanismOptions = {
      'pre-copy': { maxRounds: 0 },
      'eager-all': { fixdCost: '10ms' },
      flushing: { fixedCost: '10 parsecs' },
    }
    expect(errorsOf(spec)).toEqual([
      { path: 'mechanismOptions.pre-copy.maxRounds', message: 'must be an integer >= 1, got 0' },
      {
        path: 'mechanismOptions.eager-all.fixdCost',
        message: expect.stringMatching(/^unknown option; known: fixedCost/),
      },
      { path: 'mechanismOptions.flushing.fixedCost', message: expect.stringMatching(/unit|parsecs/) },
    ])
    spec.mechanismOptions = { 'pre-copy': { preset: 'xen', maxRounds: 5 } }
    expect(validateSpec(spec).ok).toBe(true)
  })
})

describe('specVersion', () => {
  it('refuses a spec from a newer MigLab with a clear message', () => {
    expect(errorsOf({ ...good(), specVersion: 7 })).toEqual([
      {
        path: 'specVersion',
        message: 'written by a newer MigLab: specVersion 7, this version reads up to 1; update MigLab to open it',
      },
    ])
  })

  it('asks for a missing version and refuses nonsense', () => {
    const { specVersion: _, ...rest } = good()
    expect(errorsOf(rest)[0]!.message).toBe('missing: write "specVersion": 1 (the version this MigLab writes)')
    expect(errorsOf({ ...good(), specVersion: '1' })[0]!.path).toBe('specVersion')
    expect(errorsOf([])[0]!.message).toBe('expected a scenario spec (a JSON object), got a list')
  })

  // Only version 1 exists: this chain is the test's own, to exercise the mechanism.
  const chain: VersionChain = {
    what: 'test document',
    field: 'v',
    current: 3,
    steps: {
      1: { note: 'renamed "latency" to "delay"', upgrade: ({ latency, ...d }) => ({ ...d, delay: latency }) },
      2: { note: 'added "loss"', upgrade: (d) => ({ ...d, loss: 0 }) },
    },
  }

  it('upgrades an older document one step at a time, with a note per step', () => {
    expect(upgradeDocument({ v: 1, latency: '5ms' }, chain)).toEqual({
      ok: true,
      doc: { v: 3, delay: '5ms', loss: 0 },
      notes: [
        'upgraded the test document from v 1 to 2: renamed "latency" to "delay"',
        'upgraded the test document from v 2 to 3: added "loss"',
      ],
    })
    expect(upgradeDocument({ v: 3, delay: '1ms' }, chain)).toEqual({ ok: true, doc: { v: 3, delay: '1ms' }, notes: [] })
  })

  it('refuses a version with a gap in the chain and a newer one', () => {
    const gap: VersionChain = { ...chain, current: 4 }
    expect(upgradeDocument({ v: 1 }, gap)).toMatchObject({ ok: false, error: { path: 'v' } })
    expect(upgradeDocument({ v: 4 }, chain)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('v 4, this version reads up to 3') },
    })
  })
})

describe('JSON text', () => {
  it('puts schema errors on the line and column of the offending key', () => {
    const bad = text.replace('"dirtyRate": "1MB/s"', '"dirtyRate": "1 MBps"')
    const parsed = parseJsonText(bad, 'spec.json')
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    const r = validateSpec(parsed.value)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const [located] = locateInJson(bad, 'spec.json', r.errors)
    const line = bad.split('\n').findIndex((l) => l.includes('"1 MBps"')) + 1
    const column = bad.split('\n')[line - 1]!.indexOf('"dirtyRate"') + 1
    expect(located).toEqual({
      path: 'processes[0].memory.dirtyRate',
      message: expect.stringContaining('"MB/s"'),
      file: 'spec.json',
      line,
      column,
    })
    expect(formatSpecError(located!)).toMatch(
      new RegExp(`^spec.json:${line}:${column}: processes\\[0\\]\\.memory\\.dirtyRate: `),
    )
  })

  it('reports a syntax error once, where it is', () => {
    expect(parseJsonText('{\n  "name": "x",\n}\n', 'spec.json')).toEqual({
      ok: false,
      errors: [
        {
          path: '',
          message: 'not valid JSON: expected a property name in double quotes',
          file: 'spec.json',
          line: 3,
          column: 1,
        },
      ],
    })
    expect(parseJsonText('{ // no\n}', 'spec.json')).toMatchObject({ ok: false, errors: [{ line: 1, column: 3 }] })
  })
})

describe('what compared architectures require', () => {
  it('arp-takeover: a move that leaves the broadcast domain is refused with the reason', async () => {
    const { validateSpec } = await import('../../src/engine/scenario/validate')
    const r = validateSpec({
      specVersion: 1,
      name: 'two LANs',
      duration: '30s',
      topology: {
        networks: [
          { name: 'a', kind: 'lan' },
          { name: 'b', kind: 'lan' },
        ],
        nodes: [
          { name: 'gw', kind: 'router', attach: [{ network: 'a' }, { network: 'b' }] },
          { name: 'ws1', kind: 'host', attach: [{ network: 'a' }] },
          { name: 'ws2', kind: 'host', attach: [{ network: 'a' }] },
          { name: 'ws9', kind: 'host', attach: [{ network: 'b' }] },
        ],
      },
      processes: [{ name: 'shell', host: 'ws1', memory: { size: '8MB' } }],
      migrations: [
        { process: 'shell', to: 'ws2', at: '5s' },
        { process: 'shell', to: 'ws9', at: '10s' },
      ],
      compare: { architectures: ['arp-takeover'], mechanisms: ['eager-all'] },
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => e.path)).toEqual(['migrations[1].to'])
    expect(r.errors[0].message).toMatch(/"ws9" is not on LAN "a" where "shell" starts .* one broadcast domain/)
  })
})

describe('checks on processes, workloads and policies', () => {
  const base = {
    specVersion: 1,
    name: 'checks',
    duration: '30s',
    topology: {
      networks: [{ name: 'a', kind: 'lan' }],
      nodes: [
        { name: 'ws1', kind: 'host', attach: [{ network: 'a' }] },
        { name: 'ws2', kind: 'host', attach: [{ network: 'a' }] },
      ],
    },
    compare: { architectures: ['none'], mechanisms: ['eager-all'] },
  }
  it('refuses a page size that is not a power of two, an eviction to itself, a one-host balancer', async () => {
    const { validateSpec } = await import('../../src/engine/scenario/validate')
    const r = validateSpec({
      ...base,
      processes: [{ name: 'p', host: 'ws1', memory: { size: '8MB', pageSize: '3000B' } }],
      policies: [
        { kind: 'eviction', host: 'ws1', ownerReturns: ['5s'], targets: ['ws1'] },
        { kind: 'load-balance', hosts: ['ws2', 'ws2'] },
      ],
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    const byPath = Object.fromEntries(r.errors.map((e) => [e.path, e.message]))
    expect(byPath['processes[0].memory.pageSize']).toMatch(/not a power of two/)
    expect(byPath['policies[0].targets[0]']).toMatch(/being evicted from/)
    expect(byPath['policies[1].hosts']).toMatch(/at least two distinct hosts/)
  })
})

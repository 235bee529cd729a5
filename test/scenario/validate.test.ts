import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ARCHITECTURES } from '../../src/engine/catalog'
import { OPTION_CHECKS } from '../../src/engine/naming/options'
import { AVAILABLE_ARCHITECTURES } from '../../src/engine/naming/registry'
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

describe('validateSpec: architecture options, checked as the run reads them', () => {
  /** The errors of the fixture with `architectureOptions` set to `options`. */
  const optionErrors = (options: Record<string, Record<string, unknown>>) =>
    errorsOf({ ...good(), architectureOptions: options })
  /** Expects exactly one error, at `architectureOptions.<id>.<key>`, that names the key when printed. */
  const expectRefused = (id: string, options: Record<string, unknown>, key: string, message: RegExp) => {
    const errors = optionErrors({ [id]: options })
    expect(errors).toEqual([{ path: `architectureOptions.${id}.${key}`, message: expect.stringMatching(message) }])
    expect(formatSpecError(errors[0]!)).toContain(`.${key}: `)
  }

  it('refuses an unknown option and lists the known ones', () => {
    expectRefused('mobile-ipv4', { lifetme: '300s' }, 'lifetme', /^unknown option; known: reverseTunnel, lifetime$/)
    expectRefused('dns', { ttls: '5s' }, 'ttls', /^unknown option; known: ttl, staleResolverShare, staleFor$/)
    expectRefused('sctp', { rto: '1s' }, 'rto', /^unknown option; known: rtoInitial, rtoMin/)
    expectRefused('tcp-migrate', { migrate_wait: '1s' }, 'migrate_wait', /^unknown option; known: migrateWait$/)
    // Architectures that take no options refuse any (none had no check at all before).
    expectRefused('none', { ttl: '1s' }, 'ttl', /^unknown option; this architecture has no options$/)
    expectRefused('sprite-home', { rpc: 'fast' }, 'rpc', /this architecture has no options/)
  })

  it('refuses a value of the wrong type', () => {
    expectRefused('mobile-ipv4', { reverseTunnel: 'yes' }, 'reverseTunnel', /^must be true or false, got "yes"$/)
    expectRefused('hip', { puzzleDifficulty: 'ten' }, 'puzzleDifficulty', /^must be a number, got "ten"$/)
    expectRefused('lisp', { smr: 0 }, 'smr', /^must be true or false, got 0$/)
    expectRefused('sctp', { rtoMin: 5 }, 'rtoMin', /bare number 5/)
    expectRefused('proxy', { variant: 'dsr' }, 'variant', /^must be one of "nat", "handoff", "splice", got "dsr"$/)
    expectRefused('quic', { oldHost: 'keep' }, 'oldHost', /^must be "forward" or "drop", got "keep"$/)
  })

  it('refuses a value out of range', () => {
    expectRefused('dns', { ttl: '-1s' }, 'ttl', /negative/)
    expectRefused('dns', { staleResolverShare: 2 }, 'staleResolverShare', /^must be between 0 and 1, got 2$/)
    expectRefused('mobile-ipv4', { lifetime: '70000s' }, 'lifetime', /^must be between 1 s and 65535 s/)
    expectRefused('mobile-ipv6', { homeLifetime: '2s' }, 'homeLifetime', /^must be between 4 s and 262140 s/)
    expectRefused('hip', { puzzleDifficulty: 41 }, 'puzzleDifficulty', /^must be between 0 and 40, got 41$/)
    expectRefused('fara', { controlRetries: 2.5 }, 'controlRetries', /^must be a whole number, got 2.5$/)
    expectRefused('demos-links', { collectAfter: '0.5s' }, 'collectAfter', /^must be at least 1 s/)
    expectRefused('lisp', { recordTtl: '90s' }, 'recordTtl', /whole number of minutes/)
    expectRefused('quic', { maxDatagramSize: 9000 }, 'maxDatagramSize', /^must be between 1200 and 1472/)
  })

  it("reports each architecture's error, and none for an architecture not compared", () => {
    // The fixture compares none, mobile-ipv4 and tcp-migrate: options of the others are checked too.
    expect(optionErrors({ 'mobile-ipv4': { lifetme: '300s' }, dns: { ttl: '-1s' } }).map((e) => e.path)).toEqual([
      'architectureOptions.mobile-ipv4.lifetme',
      'architectureOptions.dns.ttl',
    ])
  })

  // Every option each architecture documents, each away from its default.
  const DOCUMENTED: Record<string, Record<string, unknown>> = {
    none: {},
    'demos-links': { collectAfter: 'never' },
    'sprite-home': {},
    'mobile-ipv6': { routeOptimization: false, homeLifetime: '600s' },
    quic: {
      oldHost: 'drop',
      activeConnectionIdLimit: 4,
      maxIdleTimeout: '60s',
      maxAckDelay: '10ms',
      maxDatagramSize: 1400,
    },
    sctp: {
      rtoInitial: '2s',
      rtoMin: '500ms',
      rtoMax: '30s',
      hbInterval: '10s',
      sackDelay: '100ms',
      pathMaxRetrans: 3,
      associationMaxRetrans: 8,
    },
    'mobile-ipv4': { reverseTunnel: true, lifetime: '600s' },
    'arp-takeover': {},
    proxy: { variant: 'splice' },
    lisp: { recordTtl: '60min', registerInterval: '30s', smr: false },
    hip: {
      signCost: '1ms',
      verifyCost: '50us',
      dhCost: '1ms',
      hashTime: '2us',
      puzzleDifficulty: 12,
      controlTimeout: '500ms',
      controlRetries: 3,
      creditAgingFactor: 0.5,
      creditAgingInterval: '1s',
      restartTransport: true,
    },
    'tcp-migrate': { migrateWait: '30s' },
    dns: { ttl: '0s', staleResolverShare: 0.2, staleFor: '10min' },
    fara: { authCost: '20us', controlTimeout: '2s', controlRetries: 2, mAgent: true },
  }

  it('has an option check for every architecture this version implements', () => {
    expect(new Set(Object.keys(OPTION_CHECKS))).toEqual(new Set(AVAILABLE_ARCHITECTURES))
    expect(AVAILABLE_ARCHITECTURES).toEqual(ARCHITECTURES.map((a) => a.id))
    // Each refuses a typo, and the options it knows are the ones documented here.
    for (const id of AVAILABLE_ARCHITECTURES) {
      const [e, ...more] = optionErrors({ [id]: { typo: 1 } })
      expect(more, id).toEqual([])
      expect(e!.path, id).toBe(`architectureOptions.${id}.typo`)
      const known = /^unknown option; known: (.*)$/.exec(e!.message)?.[1]?.split(', ') ?? []
      if (known.length === 0) expect(e!.message, id).toBe('unknown option; this architecture has no options')
      expect(new Set(known), id).toEqual(new Set(Object.keys(DOCUMENTED[id] ?? { missing: 1 })))
    }
  })

  it('accepts every documented option of every architecture', () => {
    expect(Object.keys(DOCUMENTED).sort()).toEqual([...AVAILABLE_ARCHITECTURES].sort())
    const r = validateSpec({ ...good(), architectureOptions: DOCUMENTED })
    expect(r.ok ? [] : r.errors).toEqual([])
    expect(validateSpec({ ...good(), architectureOptions: { 'demos-links': { collectAfter: '30s' } } }).ok).toBe(true)
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

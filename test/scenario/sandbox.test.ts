import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compileScenario } from '../../src/engine/scenario/compile'
import { runScenarioScript } from '../../src/engine/scenario/sandbox'
import type { ScriptResult } from '../../src/engine/scenario/script'

const EXAMPLE = `import { dist, scenario } from 'miglab'

const s = scenario({ name: 'Interactive job', duration: '60s' })
const lan = s.lan('cluster', { prefix: '10.1.0.0/24', bandwidth: '100Mbps' })
const wan = s.wan('internet', { latency: '20ms' })
s.router('gw', { attach: [lan, wan] })
const ws1 = s.host('ws1', { attach: [lan] })
s.host('ws2', { attach: [{ network: lan, bandwidth: '10Mbps' }] })
const remote = s.host('remote', { attach: [wan] })
const shell = s.process('shell', { host: ws1, memory: { size: '64MB', dirtyRate: '1MB/s' } })
s.interactive('typing', { process: shell, client: remote, thinkTime: dist.exponential('200ms') })
s.migrate(shell, { to: 'ws2', at: '10s' })
s.compare({ architectures: ['none', 'mobile-ipv4'], mechanisms: ['eager-all', 'pre-copy'] })
s.sweep('topology.networks.internet.latency', ['10ms', '50ms'])
s.replications(5)
`
/** The example with its last line replaced: the replacement is on line 15. */
const withLast = (code: string) => EXAMPLE.replace('s.replications(5)', code)
const LAST = 15

const compile = (source: string, drawn: Record<string, unknown> | null = null, limits = {}) =>
  compileScenario({ drawn, script: { source, filename: 'scenario.ts' } }, { runScript: runScenarioScript, limits })

async function failure(source: string, limits = {}): Promise<{ message: string; line?: number; column?: number }> {
  const r: ScriptResult = await runScenarioScript({ source }, limits)
  if (r.ok) throw new Error('expected the script to fail')
  expect(r.error.file).toBe('scenario.ts')
  return r.error
}

describe('the scripting API', () => {
  it('builds the documented example into a valid spec', async () => {
    const r = await compile(EXAMPLE)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.spec.topology.nodes.map((n) => [n.name, n.kind, n.generated])).toEqual([
      ['gw', 'router', true],
      ['ws1', 'host', true],
      ['ws2', 'host', true],
      ['remote', 'host', true],
    ])
    expect(r.spec.topology.nodes[2]!.attach).toEqual([{ network: 'cluster', bandwidth: '10Mbps' }])
    expect(r.spec.workloads[0]).toMatchObject({
      kind: 'interactive',
      process: 'shell',
      client: 'remote',
      thinkTime: { dist: 'exponential', mean: '200ms' },
    })
    expect(r.spec.migrations).toEqual([{ process: 'shell', to: 'ws2', at: '10s' }])
    expect(r.spec.sweep.parameters).toEqual([{ path: 'topology.networks.internet.latency', values: ['10ms', '50ms'] }])
    expect(r.spec.replications).toEqual({ count: 5 })
    expect(r.notes).toEqual([])
  })

  it('works with globals instead of imports, and takes a plain duration as a constant', async () => {
    const r = await runScenarioScript({
      source: `const s = scenario({ name: 'x', duration: '1s' })
s.bsp('solver', { ranks: ['r0'], compute: '10ms' })`,
    })
    expect(r).toMatchObject({
      ok: true,
      spec: { workloads: [{ kind: 'bsp', compute: { dist: 'constant', value: '10ms' } }] },
    })
  })

  it('puts validation errors on the script line that set the value', async () => {
    const r = await compile(EXAMPLE.replace("at: '10s'", "at: '-10s'").replace("'100Mbps'", "'0Mbps'"))
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          path: 'topology.networks[0].bandwidth',
          message: expect.stringContaining('above zero'),
          file: 'scenario.ts',
          line: 4,
          column: 18,
        },
        {
          path: 'migrations[0].at',
          message: expect.stringContaining('negative'),
          file: 'scenario.ts',
          line: 12,
          column: 10,
        },
      ],
    })
  })

  it('reports API misuse at the call', async () => {
    expect(await failure(withLast("s.link(lan, ws1, { bandwidth: '1Mbps', latency: '1ms' })"))).toEqual({
      path: '',
      message: 'link: expected a node, got the network "cluster"',
      file: 'scenario.ts',
      line: LAST,
      column: 7,
    })
    expect((await failure(withLast("s.host('ws1')"))).message).toBe(
      'host: node "ws1" is already defined by this script (line 7)',
    )
    expect(await failure(withLast('scenario()'))).toMatchObject({
      message: expect.stringContaining('twice'),
      line: LAST,
    })
    expect((await failure('const x: number = 1')).message).toBe(
      'the script never calls scenario(...), so it describes no scenario',
    )
  })

  it('maps runtime and syntax errors back to TypeScript lines and columns', async () => {
    // The type annotations before the error are stripped: the column must still be the TS one.
    expect(await failure(withLast('const a: Record<string, number> = {}; const b: any = a.x.y'))).toMatchObject({
      message: "TypeError: cannot read property 'y' of undefined",
      line: LAST,
      column: 57,
    })
    expect(await failure(withLast('let x: = 3'))).toEqual({
      path: '',
      message: 'syntax error: Unexpected token',
      file: 'scenario.ts',
      line: LAST,
      column: 8,
    })
  })
})

describe('the sandbox', () => {
  it('stops an endless loop at the time limit, with its location', async () => {
    const t0 = performance.now()
    // QuickJS keeps source positions only at some instructions (calls of methods among them): a
    // loop of plain arithmetic is reported at the last such position before it.
    const e = await failure(withLast('for (;;) s.metrics()'), { timeLimitMs: 200 })
    expect(e.message).toBe('the script ran longer than its time limit of 200 ms (an endless loop?)')
    expect(e.line).toBe(LAST)
    expect(performance.now() - t0).toBeLessThan(2000)
  })

  it('stops unbounded allocation at the memory limit', async () => {
    const e = await failure(withLast('const a: number[][] = []; for (;;) a.push([1, 2, 3, 4])'), {
      memoryBytes: 8 * 2 ** 20,
    })
    expect(e.message).toBe('the script ran out of memory (limit 8 MiB)')
  })

  it('stops runaway recursion', async () => {
    expect((await failure(withLast('function f(): number { return f() } f()'))).message).toBe(
      'the script recursed too deeply (stack overflow)',
    )
  })

  it('has no require, process, files, network or timers', async () => {
    expect(await failure(withLast("require('fs').readFileSync('/etc/passwd')"))).toMatchObject({
      message: expect.stringContaining('cannot import "fs"'),
      line: LAST,
    })
    expect(await failure(withLast("import('node:fs').then((fs) => fs.readFileSync('/etc/passwd'))"))).toMatchObject({
      message: expect.stringContaining('cannot import "node:fs"'),
      line: LAST,
    })
    expect(await failure("import { readFileSync } from 'fs'\nreadFileSync('/etc/passwd')")).toMatchObject({
      message: expect.stringContaining('cannot import "fs"'),
      line: 1,
    })
    expect(await failure(withLast('process.exit(1)'))).toMatchObject({
      message: expect.stringMatching(/^ReferenceError: 'process' is not defined; scenario scripts run in a sandbox/),
      line: LAST,
      column: 1,
    })
    for (const name of ['fetch', 'setTimeout', 'Buffer']) {
      expect((await failure(withLast(`${name}`))).message).toContain(`'${name}' is not defined`)
    }
  })

  it('gives prototype tricks nothing to reach', async () => {
    // The Function constructor of the sandbox builds sandbox functions: there is no host behind it.
    expect((await failure(withLast(";({}).constructor.constructor('return process')().env"))).message).toContain(
      "'process' is not defined",
    )
    expect((await failure(withLast("s.constructor.constructor('return require')()('fs')"))).message).toContain(
      "'require' is not defined",
    )
    // Polluting the sandbox's prototypes changes nothing in the host.
    const r = await runScenarioScript({ source: withLast(";(Object.prototype as any).polluted = 'yes'") })
    expect(r.ok).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('survives a script that sabotages the runtime, with a clear error', async () => {
    expect(
      (
        await failure(
          withLast(
            "JSON.parse = () => { throw new Error('no') }; (Array.prototype as any).push = null; s.migrate(shell, { to: 'ws1', at: '20s' })",
          ),
        )
      ).message,
    ).toMatch(/not a function/)
  })

  it('keeps working after hostile scripts', async () => {
    await failure('while (true) {}', { timeLimitMs: 50 })
    await failure('const a: number[][] = []; for (;;) a.push([1, 2])', { memoryBytes: 4 * 2 ** 20 })
    expect((await compile(EXAMPLE)).ok).toBe(true)
  })
})

describe('a script in a project', () => {
  const drawn = JSON.parse(readFileSync(new URL('./fixtures/cluster/miglab.json', import.meta.url), 'utf8')).spec
  const script = readFileSync(new URL('./fixtures/cluster/scenario.ts', import.meta.url), 'utf8')

  it('starts from the drawn spec, marks what it adds and reports what it changes', async () => {
    const r = await compile(script, drawn)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const nodes = Object.fromEntries(r.spec.topology.nodes.map((n) => [n.name, n]))
    expect(nodes.ws4).toMatchObject({ generated: true, cpu: 2, attach: [{ network: 'cluster' }] })
    expect(nodes.ws3).toMatchObject({ cpu: 0.5, position: { x: 300, y: 200 } })
    expect(nodes.ws3!.generated).toBeUndefined()
    expect(r.spec.processes[0]!.generated).toBeUndefined()
    expect(r.spec.compare.architectures).toEqual(['none', 'mobile-ipv4', 'tcp-migrate'])
    expect(r.overrides).toEqual([
      { kind: 'node', name: 'ws3', fields: ['cpu'], at: { line: 8, column: 7 } },
      { kind: 'setting', name: 'compare', fields: ['compare'], at: { line: 13, column: 10 } },
    ])
    expect(r.notes).toEqual([
      'scenario.ts:8: node "ws3" drawn on the canvas is changed by the script (cpu)',
      "scenario.ts:13: the project's compare is replaced by the script",
    ])
  })

  it('refuses to build on a drawing from a newer MigLab', async () => {
    const r = await compile(script, { ...drawn, specVersion: 2 })
    expect(r).toEqual({
      ok: false,
      errors: [{ path: 'specVersion', message: expect.stringContaining('written by a newer MigLab: specVersion 2') }],
    })
  })

  it('leaves errors in the drawn part to the manifest', async () => {
    const broken = structuredClone(drawn)
    broken.processes[0].memory.size = '0B'
    const r = await compileScenario(
      {
        drawn: broken,
        drawnFile: { name: 'miglab.json', text: JSON.stringify({ spec: broken }, null, 2), at: ['spec'] },
        script: { source: script, filename: 'scenario.ts' },
      },
      { runScript: runScenarioScript },
    )
    expect(r).toMatchObject({
      ok: false,
      errors: [{ path: 'processes[0].memory.size', file: 'miglab.json', line: expect.any(Number) }],
    })
  })
})

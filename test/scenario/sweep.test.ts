import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { resolvePath, sweepablePaths } from '../../src/engine/scenario/paths'
import type { ScenarioSpec } from '../../src/engine/scenario/spec'
import { applySweepPoint, expandSweep } from '../../src/engine/scenario/sweep'
import { validateSpec } from '../../src/engine/scenario/validate'

const text = readFileSync(new URL('./fixtures/interactive.json', import.meta.url), 'utf8')

function specWith(sweep: unknown, edit: (s: Record<string, any>) => void = () => {}): ScenarioSpec {
  const raw = JSON.parse(text)
  raw.sweep = sweep
  raw.topology.links = [{ name: 'uplink', a: 'gw', b: 'remote', bandwidth: '10Mbps', latency: '30ms' }]
  edit(raw)
  const r = validateSpec(raw)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.spec
}

describe('resolvePath: paths through names', () => {
  const spec = specWith({ parameters: [] }, (s) => {
    s.architectureOptions = { hip: { signCost: '1ms' } }
  })

  it('resolves names, indices, records and optional fields to concrete paths', () => {
    expect(resolvePath(spec, 'topology.links.uplink.latency')).toMatchObject({
      ok: true,
      path: ['topology', 'links', 0, 'latency'],
    })
    expect(resolvePath(spec, 'processes.shell.memory.dirtyRate')).toMatchObject({
      ok: true,
      path: ['processes', 0, 'memory', 'dirtyRate'],
    })
    expect(resolvePath(spec, 'architectureOptions.hip.signCost')).toMatchObject({ ok: true })
    expect(resolvePath(spec, 'transport.minRto')).toMatchObject({ ok: true, path: ['transport', 'minRto'] })
    expect(resolvePath(spec, 'migrations.0.at')).toMatchObject({ ok: true, path: ['migrations', 0, 'at'] })
    expect(resolvePath(spec, 'workloads.typing.thinkTime.mean')).toMatchObject({ ok: true })
  })

  it('says which step of a bad path is wrong', () => {
    expect(resolvePath(spec, 'topology.links.downlink.latency')).toEqual({
      ok: false,
      message: '"topology.links" has no element "downlink"; it has: uplink',
    })
    expect(resolvePath(spec, 'transport.minRTO')).toMatchObject({
      ok: false,
      message: expect.stringContaining('"transport" has no field "minRTO"; its fields: preset, minRto'),
    })
    expect(resolvePath(spec, 'processes.shell.memory')).toMatchObject({
      ok: false,
      message: expect.stringContaining('not a single value'),
    })
    expect(resolvePath(spec, 'duration.value')).toMatchObject({
      ok: false,
      message: expect.stringContaining('goes past it'),
    })
    expect(resolvePath(spec, 'processes.shell.name')).toMatchObject({
      ok: false,
      message: expect.stringContaining('names an element'),
    })
    expect(resolvePath(spec, 'compare.architectures')).toMatchObject({
      ok: false,
      message: expect.stringContaining('`compare`'),
    })
    expect(resolvePath(spec, 'workloads.typing.thinkTime.value')).toMatchObject({ ok: false })
  })

  it('lists every sweepable path of a spec for completions', () => {
    const all = sweepablePaths(spec)
    expect(all).toContain('topology.links.uplink.latency')
    expect(all).toContain('processes.shell.memory.dirtyRate')
    expect(all).toContain('architectureOptions.hip.signCost')
    expect(all).toContain('workloads.typing.thinkTime.mean')
    expect(all).not.toContain('processes.shell.name')
    for (const p of all) expect(resolvePath(spec, p), p).toMatchObject({ ok: true })
  })
})

describe('expandSweep', () => {
  it('gives one empty point without a sweep', () => {
    expect(expandSweep(specWith({ parameters: [] }))).toEqual([{ index: 0, values: {} }])
  })

  it('takes every combination in grid mode, the first parameter slowest, leaving out exclusions', () => {
    const spec = specWith({
      parameters: [
        { path: 'topology.links.uplink.latency', values: ['10ms', '50ms'] },
        { path: 'processes.shell.memory.dirtyRate', from: 1, to: 3, steps: 3, unit: 'MB/s' },
      ],
      exclude: [{ 'topology.links.uplink.latency': '50ms', 'processes.shell.memory.dirtyRate': '2MB/s' }],
    })
    expect(expandSweep(spec).map((p) => Object.values(p.values))).toEqual([
      ['10ms', '1MB/s'],
      ['10ms', '2MB/s'],
      ['10ms', '3MB/s'],
      ['50ms', '1MB/s'],
      ['50ms', '3MB/s'],
    ])
    expect(expandSweep(spec).map((p) => p.index)).toEqual([0, 1, 2, 3, 4])
  })

  it('pairs the i-th values in zip mode', () => {
    const spec = specWith({
      mode: 'zip',
      parameters: [
        { path: 'topology.links.uplink.latency', values: ['10ms', '50ms'] },
        { path: 'topology.links.uplink.loss', values: [0, 0.01] },
      ],
    })
    expect(expandSweep(spec).map((p) => p.values)).toEqual([
      { 'topology.links.uplink.latency': '10ms', 'topology.links.uplink.loss': 0 },
      { 'topology.links.uplink.latency': '50ms', 'topology.links.uplink.loss': 0.01 },
    ])
  })

  it('makes log ranges with round values and units', () => {
    const spec = specWith({
      parameters: [{ path: 'processes.shell.memory.size', from: 1, to: 1000, steps: 4, scale: 'log', unit: 'MB' }],
    })
    expect(expandSweep(spec).map((p) => p.values['processes.shell.memory.size'])).toEqual([
      '1MB',
      '10MB',
      '100MB',
      '1000MB',
    ])
  })
})

describe('sweep validation', () => {
  const refused = (sweep: unknown) => {
    const raw = JSON.parse(text)
    raw.sweep = sweep
    const r = validateSpec(raw)
    return r.ok ? [] : r.errors
  }

  it('refuses paths that do not resolve and values the field refuses', () => {
    expect(
      refused({
        parameters: [
          { path: 'topology.networks.internet.latncy', values: ['1ms'] },
          { path: 'topology.networks.cluster.bandwidth', values: ['10Mbps', '0Mbps', 12] },
          { path: 'topology.networks.cluster.queue', from: 10, to: 100, steps: 3, scale: 'log' },
        ],
      }),
    ).toEqual([
      { path: 'sweep.parameters[0].path', message: expect.stringContaining('has no field "latncy"') },
      { path: 'sweep.parameters[1].values[1]', message: expect.stringContaining('above zero') },
      { path: 'sweep.parameters[1].values[2]', message: expect.stringContaining('12 is not a valid value') },
      { path: 'sweep.parameters[2]', message: expect.stringContaining('31.6228 is not a valid value') },
    ])
  })

  it('refuses unequal zips, a log range through zero, duplicates and stray exclusions', () => {
    expect(
      refused({
        mode: 'zip',
        parameters: [
          { path: 'topology.networks.internet.latency', values: ['1ms', '2ms'] },
          { path: 'topology.networks.internet.loss', values: [0] },
          { path: 'topology.networks.internet.loss', from: 0, to: 1, steps: 2, scale: 'log' },
        ],
        exclude: [{ seed: 3 }, { 'topology.networks.internet.latency': '3ms' }],
      }).map((e) => e.path),
    ).toEqual([
      'sweep.parameters[2].path',
      'sweep.parameters[2]',
      'sweep.parameters[1]',
      'sweep.exclude[0].seed',
      'sweep.exclude[1].topology.networks.internet.latency',
    ])
  })
})

describe('sweeps that would change nothing', () => {
  const refusedWith = (sweep: unknown, edit: (s: Record<string, any>) => void) => {
    const raw = JSON.parse(text)
    raw.sweep = sweep
    edit(raw)
    const r = validateSpec(raw)
    return r.ok ? [] : r.errors
  }
  const overrideAll = (s: Record<string, any>) => {
    for (const n of s.topology.nodes)
      for (const a of n.attach) if (a.network === 'internet') Object.assign(a, { latency: '5ms', bandwidth: '1Gbps' })
  }

  it("refuses sweeping a network's latency or bandwidth when every attachment sets its own", () => {
    const sweep = {
      parameters: [
        { path: 'topology.networks.internet.latency', values: ['1ms', '2ms'] },
        { path: 'topology.networks.internet.bandwidth', values: ['10Mbps', '1Gbps'] },
      ],
    }
    expect(refusedWith(sweep, overrideAll)).toEqual([
      {
        path: 'sweep.parameters[0].path',
        message:
          "sweeping topology.networks.internet.latency changes nothing: every attachment to internet sets its own latency (gw, remote); sweep those attachments' latency, or remove their own values",
      },
      {
        path: 'sweep.parameters[1].path',
        message: expect.stringContaining('every attachment to internet sets its own bandwidth'),
      },
    ])
    // One attachment left to the network's value: the sweep moves it, and is accepted.
    expect(
      refusedWith(sweep, (s) => {
        overrideAll(s)
        delete s.topology.nodes.find((n: { name: string }) => n.name === 'remote').attach[0].latency
      }).map((e) => e.path),
    ).toEqual(['sweep.parameters[1].path'])
    // An attachment's own value can be swept instead.
    expect(
      refusedWith(
        { parameters: [{ path: 'topology.nodes.remote.attach.0.latency', values: ['1ms', '2ms'] }] },
        overrideAll,
      ),
    ).toEqual([])
  })
})

describe('applySweepPoint', () => {
  const spec = specWith({
    parameters: [
      { path: 'topology.links.uplink.latency', values: ['10ms', '50ms'] },
      { path: 'migrations.0.at', values: ['5s', '50s'] },
    ],
  })

  it('sets the values at their paths in a new validated spec', () => {
    const r = applySweepPoint(spec, { 'topology.links.uplink.latency': '50ms', 'migrations.0.at': '5s' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.spec.topology.links[0]!.latency).toBe('50ms')
    expect(r.spec.migrations[0]!.at).toBe('5s')
    expect(spec.topology.links[0]!.latency).toBe('30ms')
  })

  it('validates the whole spec again: a value can be fine alone and wrong in context', () => {
    expect(applySweepPoint(spec, { 'migrations.0.at': '50s' })).toEqual({
      ok: false,
      errors: [{ path: 'migrations[0].at', message: '50s is after the end of the run (30s)' }],
    })
    expect(applySweepPoint(spec, { 'topology.links.nope.latency': '1ms' })).toMatchObject({ ok: false })
  })
})

// Packet detail on demand: rerunning a job with tracing gives the same result plus every packet in
// the window, classified (data, tunnelled, signalling, ARP), with drops and their reasons.
import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../src/engine/run/canonical'
import { simulate } from '../../src/engine/run/simulate'
import { interactiveSpec, job } from './fixtures'

describe('packet tracing', () => {
  const spec = interactiveSpec()
  const plain = simulate(spec, job('mobile-ipv4', 'eager-all'))
  const traced = simulate(spec, job('mobile-ipv4', 'eager-all'), { trace: { from: 9.5e9, to: 12e9 } })

  it('does not change the result: a window to the end reproduces the run exactly', () => {
    const whole = simulate(spec, job('mobile-ipv4', 'eager-all'), { trace: { from: 9.5e9, to: 1e12, limit: 10 } })
    const { packets, ...rest } = whole
    expect(packets?.truncated).toBe(true)
    expect(canonicalJson(rest)).toBe(canonicalJson(plain))
  })

  it('stops the rerun at the end of the window, with the run as it stood then', () => {
    expect(traced.simulated).toBe(12e9)
    expect(traced.migrations.map((m) => m.freeze)).toEqual(plain.migrations.map((m) => m.freeze))
  })

  it('records the window only, with tunnelled data and signalling after the move and drops during the freeze', () => {
    const recs = traced.packets!.records
    expect(recs.length).toBeGreaterThan(50)
    expect(recs.every((r) => r.t >= 9.5e9 && r.t <= 12e9)).toBe(true)
    const kinds = new Set(recs.map((r) => r.kind))
    expect(kinds).toEqual(new Set(['data', 'tunnelled', 'signalling', 'arp']))
    const tunnelled = recs.find((r) => r.kind === 'tunnelled')!
    expect(tunnelled.what).toBe('IP-in-IP')
    expect(tunnelled.inner).toMatch(/→.* TCP$/)
    expect(recs.some((r) => r.dropped === 'frozen')).toBe(true)
    // One packet is recorded on each hop it crosses, under one id.
    const byId = new Map<number, string[]>()
    for (const r of recs) if (!r.dropped) byId.set(r.packet, [...(byId.get(r.packet) ?? []), r.hop])
    expect([...byId.values()].some((hops) => hops.length >= 3)).toBe(true)
  })
})

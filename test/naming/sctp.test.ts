// SCTP with dynamic address reconfiguration as a naming architecture (MODELS.md §2l): its
// signature on the single-migration interactive scenario, the process as a client, every
// migration mechanism, and refusals.
import { describe, expect, it } from 'vitest'
import { MS, SECOND } from '../../src/engine/core'
import { MECHANISM_REGISTRY } from '../../src/engine/proc/mechanisms/registry'
import { scheduleMigrations } from '../../src/engine/proc/triggers'
import { buildWorld, simulate } from '../../src/engine/run/simulate'
import { interactiveSpec, job } from '../sim/fixtures'
import { gapAround, processAsClient, sequence } from './quic-helpers'

const RTT = 40 * MS // the fixture's WAN: 20 ms each way

function spec(over: Parameters<typeof interactiveSpec>[0] = {}) {
  return interactiveSpec({ compare: { architectures: ['sctp'], mechanisms: ['eager-all'] }, ...over })
}

describe('sctp: the process as a server', () => {
  it('signature: ASCONF(Add IP, Set Primary) → ASCONF-ACK → HEARTBEAT confirms → ASCONF(Delete IP) → ASCONF-ACK; outage between F + 2 RTT and a T3-rtx', () => {
    const { world, workloads } = buildWorld(spec(), job('sctp', 'eager-all'))
    for (const w of workloads) world.sched.call(0, () => w.start())
    scheduleMigrations(world)
    world.sched.run({ until: 30 * SECOND })
    world.metrics.finishMigrations()
    const m = world.recorder.migrations[0]
    expect(sequence(world)).toEqual(['dns-update', 'ASCONF', 'ASCONF-ACK', 'HEARTBEAT', 'ASCONF', 'ASCONF-ACK'])
    const ctl = world.recorder.control.filter((c) => c.migration === 0)
    const at = (k: number) => ctl[k].t - m.resumeAt
    expect(at(1)).toBe(0) // the first ASCONF leaves at resume, from the new address
    expect(ctl[1].from).toBe('ws2')
    expect(at(2)).toBeGreaterThan(RTT / 2) // the peer answers and probes one way later
    expect(at(2)).toBeLessThan(RTT / 2 + 2 * MS)
    expect(at(3)).toBe(at(2))
    expect(ctl[3].to).toBe('ws2')
    expect(at(4)).toBeGreaterThan(RTT) // Delete IP only after the first ASCONF-ACK (one outstanding)
    expect(at(4)).toBeLessThan(RTT + 3 * MS)
    expect(at(5)).toBeGreaterThan(1.5 * RTT)
    expect(at(5)).toBeLessThan(1.5 * RTT + 3 * MS)
    // Sizes: AUTH + ASCONF with two requests (Add IP, Set Primary), then one (Delete IP).
    expect(ctl[1].bytes).toBe(12 + 28 + 16 + 2 * 16)
    expect(ctl[4].bytes).toBe(12 + 28 + 16 + 16)
    // The naming update completes when the peer confirmed the new address: 1.5 RTT after resume.
    expect((m.namingUpdatedAt as number) - m.resumeAt).toBeGreaterThan(1.5 * RTT)
    expect((m.namingUpdatedAt as number) - m.resumeAt).toBeLessThan(1.5 * RTT + 3 * MS)
    const e = m.connections[0]
    expect(e.broken).toBe(false)
    const outage = Math.max(e.outageIn ?? 0, e.outageOut ?? 0)
    // Keystrokes the peer sent to the old address are lost; they come back by fast retransmit or
    // T3-rtx (RTO.Min 1 s), never sooner than the path confirmation (2 RTT after resume).
    expect(outage).toBeGreaterThan(m.freeze + 2 * RTT)
    expect(outage).toBeLessThan(m.freeze + 1 * SECOND + 300 * MS)
    expect(m.residualDependencies).toEqual([])
    const s = world.recorder.sessions[0]
    expect(s.transport).toBe('sctp')
    expect(s.reconnects).toBe(0)
    expect(s.retransmissions).toBeGreaterThan(0)
    expect(e.stretchAfter).toBeCloseTo(1, 1)
    // The association moved as kernel state: the mechanism carried it.
    expect(m.bytes.kernel).toBeGreaterThan(2048)
  })

  it('works with every migration mechanism', () => {
    for (const id of MECHANISM_REGISTRY.keys()) {
      const r = simulate(spec({ duration: '20s' }), job('sctp', id))
      expect(r.status, `${id}: ${r.error}`).toBe('ok')
      expect(r.migrations[0].connections[0].broken, id).toBe(false)
      expect(r.connections[0].reconnects, id).toBe(0)
      expect(r.summary['interactive.keystrokes'] - r.summary['interactive.unechoed'], id).toBeGreaterThan(100)
    }
  })

  it('a new association after the move finds the process through the updated name', () => {
    const r = simulate(
      spec({
        workloads: [
          {
            kind: 'interactive',
            name: 'late',
            process: 'shell',
            client: 'remote',
            start: '15s',
            thinkTime: { dist: 'exponential', mean: '100ms' },
          },
        ],
      }),
      job('sctp', 'eager-all'),
    )
    expect(r.status, r.error).toBe('ok')
    expect(r.summary['interactive.keystrokes'] - r.summary['interactive.unechoed']).toBeGreaterThan(100)
    expect(r.connections[0].reconnects).toBe(0)
  })
})

describe('sctp: the process as a client', () => {
  it('the process re-addresses its association; echoes resume after the peer confirmed the new address', () => {
    const { world, echoes, run } = processAsClient(spec({ workloads: [] }), 'sctp')
    run(20 * SECOND)
    const m = world.recorder.migrations[0]
    expect(sequence(world)).toEqual(['dns-update', 'ASCONF', 'ASCONF-ACK', 'HEARTBEAT', 'ASCONF', 'ASCONF-ACK'])
    const gap = gapAround(echoes, m.freezeAt)
    expect(gap).toBeGreaterThan(m.freeze + 2 * RTT)
    expect(gap).toBeLessThan(m.freeze + 1 * SECOND + 200 * MS)
    expect(echoes.filter((t) => t > m.resumeAt + 2 * SECOND).length).toBeGreaterThan(100)
  })
})

describe('sctp: refusals and options', () => {
  it('refuses a legacy (TCP-only) peer', () => {
    const s = spec()
    s.topology.nodes.find((n) => n.name === 'remote')!.legacy = true
    const r = simulate(s, job('sctp', 'eager-all'))
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/legacy \(TCP-only\) peer/)
  })

  it('takes RFC 9260 parameters as options and rejects bad ones by name', () => {
    const bad = simulate(spec({ architectureOptions: { sctp: { sackDelay: '900ms' } } }), job('sctp', 'eager-all'))
    expect(bad.error).toMatch(/architectureOptions\.sctp\.sackDelay/)
    const typo = simulate(spec({ architectureOptions: { sctp: { rto: '1s' } } }), job('sctp', 'eager-all'))
    expect(typo.error).toMatch(/architectureOptions\.sctp\.rto: unknown option/)
    // A lower RTO.Min shortens the recovery of what the peer sent toward the old address.
    const base = simulate(spec(), job('sctp', 'eager-all'))
    const fast = simulate(
      spec({ architectureOptions: { sctp: { rtoMin: '200ms', rtoInitial: '200ms' } } }),
      job('sctp', 'eager-all'),
    )
    expect(fast.status, fast.error).toBe('ok')
    const outage = (r: typeof base) => r.migrations[0].connections[0].outageIn ?? Number.NaN
    expect(outage(fast)).toBeLessThanOrEqual(outage(base))
  })
})

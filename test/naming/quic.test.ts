// QUIC connection migration as a naming architecture (MODELS.md §2h): its signature on the
// single-migration interactive scenario (the process is a server behind the CID-routing balancer),
// the process as a client migrating itself (path validation), the old host forwarding or dropping,
// agent failures, every migration mechanism, and refusals.
import { describe, expect, it } from 'vitest'
import { MS, SECOND } from '../../src/engine/core'
import { MECHANISM_REGISTRY } from '../../src/engine/proc/mechanisms/registry'
import { scheduleMigrations } from '../../src/engine/proc/triggers'
import { buildWorld, simulate } from '../../src/engine/run/simulate'
import { interactiveSpec, job } from '../sim/fixtures'
import { gapAround, processAsClient, sequence } from './quic-helpers'

const RTT = 40 * MS // the fixture's WAN: 20 ms each way

function spec(over: Parameters<typeof interactiveSpec>[0] = {}) {
  return interactiveSpec({ compare: { architectures: ['quic'], mechanisms: ['eager-all'] }, ...over })
}

describe('quic: the process as a server behind the CID-routing balancer', () => {
  it('signature: lb-update, NEW_CONNECTION_ID naming the new host, RETIRE, forwarding released; outage ≈ F + one keystroke', () => {
    const { world, workloads } = buildWorld(spec(), job('quic', 'eager-all'))
    for (const w of workloads) world.sched.call(0, () => w.start())
    scheduleMigrations(world)
    world.sched.run({ until: 30 * SECOND })
    const m = world.recorder.migrations[0]
    expect(sequence(world)).toEqual(['lb-update', 'NEW_CONNECTION_ID', 'RETIRE_CONNECTION_ID', 'forwarding-release'])
    const ctl = world.recorder.control.filter((c) => c.migration === 0)
    // New IDs go out at resume; the peer retires the old ones one way later; the release follows one way after that.
    expect(ctl[1].t).toBe(m.resumeAt)
    expect(ctl[1].bytes).toBe(2 * 28) // active_connection_id_limit (2) NEW_CONNECTION_ID frames
    expect(ctl[2].t - m.resumeAt).toBeGreaterThan(RTT / 2)
    expect(ctl[2].t - m.resumeAt).toBeLessThan(RTT / 2 + 2 * MS)
    expect(ctl[3].t - m.resumeAt).toBeGreaterThan(RTT)
    expect(ctl[3].t - m.resumeAt).toBeLessThan(RTT + 5 * MS)
    // The naming update is complete when the peer uses the new IDs: its RETIRE reached the process
    // (the moment the release leaves for the old host).
    expect(m.namingUpdatedAt).toBe(ctl[3].t)
    // The old host was a transient residual dependency: from resume until the release arrived.
    world.metrics.finishMigrations()
    expect(m.residualDependencies).toHaveLength(1)
    const rd = m.residualDependencies[0]
    expect(rd.node).toBe('ws1')
    expect(rd.from).toBe(m.resumeAt)
    expect((rd.until as number) - m.resumeAt).toBeGreaterThan(RTT)
    expect((rd.until as number) - m.resumeAt).toBeLessThan(RTT + 6 * MS)
    const e = m.connections[0]
    expect(e.broken).toBe(false)
    // The keystrokes typed while frozen are lost; the next one after resume (mean think time
    // 100 ms) exposes the gap and they are retransmitted through the forwarder.
    const outage = Math.max(e.outageIn ?? 0, e.outageOut ?? 0)
    expect(outage).toBeGreaterThan(m.freeze)
    expect(outage).toBeLessThan(m.freeze + 300 * MS)
    expect(e.stretchAfter).toBeCloseTo(1, 1)
    const s = world.recorder.sessions[0]
    expect(s.transport).toBe('quic')
    expect(s.reconnects).toBe(0)
    expect(world.net.drops.frozen).toBeGreaterThan(0)
  })

  it('oldHost "drop": no forwarding and no residual dependency; datagrams to the old host are lost until the peer switches IDs', () => {
    const r = simulate(spec({ architectureOptions: { quic: { oldHost: 'drop' } } }), job('quic', 'eager-all'))
    expect(r.status).toBe('ok')
    const m = r.migrations[0]
    expect(m.residualDependencies).toEqual([])
    expect(m.controlMessages).toBe(3)
    expect(r.connections[0].reconnects).toBe(0)
    expect(m.connections[0].broken).toBe(false)
    const fwd = simulate(spec(), job('quic', 'eager-all'))
    // Same keystrokes, same freeze (common random numbers): dropping never beats forwarding.
    const outage = (x: typeof r) => Math.max(x.migrations[0].connections[0].outageIn ?? 0, 0)
    expect(outage(r)).toBeGreaterThanOrEqual(outage(fwd))
    expect(fwd.migrations[0].controlMessages).toBe(4)
  })

  it('works with every migration mechanism', () => {
    for (const id of MECHANISM_REGISTRY.keys()) {
      const r = simulate(spec({ duration: '20s' }), job('quic', id))
      expect(r.status, `${id}: ${r.error}`).toBe('ok')
      const e = r.migrations[0].connections[0]
      expect(e.broken, id).toBe(false)
      expect(r.connections[0].reconnects, id).toBe(0)
      expect(r.summary['interactive.keystrokes'] - r.summary['interactive.unechoed'], id).toBeGreaterThan(100)
    }
  })

  it('the balancer is an agent on a named node: when it fails the service is unreachable, connections time out and come back after it recovers', () => {
    const r = simulate(
      spec({
        agents: { quicLoadBalancer: 'ws3' },
        architectureOptions: { quic: { maxIdleTimeout: '3s' } },
        migrations: [],
        failures: [{ kind: 'node', target: 'ws3', at: '10s', recover: '16s' }],
      }),
      job('quic', 'eager-all'),
    )
    expect(r.status, r.error).toBe('ok')
    const c = r.connections[0]
    expect(c.timeouts).toBeGreaterThanOrEqual(1)
    expect(c.reconnects).toBeGreaterThanOrEqual(1)
    // Echoes stop at the failure and resume after the recovery.
    const echo = r.samples['typing.echo']
    const during = echo.t.filter((t) => t > 10.1 * SECOND && t < 16 * SECOND)
    expect(during).toEqual([])
    expect(echo.t.some((t) => t > 17 * SECOND)).toBe(true)
  })

  it('if the old host fails while forwarding, the connection survives on the new IDs and the dependency ends with it', () => {
    const base = simulate(spec(), job('quic', 'eager-all'))
    const resume = base.migrations[0].resumeAt
    const r = simulate(
      spec({ failures: [{ kind: 'node', target: 'ws1', at: `${(resume + 5 * MS) / 1e6}ms` }] }),
      job('quic', 'eager-all'),
    )
    expect(r.status, r.error).toBe('ok')
    const m = r.migrations[0]
    expect(m.connections[0].broken).toBe(false)
    expect(r.connections[0].reconnects).toBe(0)
    expect(m.residualDependencies[0].until).toBe(resume + 5 * MS)
    expect(r.summary['interactive.keystrokes'] - r.summary['interactive.unechoed']).toBeGreaterThan(200)
  })
})

describe('quic: the process as a client migrating itself', () => {
  it('the peer validates the new address (PATH_CHALLENGE / PATH_RESPONSE) while data flows; outage ≈ F + RTT', () => {
    const s = spec({ workloads: [] })
    const { world, echoes, run } = processAsClient(s, 'quic')
    run(20 * SECOND)
    const m = world.recorder.migrations[0]
    const seq = sequence(world)
    // The mover retires the peer's old ID; the peer challenges the new address and (§9.3.3) the
    // old one, the mover answers from the new address, each side retires and replaces IDs.
    expect(seq).toContain('PATH_CHALLENGE')
    expect(seq).toContain('PATH_RESPONSE')
    expect(seq.filter((w) => w === 'PATH_CHALLENGE').length).toBeGreaterThanOrEqual(2)
    const ctl = world.recorder.control.filter((c) => c.migration === 0)
    const toNew = ctl.find((c) => c.what === 'PATH_CHALLENGE' && c.to === 'ws2')!
    const toOld = ctl.find((c) => c.what === 'PATH_CHALLENGE' && c.to === 'ws1')!
    expect(toNew.bytes).toBe(1200)
    expect(toOld).toBeDefined()
    const response = ctl.find((c) => c.what === 'PATH_RESPONSE')!
    expect(response.from).toBe('ws2')
    expect(response.t - toNew.t).toBeGreaterThan(RTT / 2)
    // The challenge left one way after resume (the mover's first datagram reached the peer).
    expect(toNew.t - m.resumeAt).toBeGreaterThan(RTT / 2)
    expect(toNew.t - m.resumeAt).toBeLessThan(RTT / 2 + 3 * MS)
    // Echoes come back one RTT after the first message from the new address — before validation
    // completes, under the amplification limit.
    // The naming update completes when the peer has validated the new address: 1.5 RTT after resume.
    expect((m.namingUpdatedAt as number) - m.resumeAt).toBeGreaterThan(1.5 * RTT)
    expect((m.namingUpdatedAt as number) - m.resumeAt).toBeLessThan(1.5 * RTT + 5 * MS)
    const firstAfter = echoes.find((t) => t > m.resumeAt)!
    expect(firstAfter - m.freezeAt).toBeGreaterThan(m.freeze + RTT)
    expect(firstAfter - m.freezeAt).toBeLessThan(m.freeze + RTT + 60 * MS)
    expect(gapAround(echoes, m.freezeAt)).toBeLessThan(m.freeze + RTT + 110 * MS)
    // No residual dependency: nothing in the cluster stands between the peer and the process.
    world.metrics.finishMigrations()
    expect(m.residualDependencies).toEqual([])
    expect(echoes.filter((t) => t > m.resumeAt + SECOND).length).toBeGreaterThan(100)
  })

  it('works with every migration mechanism', () => {
    for (const id of MECHANISM_REGISTRY.keys()) {
      const { world, echoes, run } = processAsClient(spec({ workloads: [], duration: '20s' }), 'quic', id)
      run(20 * SECOND)
      const m = world.recorder.migrations[0]
      expect(m.resumeAt, id).toBeGreaterThan(0)
      expect(echoes.filter((t) => t > m.resumeAt + SECOND).length, id).toBeGreaterThan(100)
    }
  })
})

describe('quic: refusals and options', () => {
  it('refuses a legacy (TCP-only) peer', () => {
    const s = spec()
    s.topology.nodes.find((n) => n.name === 'remote')!.legacy = true
    const r = simulate(s, job('quic', 'eager-all'))
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/legacy \(TCP-only\) peer/)
  })

  it('rejects bad options by name', () => {
    const bad = simulate(spec({ architectureOptions: { quic: { oldHost: 'bounce' } } }), job('quic', 'eager-all'))
    expect(bad.status).toBe('failed')
    expect(bad.error).toMatch(/architectureOptions\.quic\.oldHost/)
    const limit = simulate(
      spec({ architectureOptions: { quic: { activeConnectionIdLimit: 1 } } }),
      job('quic', 'eager-all'),
    )
    expect(limit.error).toMatch(/architectureOptions\.quic\.activeConnectionIdLimit/)
    const typo = simulate(spec({ architectureOptions: { quic: { oldhost: 'drop' } } }), job('quic', 'eager-all'))
    expect(typo.error).toMatch(/architectureOptions\.quic\.oldhost: unknown option/)
  })
})

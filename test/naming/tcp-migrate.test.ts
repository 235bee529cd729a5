// TCP Migrate (MODELS.md §2g): after a move the Migrate SYN / SYN/ACK exchange rebinds the
// connection and restarts transmission, so the outage is the freeze plus one round trip to the
// peer, without the back-off quantisation of §1.3; request numbers reject replays; a RST from the
// old address parks the connection in MIGRATE_WAIT; a legacy peer falls back to plain TCP.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import { MS } from '../../src/engine/core'
import { classifyRequest, MIGRATE_BYTES, MigrateOption } from '../../src/engine/naming/tcp-migrate/wire'
import { type Packet, Proto, TCP_HEADER, TcpFlag } from '../../src/engine/net/packet'
import { simulate } from '../../src/engine/run/simulate'
import type { ScenarioSpec } from '../../src/engine/scenario/spec'
import type { World } from '../../src/engine/sim/world'
import type { TcpConnection } from '../../src/engine/transport/tcp'
import { interactiveSpec, job } from '../sim/fixtures'
import { agentSpec, driveWorld, lateUser, sparseTyping, typing, withLegacy } from './agent-fixture'
import { controlBetween, echoes, firstEchoAfter, oneWayBefore, resumesAt, SECOND } from './backoff'

const migrate = (mechanism = 'eager-all') => job('tcp-migrate', mechanism)

describe('tcp-migrate on the single-migration interactive scenario', () => {
  const r = simulate(agentSpec('spare', { workloads: [typing, lateUser('15s')] }), migrate())
  const m = r.migrations[0]

  it('sends a Migrate SYN from the new address, gets SYN/ACK, and updates DNS for new connections', () => {
    expect(r.status).toBe('ok')
    const after = controlBetween(r, m.resumeAt, m.resumeAt + SECOND).map((c) => [c.what, c.from, c.to])
    expect(after).toEqual([
      ['tcp-migrate-syn', 'ws2', 'remote'],
      ['dns-update', 'ws2', 'gw'],
      ['tcp-migrate-synack', 'remote', 'ws2'],
    ])
    expect(m.controlMessages).toBe(3)
    // The update is complete when the SYN/ACK is back at the mover.
    const synack = controlBetween(r, m.resumeAt, r.simulated).find((c) => c.what === 'tcp-migrate-synack')!
    expect(m.namingUpdatedAt! - synack.t).toBeGreaterThan(20 * MS)
    expect(m.namingUpdatedAt! - synack.t).toBeLessThan(21 * MS)
    expect(m.residualDependencies).toEqual([
      { node: 'gw', what: 'dynamic DNS (new connections)', from: m.resumeAt, until: null },
    ])
    const c = m.connections.find((x) => x.connection === 'typing')!
    expect(c.broken).toBe(false)
    expect(c.stretchAfter).toBeCloseTo(1, 2)
    expect(r.summary['connection.resets']).toBe(0)
    // A user who connects after the move finds the process where it is now.
    expect(echoes(r, 'late').length).toBeGreaterThan(100)
    expect(r.connections.find((x) => x.id === 'late')!.reconnects).toBe(0)
  })

  it('has an outage of the freeze plus one round trip to the peer', () => {
    const c = m.connections.find((x) => x.connection === 'typing')!
    const rtt = 2 * oneWayBefore(r, m)
    // Migrate SYN to the peer, the peer's retransmission back: F + RTT (MODELS.md §2g).
    expect(Math.abs(c.outageIn! - (m.freeze + rtt))).toBeLessThan(1 * MS)
    // The echo of that keystroke takes one more one-way trip.
    expect(Math.abs(c.outageOut! - (m.freeze + 1.5 * rtt))).toBeLessThan(1 * MS)
  })
})

describe('tcp-migrate and the retransmission back-off', () => {
  it('restarts transmission instead of waiting for the backed-off timer (MODELS.md §1.3)', () => {
    // A 1.5 s freeze: the keystroke lost at the freeze would next be retransmitted 3 s after it.
    const spec = interactiveSpec({
      processes: [{ name: 'shell', host: 'ws1', memory: { size: '17MB', touchedAfterResume: '1MB' } }],
      workloads: [sparseTyping()],
    })
    const r = simulate(spec, migrate())
    const none = simulate(spec, job('arp-takeover', 'eager-all'))
    const m = r.migrations[0]
    expect(m.freeze).toBeGreaterThan(1.4 * SECOND)
    expect(m.freeze).toBeLessThan(1.6 * SECOND)
    const lost = firstEchoAfter(r, m)
    expect(lost.typed).toBe(m.freezeAt)
    const owd = oneWayBefore(r, m)
    const outage = m.connections[0].outageIn!
    expect(Math.abs(outage - (m.freeze + 2 * owd))).toBeLessThan(1 * MS)
    // Network-layer re-routing of the same move waits for the retransmission at 3 s.
    const backedOff = resumesAt(lost.typed, SECOND, m.resumeAt) + owd - m.freezeAt
    expect(Math.abs(none.migrations[0].connections[0].outageIn! - backedOff)).toBeLessThan(1 * MS)
    expect(outage).toBeLessThan(backedOff - 1.4 * SECOND)
  })
})

/** Runs the world by hand with `poke` called at `at` (and `setup` before it starts). */
function drive(spec: ScenarioSpec, at: number, poke: (w: World) => void, setup?: (w: World) => void): World {
  return driveWorld(spec, migrate(), setup ?? null, at, poke)
}

/** The remote user's connection. */
function peerConnection(w: World): TcpConnection {
  return w.stack(w.node('remote')).connections()[0]
}

/** A segment from `from`'s address to the remote user's connection, as if for its quadruple. */
function segmentTo(w: World, from: string, c: TcpConnection, flags: number): Packet {
  const pkt = w.net.pool.alloc()
  pkt.proto = Proto.TCP
  pkt.src = w.node(from).address
  pkt.dst = c.localAddr
  pkt.sport = c.remotePort
  pkt.dport = c.localPort
  pkt.flags = flags
  pkt.seq = c.rcvNxt
  pkt.size = 20 + TCP_HEADER
  pkt.born = w.now
  return pkt
}

describe('tcp-migrate MIGRATE_WAIT and replays', () => {
  it('a RST from the old address parks the connection until the Migrate SYN arrives', () => {
    // During the freeze, the old host answers a stray segment with RST.
    const w = drive(interactiveSpec(), 10.1 * SECOND, (world) => {
      const c = peerConnection(world)
      world.node('ws1').send(segmentTo(world, 'ws1', c, TcpFlag.RST))
    })
    const s = w.recorder.sessions[0]
    expect(s.resets).toBe(0)
    expect(s.reconnects).toBe(0)
    const typed = w.recorder.samples.get('typing.echo')!
    expect(typed.t.filter((t) => t > 11 * SECOND).length).toBeGreaterThan(100)
  })

  it('the MIGRATE_WAIT timer ends a connection whose peer never migrates to it', () => {
    const spec = interactiveSpec({ architectureOptions: { 'tcp-migrate': { migrateWait: '50ms' } } })
    let sent = 0
    const w = drive(spec, 10.1 * SECOND, (world) => {
      sent = world.now
      world.node('ws1').send(segmentTo(world, 'ws1', peerConnection(world), TcpFlag.RST))
    })
    const s = w.recorder.sessions[0]
    expect(s.resets).toBe(1)
    // Reported when the timer expires: one one-way trip for the RST (behind the state transfer on
    // the LAN), then 50 ms — before the process resumed and could have sent its Migrate SYN.
    const lanes = w.recorder.timeline()
    const resetAt = lanes.points.t.find((_, i) => lanes.points.kind[i] === 'reset')!
    expect(resetAt - sent).toBeGreaterThan(50 * MS + 20 * MS)
    expect(resetAt - sent).toBeLessThan(50 * MS + 30 * MS)
    expect(resetAt).toBeLessThan(w.recorder.migrations[0].resumeAt)
  })

  it('request numbers: a replayed Migrate SYN from an old address does not move the connection', () => {
    expect(classifyRequest(1, 2)).toBe('new')
    expect(classifyRequest(2, 2)).toBe('duplicate')
    expect(classifyRequest(2, 1)).toBe('stale')
    const spec = interactiveSpec({
      migrations: [
        { process: 'shell', to: 'ws2', at: '10s' },
        { process: 'shell', to: 'ws3', at: '15s' },
      ],
    })
    // An attacker on the path (at the gateway) keeps the Migrate SYNs it sees...
    const seen: { from: string; option: MigrateOption }[] = []
    const eavesdrop = (world: World) =>
      world.node('gw').interceptors.push({
        intercept(pkt) {
          if (pkt.msg instanceof MigrateOption) seen.push({ from: world.net.ownerOf(pkt.src)!.name, option: pkt.msg })
          return false
        },
      })
    let replayed = false
    const w = drive(
      spec,
      20 * SECOND,
      (world) => {
        const c = peerConnection(world)
        expect(world.net.ownerOf(c.remoteAddr)!.name).toBe('ws3')
        // ... and replays each from the address it came from, after the second move.
        expect(seen.map((x) => [x.from, x.option.request])).toEqual([
          ['ws2', 1],
          ['ws3', 2],
        ])
        for (const { from, option } of seen) {
          const syn = segmentTo(world, from, c, TcpFlag.SYN)
          syn.msg = option
          syn.size += MIGRATE_BYTES
          world.node(from).send(syn)
        }
        replayed = true
      },
      eavesdrop,
    )
    expect(replayed).toBe(true)
    const c = peerConnection(w)
    // The stale request is dropped; the duplicate of the current one is answered again, nothing moves.
    expect(w.net.ownerOf(c.remoteAddr)!.name).toBe('ws3')
    expect(w.net.drops.filtered).toBe(1)
    expect(w.recorder.sessions[0].resets).toBe(0)
  })
})

describe('tcp-migrate with every mechanism, a legacy peer, bad options', () => {
  it('works with every migration mechanism', () => {
    for (const mech of MECHANISMS.map((x) => x.id)) {
      const r = simulate(interactiveSpec(), migrate(mech))
      expect(r.status, `${mech}: ${r.error}`).toBe('ok')
      const c = r.migrations[0].connections[0]
      expect(c.broken, mech).toBe(false)
      expect(r.summary['connection.resets'], mech).toBe(0)
      const m = r.migrations[0]
      // Whatever the mechanism, the connection is back one round trip after the resume.
      expect(m.freezeAt + c.outageIn!, mech).toBeLessThan(m.resumeAt + 45 * MS)
    }
  })

  it('a legacy peer ignores Migrate-Permitted: the connection breaks as plain TCP and the user reconnects', () => {
    const r = simulate(withLegacy(interactiveSpec(), 'remote'), migrate())
    expect(r.status).toBe('ok')
    const m = r.migrations[0]
    expect(controlBetween(r, m.resumeAt, r.simulated).map((c) => c.what)).toEqual(['dns-update'])
    expect(r.summary['connection.resets']).toBeGreaterThanOrEqual(1)
    expect(r.summary['connection.reconnects']).toBeGreaterThanOrEqual(1)
    expect(echoes(r).filter((e) => e.t > 15 * SECOND).length).toBeGreaterThan(100)
  })

  it('names a bad option', () => {
    const r = simulate(interactiveSpec({ architectureOptions: { 'tcp-migrate': { migrateWait: 5 } } }), migrate())
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/architectureOptions\.tcp-migrate\.migrateWait/)
  })
})

describe('tcp-migrate and interrupted handshakes', () => {
  it('a move abandoned while the previous move’s handshake was out starts the handshake over', () => {
    // The second move starts as the first resumes, before the SYN/ACK is back; its destination
    // fails during it, so the process resumes where it was, with the handshake still to finish.
    const spec = interactiveSpec({
      migrations: [
        { process: 'shell', to: 'ws2', at: '10s' },
        { process: 'shell', to: 'ws3', at: '10s' },
      ],
      failures: [{ kind: 'node', target: 'ws3', at: '10.8s' }],
    })
    const r = simulate(spec, migrate())
    expect(r.status).toBe('ok')
    const [first, second] = r.migrations
    // The second move froze the process as the first resumed, and was abandoned when ws3 failed.
    expect(second.freezeAt).toBe(first.resumeAt)
    expect(second.resumeAt).toBe(-1)
    const abandoned = second.completedAt
    expect(abandoned).toBe(10.8 * SECOND)
    // The SYN/ACK that came back during the second freeze was not taken; the handshake started over.
    const syns = controlBetween(r, first.resumeAt, r.simulated).filter((c) => c.what === 'tcp-migrate-syn')
    expect(syns.map((c) => [c.from, c.t])).toEqual([
      ['ws2', first.resumeAt],
      ['ws2', abandoned],
    ])
    expect(r.summary['connection.resets']).toBe(0)
    expect(echoes(r).filter((e) => e.t > abandoned + 100 * MS).length).toBeGreaterThan(100)
  })
})

// QUIC connection migration and path validation (RFC 9000 §8–9), MODELS.md V8: on an unmeasured
// path with current PTO 200 ms the new-path PTO is 333 + 4·166.5 + 25 = 1024 ms and validation is
// abandoned after 3 × 1024 ms; before validation the validator sends at most three times the bytes
// it received from the new address; after validation the congestion window is the initial window
// unless only the port changed.
import { describe, expect, it } from 'vitest'
import { MS, SECOND, type Time } from '../../src/engine/core'
import type { Address } from '../../src/engine/net/address'
import type { Packet } from '../../src/engine/net/packet'
import type { QuicConnection } from '../../src/engine/transport/quic/connection'
import type { QuicPath } from '../../src/engine/transport/quic/path'
import { TransportStack } from '../../src/engine/transport/stack'
import { client, quicWorld, SERVER_PORT, server } from './quic-helpers'

/** A client on ws1 connected to a server on the remote host, 85 ms one way (RTT 170 ms). */
function connected(opts: { bulkToClient?: boolean; answer?: number } = {}) {
  const { sched, net } = quicWorld('85ms')
  const remote = net.node('remote')
  const srv = server(net, remote)
  let serverConn: QuicConnection | null = null
  srv.onAccept = (c) => {
    serverConn = c
    if (opts.bulkToClient) c.send(50_000_000, 'bulk')
    const answer = opts.answer
    if (answer) c.app = { onMessage: (s) => s.send(answer, 'answer') }
  }
  const cli = client(net, net.node('ws1'))
  const seen = { answered: 0 }
  const conn = cli.connect(remote.address, SERVER_PORT, { onMessage: () => seen.answered++ })
  // Bytes the server sends to / receives from each address, with times.
  const sentTo: { t: Time; dst: Address; bytes: number }[] = []
  const receivedFrom: { t: Time; src: Address; bytes: number }[] = []
  remote.shims.push({
    output: (p: Packet) => {
      sentTo.push({ t: sched.now, dst: p.dst, bytes: p.len })
      return p
    },
    input: (p: Packet) => p,
  })
  remote.interceptors.push({
    intercept: (p: Packet) => {
      receivedFrom.push({ t: sched.now, src: p.src, bytes: p.len })
      return false
    },
  })
  sched.run({ until: 2 * SECOND })
  if (serverConn === null) throw new Error('no connection')
  return { sched, net, cli, conn, srv: serverConn as QuicConnection, sentTo, receivedFrom, seen }
}

/** Server-side path events with their times. */
function watchServer(c: QuicConnection, now: () => Time) {
  const ev: { what: string; t: Time; path: QuicPath; bytes?: number; cwnd?: number; measured?: boolean }[] = []
  c.events = {
    peerMigrated: (_c, path) => ev.push({ what: 'migrated', t: now(), path }),
    challengeSent: (_c, path, bytes) => ev.push({ what: 'challenge', t: now(), path, bytes }),
    pathValidated: (cc, path) =>
      ev.push({ what: 'validated', t: now(), path, cwnd: cc.cc.cwnd, measured: cc.rtt.hasSample }),
    validationAbandoned: (_c, path) => ev.push({ what: 'abandoned', t: now(), path }),
  }
  return ev
}

describe('QUIC path validation (MODELS.md V8)', () => {
  it('current PTO 200 ms: the new-path PTO is 1024 ms, validation is abandoned after 3 × 1024 ms', () => {
    const { sched, net, cli, conn, srv } = connected()
    // The current path's PTO, set to exactly 200 ms: 174 + max(4·0, 1) + 25.
    srv.rtt.smoothedRtt = 174 * MS
    srv.rtt.rttvar = 0
    expect(srv.pto()).toBe(200 * MS)
    expect(srv.newPathPto()).toBe(1024 * MS)
    expect(srv.validationTimeout()).toBe(3072 * MS)
    const ev = watchServer(srv, () => sched.now)
    // The client moves to ws2, sends one padded packet from there, and ws2 fails at once: no
    // PATH_RESPONSE can ever come back.
    const ws2 = net.node('ws2')
    cli.moveTo(TransportStack.of(ws2).udpSocket())
    expect(conn.migrate(false)).toBe(true)
    sched.run({ until: sched.now + 1 * MS })
    net.setNodeUp(ws2, false)
    sched.run({ until: sched.now + 10 * SECOND })
    const newPath = ev.find((e) => e.what === 'migrated')!.path
    expect(newPath.remoteAddr).toBe(ws2.address)
    const challenges = ev.filter((e) => e.what === 'challenge' && e.path === newPath)
    const t0 = challenges[0].t
    // A fresh challenge every new-path PTO (a lost one is never retransmitted as such, §13.3).
    expect(challenges.map((e) => (e.t - t0) / MS)).toEqual([0, 1024, 2048])
    const abandoned = ev.find((e) => e.what === 'abandoned' && e.path === newPath)!
    expect(abandoned.t - t0).toBe(3072 * MS)
    expect(ev.some((e) => e.what === 'validated' && e.path === newPath)).toBe(false)
  })

  it('before PATH_RESPONSE the server sends at most 3× the bytes received from the new address; then cwnd = initial window', () => {
    // Each request is answered with 200 kB, so the server has data queued when the client moves.
    const { sched, net, cli, conn, srv, sentTo, receivedFrom, seen } = connected({ answer: 200_000 })
    const ev = watchServer(srv, () => sched.now)
    const ws2 = net.node('ws2')
    const tMove = sched.now
    // As in a process migration: frozen, a request written, moved, thawed on the new address.
    conn.freeze()
    conn.send(100, 'request')
    cli.moveTo(TransportStack.of(ws2).udpSocket())
    conn.migrate(false)
    conn.thaw()
    sched.run({ until: tMove + 3 * SECOND })
    const validated = ev.find((e) => e.what === 'validated' && e.path.remoteAddr === ws2.address)!
    expect(validated).toBeDefined()
    const newAddr = ws2.address
    const fromNew = receivedFrom.filter((r) => r.src === newAddr && r.t <= validated.t)
    const toNew = sentTo.filter((s) => s.dst === newAddr && s.t < validated.t)
    // The client's first datagram from the new address is padded to 1200 bytes.
    expect(fromNew[0].bytes).toBe(1200)
    // Until the next datagram from the new address, at most 3 × 1200 = 3600 bytes go to it — and
    // the limit binds (the server has megabytes queued).
    const firstWindow = toNew.filter((s) => fromNew.length < 2 || s.t < fromNew[1].t)
    const firstBytes = firstWindow.reduce((a, s) => a + s.bytes, 0)
    expect(firstBytes).toBe(3600)
    // The invariant at every datagram sent before validation.
    for (const s of toNew) {
      const sent = toNew.filter((x) => x.t <= s.t).reduce((a, x) => a + x.bytes, 0)
      const recv = fromNew.filter((x) => x.t <= s.t).reduce((a, x) => a + x.bytes, 0)
      expect(sent).toBeLessThanOrEqual(3 * recv)
    }
    // The challenge itself was padded to 1200 bytes.
    expect(ev.find((e) => e.what === 'challenge' && e.path.remoteAddr === newAddr)!.bytes).toBe(1200)
    // Validation takes one round trip on the new path (≈ 170 ms) after the first datagram arrived.
    expect(validated.t - fromNew[0].t).toBeGreaterThan(170 * MS)
    expect(validated.t - fromNew[0].t).toBeLessThan(180 * MS)
    // §9.4: the congestion controller and RTT estimator start afresh on the new path.
    expect(validated.cwnd).toBe(12_000)
    expect(validated.measured).toBe(false)
    // The whole answer arrives over the new path.
    expect(seen.answered).toBe(1)
  })

  it('a port-only change is validated too but keeps the congestion window and RTT estimate', () => {
    const { sched, net, cli, conn, srv } = connected({ bulkToClient: true })
    const ev = watchServer(srv, () => sched.now)
    const ws1 = net.node('ws1')
    const oldPort = cli.socket.port
    cli.moveTo(TransportStack.of(ws1).udpSocket())
    expect(cli.socket.port).not.toBe(oldPort)
    const cwndBefore = srv.cc.cwnd
    conn.migrate(true)
    sched.run({ until: sched.now + 2 * SECOND })
    const validated = ev.find((e) => e.what === 'validated' && e.path.remotePort === cli.socket.port)!
    expect(validated).toBeDefined()
    expect(validated.measured).toBe(true)
    expect(validated.cwnd).toBeGreaterThanOrEqual(cwndBefore * 0.5)
    expect(validated.cwnd).not.toBe(12_000)
  })

  it('the mover uses a fresh connection ID on the new path and retires the old one (§9.5)', () => {
    const { sched, net, cli, conn, srv } = connected()
    const before = conn.dcid
    cli.moveTo(TransportStack.of(net.node('ws2')).udpSocket())
    conn.migrate(false)
    sched.run({ until: sched.now + 2 * SECOND })
    expect(conn.dcid).not.toBe(before)
    // The server retired the ID and issued a replacement, so the client again holds two.
    expect(srv.localCids.active.some((c) => c.cid === before)).toBe(false)
    expect(conn.peerCids.available.length).toBe(2)
    // The server, too, moved to a fresh ID toward the new address.
    expect(srv.peerCids.current).toBe(1)
  })
})

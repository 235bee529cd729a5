// SCTP transport (RFC 9260, RFC 5061): the handshake, ordered messages with tags, loss recovery by
// fast retransmit and T3-rtx with RFC 9260's timers, heartbeats, and dynamic address
// reconfiguration (Add IP + Set Primary, path confirmation by HEARTBEAT, Delete IP).
import { describe, expect, it } from 'vitest'
import { MS, SECOND } from '../../src/engine/core'
import type { Net } from '../../src/engine/net/net'
import type { SctpAssociation } from '../../src/engine/transport/sctp/association'
import { SctpState } from '../../src/engine/transport/sctp/association'
import { initialCwnd, RFC_SCTP } from '../../src/engine/transport/sctp/config'
import { AsconfError, AsconfParam, allocSctp, Chunk } from '../../src/engine/transport/sctp/packet'
import { SctpStack } from '../../src/engine/transport/sctp/stack'
import { TransportStack } from '../../src/engine/transport/stack'
import { quicWorld } from './quic-helpers'

const PORT = 9899

function sctp(net: Net, name: string): SctpStack {
  return SctpStack.of(TransportStack.of(net.node(name)))
}

/** ws1 (client) associated with the remote server; the server echoes every message. */
function associated(wan = '20ms', loss = 0, seed = 1) {
  const { sched, net } = quicWorld(wan, seed, loss)
  let server: SctpAssociation | null = null
  sctp(net, 'remote').listen(PORT, (a) => {
    server = a
    a.app = { onMessage: (s, tag, bytes) => s.send(bytes, tag) }
  })
  const echoes: { t: number; tag: unknown }[] = []
  let connectedAt = -1
  const client = sctp(net, 'ws1').connect([net.node('remote').address], PORT, {
    onConnected: () => (connectedAt = sched.now),
    onMessage: (_s, tag) => echoes.push({ t: sched.now, tag }),
  })
  return {
    sched,
    net,
    client,
    server: () => server as unknown as SctpAssociation,
    echoes,
    connectedAt: () => connectedAt,
  }
}

describe('SCTP parameters (RFC 9260 §16, §7.2.1)', () => {
  it('RTO.Initial 1 s, RTO.Min 1 s, RTO.Max 60 s, Path.Max.Retrans 5, Association.Max.Retrans 10, HB.interval 30 s', () => {
    expect(RFC_SCTP.rtoInitial).toBe(1 * SECOND)
    expect(RFC_SCTP.rtoMin).toBe(1 * SECOND)
    expect(RFC_SCTP.rtoMax).toBe(60 * SECOND)
    expect(RFC_SCTP.pathMaxRetrans).toBe(5)
    expect(RFC_SCTP.associationMaxRetrans).toBe(10)
    expect(RFC_SCTP.hbInterval).toBe(30 * SECOND)
    expect(initialCwnd(1500)).toBe(4380)
  })
})

describe('SCTP association', () => {
  it('four-way handshake in two round trips, then tagged messages in order; RTO floored at 1 s', () => {
    const { sched, client, echoes, connectedAt } = associated()
    sched.run({ until: 1 * SECOND })
    expect(client.state).toBe(SctpState.ESTABLISHED)
    expect(connectedAt()).toBeGreaterThan(80 * MS)
    expect(connectedAt()).toBeLessThan(85 * MS)
    for (let i = 0; i < 30; i++) client.send(200 + 100 * i, i)
    client.send(5000, 'big') // fragmented into several DATA chunks, delivered as one message
    sched.run({ until: 3 * SECOND })
    expect(echoes.map((e) => e.tag)).toEqual([...Array.from({ length: 30 }, (_, i) => i), 'big'])
    expect(client.primary.rto.rto).toBe(1 * SECOND)
    expect(client.primary.rto.srtt).toBeGreaterThan(40 * MS)
    expect(client.primary.rto.srtt).toBeLessThan(45 * MS)
  })

  it('recovers from 3 % loss (fast retransmit and T3-rtx): every message echoed', () => {
    const { sched, client, echoes } = associated('20ms', 0.03, 3)
    sched.run({ until: 1 * SECOND })
    for (let i = 0; i < 400; i++) client.send(1000, i)
    sched.run({ until: 60 * SECOND })
    expect(echoes.map((e) => e.tag)).toEqual(Array.from({ length: 400 }, (_, i) => i))
    expect(client.totalRetransmits).toBeGreaterThan(5)
  })

  it('T3-rtx backs off from RTO.Min (1, 2, 4 s) while the peer is unreachable, then the data goes through', () => {
    const { sched, net, client, echoes } = associated()
    sched.run({ until: 1 * SECOND })
    const expiries: number[] = []
    client.observer = {
      packetSent: () => {},
      timerExpired: (_rto, timer) => {
        if (timer === 'T3-rtx') expiries.push(sched.now)
      },
      delivered: () => {},
    }
    const wan = net.link('wan')
    net.setLinkUp(wan, false)
    const t0 = sched.now
    client.send(100, 'x')
    sched.run({ until: t0 + 5 * SECOND })
    net.setLinkUp(wan, true)
    sched.run({ until: t0 + 12 * SECOND })
    expect(expiries.map((t) => Math.round((t - t0) / MS))).toEqual([1000, 3000, 7000])
    expect(echoes.map((e) => e.tag)).toEqual(['x'])
    expect(echoes[0].t - t0).toBeGreaterThan(7 * SECOND)
  })

  it('graceful shutdown closes both ends; ABORT resets the peer', () => {
    const { sched, client, server } = associated()
    sched.run({ until: 1 * SECOND })
    const events: string[] = []
    client.app = { onClosed: () => events.push('client closed') }
    server().app = {
      onPeerClosed: () => events.push('server saw shutdown'),
      onClosed: () => events.push('server closed'),
    }
    client.send(100, 'last')
    client.close()
    sched.run({ until: 3 * SECOND })
    expect(events).toEqual(['server saw shutdown', 'client closed', 'server closed'])
    const b = associated()
    b.sched.run({ until: 1 * SECOND })
    let reset = false
    b.server().app = { onReset: () => (reset = true) }
    b.client.abort()
    b.sched.run({ until: 2 * SECOND })
    expect(reset).toBe(true)
  })
})

describe('SCTP dynamic address reconfiguration (RFC 5061)', () => {
  /** Moves the client association from ws1 to ws2 as a process migration would. */
  function move(net: Net, a: SctpAssociation) {
    a.freeze()
    const from = sctp(net, 'ws1')
    a.moveTo(sctp(net, 'ws2'))
    from.tombstone(a.localTag)
    a.reconfigure([net.node('ws2').address])
    a.thaw()
  }

  it('ASCONF(Add IP, Set Primary) → ASCONF-ACK → HEARTBEAT confirms the new address → ASCONF(Delete IP); the peer ends with the new address as its only, primary one', () => {
    const { sched, net, client, server, echoes } = associated()
    sched.run({ until: 1 * SECOND })
    const log: { t: number; what: string; to: number }[] = []
    const record = (what: string, to: number) => log.push({ t: sched.now, what, to })
    client.events = { controlChunk: (_a, what, _b, to) => record(what, to), reconfigured: () => record('done', -1) }
    server().events = {
      controlChunk: (_a, what, _b, to) => record(what, to),
      pathConfirmed: (_a, p) => record('confirmed', p.addr),
    }
    const ws2 = net.node('ws2').address
    const t0 = sched.now
    move(net, client)
    client.send(100, 'after')
    sched.run({ until: t0 + 2 * SECOND })
    expect(log.map((l) => l.what)).toEqual([
      'ASCONF', // Add IP + Set Primary, from the new address
      'ASCONF-ACK',
      'HEARTBEAT', // the peer probes the unconfirmed address at once
      'ASCONF', // Delete IP of the old address, after the first was acknowledged
      'ASCONF-ACK',
      'confirmed', // the HEARTBEAT ACK, one RTT after the HEARTBEAT
      'done',
    ])
    const srv = server()
    expect(srv.paths.map((p) => p.addr)).toEqual([ws2])
    expect(srv.primary.addr).toBe(ws2)
    // The held message went after the Add IP was acknowledged: one RTT, then one way to the peer and the echo back.
    expect(echoes.map((e) => e.tag)).toEqual(['after'])
    expect(echoes[0].t - t0).toBeGreaterThan(2 * 40 * MS)
    expect(echoes[0].t - t0).toBeLessThan(2 * 40 * MS + 5 * MS)
    // Confirmation took one RTT after the peer learnt the address.
    const learnt = log.find((l) => l.what === 'HEARTBEAT')!.t
    expect(log.find((l) => l.what === 'confirmed')!.t - learnt).toBeGreaterThan(40 * MS)
    expect(log.find((l) => l.what === 'confirmed')!.t - learnt).toBeLessThan(42 * MS)
  })

  it('the peer sends no DATA to the new address before it is confirmed; data it sent to the old address is recovered by T3-rtx', () => {
    const { sched, net, client, server } = associated()
    sched.run({ until: 1 * SECOND })
    const srv = server()
    const got: { t: number; tag: unknown }[] = []
    client.app = { onMessage: (_s, tag) => got.push({ t: sched.now, tag }) }
    // The server sends while the client is frozen for 300 ms: lost at ws1 (tombstoned, then gone).
    client.freeze()
    const t0 = sched.now
    srv.send(100, 'lost-at-old-host')
    sched.run({ until: t0 + 300 * MS })
    const from = sctp(net, 'ws1')
    client.moveTo(sctp(net, 'ws2'))
    from.tombstone(client.localTag)
    client.reconfigure([net.node('ws2').address])
    client.thaw()
    sched.run({ until: t0 + 3 * SECOND })
    expect(got.map((g) => g.tag)).toEqual(['lost-at-old-host'])
    // Deleting the old address moved the chunk to the new primary, whose T3-rtx (RTO.Initial 1 s,
    // started then, as Linux does) retransmits it: F + 1.5 RTT + 1 s + one way.
    expect(got[0].t - t0).toBeGreaterThan(300 * MS + 60 * MS + 1 * SECOND)
    expect(got[0].t - t0).toBeLessThan(300 * MS + 60 * MS + 1 * SECOND + 25 * MS)
    expect(srv.totalT3).toBe(1)
    expect(net.drops.frozen).toBeGreaterThan(0)
  })

  it('refuses to delete the last address (error 0x00A0) or the source address of the ASCONF (RFC 5061 §5.3 F8, 0x00A2)', () => {
    const { sched, net, client, server } = associated()
    sched.run({ until: 1 * SECOND })
    const srv = server()
    const answers: number[][] = []
    srv.events = { asconfProcessed: (_a, _r, results) => answers.push([...results]) }
    const ws1 = net.node('ws1').address
    // An ASCONF as the client would send it, delivered to the server association directly.
    const deliver = (serial: number, addr: number) => {
      const q = allocSctp()
      q.chunks = Chunk.AUTH | Chunk.ASCONF
      q.vtag = srv.localTag
      q.serial = serial
      q.requests.push({ type: AsconfParam.DELETE_IP, addr })
      const pkt = net.pool.alloc()
      pkt.src = ws1
      pkt.msg = q
      srv.input(pkt, q)
      net.pool.release(pkt)
    }
    deliver(1, ws1) // the only address the server has for the client
    expect(answers).toEqual([[AsconfError.DELETE_LAST_ADDRESS]])
    expect(srv.paths.map((p) => p.addr)).toEqual([ws1])
    // Give the server a second address for the client, then ask it to delete the packet's source.
    const extra = net.node('ws2').address
    srv.events = {
      asconfProcessed: (_a, _r, results) => answers.push([...results]),
    }
    const add = allocSctp()
    add.chunks = Chunk.AUTH | Chunk.ASCONF
    add.vtag = srv.localTag
    add.serial = 2
    add.requests.push({ type: AsconfParam.ADD_IP, addr: extra })
    const pkt = net.pool.alloc()
    pkt.src = ws1
    pkt.msg = add
    srv.input(pkt, add)
    net.pool.release(pkt)
    deliver(3, ws1)
    expect(answers).toEqual([
      [AsconfError.DELETE_LAST_ADDRESS],
      [AsconfError.SUCCESS],
      [AsconfError.DELETE_SOURCE_ADDRESS],
    ])
    expect(srv.paths.map((p) => p.addr)).toEqual([ws1, extra])
    expect(client.state).toBe(SctpState.ESTABLISHED)
  })
})

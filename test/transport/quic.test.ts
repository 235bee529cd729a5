// QUIC transport: the handshake, in-order message delivery with tags, loss recovery, RFC 9002
// constants (initial window, PTO of an unmeasured path), idle timeout and closing.
import { describe, expect, it } from 'vitest'
import { MS, SECOND } from '../../src/engine/core'
import { initialWindow, minimumWindow } from '../../src/engine/transport/quic/config'
import type { QuicConnection } from '../../src/engine/transport/quic/connection'
import { QuicState } from '../../src/engine/transport/quic/connection'
import { initialPto, QuicRtt } from '../../src/engine/transport/quic/rtt'
import { client, quicWorld, SERVER_PORT, server } from './quic-helpers'

describe('RFC 9002 constants', () => {
  it('initial window 10·max_datagram_size capped at 14,720 B; minimum window 2·max_datagram_size', () => {
    expect(initialWindow(1200)).toBe(12_000)
    expect(initialWindow(1472)).toBe(14_720)
    expect(initialWindow(1500)).toBe(14_720)
    expect(minimumWindow(1200)).toBe(2400)
  })

  it('an unmeasured path has PTO 333 + 4·166.5 + 25 = 1024 ms', () => {
    expect(initialPto(25 * MS)).toBe(1024 * MS)
    expect(new QuicRtt().pto(25 * MS)).toBe(1024 * MS)
    // Initial and Handshake spaces use max_ack_delay 0 (§6.2.1).
    expect(initialPto(0)).toBe(999 * MS)
  })

  it('RTT samples: first sets smoothed = latest and rttvar = latest/2; ack delay is subtracted when it keeps >= min_rtt', () => {
    const r = new QuicRtt()
    r.sample(100 * MS, 0, true, 25 * MS)
    expect(r.smoothedRtt).toBe(100 * MS)
    expect(r.rttvar).toBe(50 * MS)
    r.sample(140 * MS, 20 * MS, true, 25 * MS) // adjusted 120 ms
    expect(r.rttvar).toBeCloseTo(0.75 * 50 * MS + 0.25 * 20 * MS, 0)
    expect(r.smoothedRtt).toBeCloseTo(0.875 * 100 * MS + 0.125 * 120 * MS, 0)
    r.sample(110 * MS, 200 * MS, true, 25 * MS) // ack delay capped at 25 ms, but 110 - 25 < min_rtt 100: not subtracted
    expect(r.minRtt).toBe(100 * MS)
    expect(r.latestRtt).toBe(110 * MS)
  })
})

describe('QUIC connection', () => {
  it('handshakes in one round trip and delivers tagged messages in order both ways', () => {
    const { sched, net } = quicWorld('20ms')
    const srv = server(net, net.node('remote'))
    const got: unknown[] = []
    let serverConn: QuicConnection | null = null
    srv.onAccept = (c) => {
      serverConn = c
      c.app = { onMessage: (s, tag, bytes) => s.send(bytes * 2, tag) }
    }
    const cli = client(net, net.node('ws1'))
    let connectedAt = -1
    const conn = cli.connect(net.node('remote').address, SERVER_PORT, {
      onConnected: (s) => {
        connectedAt = sched.now
        for (let i = 0; i < 50; i++) s.send(100 + i, i)
      },
      onMessage: (_s, tag, bytes) => got.push([tag, bytes]),
    })
    sched.run({ until: 2 * SECOND })
    // One RTT (≈ 40 ms plus serialisation) to the client's 1-RTT keys.
    expect(connectedAt).toBeGreaterThan(40 * MS)
    expect(connectedAt).toBeLessThan(45 * MS)
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => [i, 2 * (100 + i)]))
    expect(conn.handshakeConfirmed).toBe(true)
    expect(serverConn).not.toBeNull()
    // The server issued active_connection_id_limit - 1 further IDs after the handshake.
    expect(conn.peerCids.available.length).toBe(2)
    expect(conn.rtt.smoothedRtt).toBeGreaterThan(40 * MS)
    expect(conn.rtt.smoothedRtt).toBeLessThan(70 * MS)
  })

  it('recovers from 3 % random loss: every byte of a 2 MB transfer arrives, with retransmissions', () => {
    const { sched, net } = quicWorld('20ms', 7, 0.03)
    const srv = server(net, net.node('remote'))
    let received = 0
    let last: unknown = null
    srv.onAccept = (c) => {
      c.app = {
        onData: (_s, n) => (received += n),
        onMessage: (_s, tag) => (last = tag),
      }
    }
    const cli = client(net, net.node('ws1'))
    const conn = cli.connect(net.node('remote').address, SERVER_PORT, {
      onConnected: (s) => {
        for (let i = 0; i < 200; i++) s.send(10_000, i)
      },
    })
    sched.run({ until: 30 * SECOND })
    expect(received).toBe(2_000_000)
    expect(last).toBe(199)
    expect(conn.totalRetransmits).toBeGreaterThan(10)
    expect(conn.cc.bytesInFlight).toBe(0)
  })

  it('closes gracefully when both ends close, and times out after max_idle_timeout when the peer vanishes', () => {
    const { sched, net } = quicWorld('20ms')
    const srv = server(net, net.node('remote'))
    const events: string[] = []
    srv.onAccept = (c) => {
      c.app = { onPeerClosed: (s) => s.close(), onClosed: () => events.push('server closed') }
    }
    const cli = client(net, net.node('ws1'))
    const conn = cli.connect(net.node('remote').address, SERVER_PORT, {
      onConnected: (s) => {
        s.send(500, 'x')
        s.close()
      },
      onClosed: () => events.push('client closed'),
    })
    sched.run({ until: 5 * SECOND })
    expect(events.sort()).toEqual(['client closed', 'server closed'])
    expect(conn.state).toBe(QuicState.CLOSED)

    const cli2 = client(net, net.node('ws1'))
    let timedOutAt = -1
    cli2.connect(net.node('remote').address, SERVER_PORT, {
      onConnected: () => net.setNodeUp(net.node('remote'), false),
      onTimeout: () => (timedOutAt = sched.now),
    })
    const t0 = sched.now
    sched.run({ until: t0 + 60 * SECOND })
    // Idle since the last packet received (the server's flight, ≈ 40 ms after the start).
    expect(timedOutAt - t0).toBeGreaterThan(30 * SECOND)
    expect(timedOutAt - t0).toBeLessThan(30.1 * SECOND)
  })
})

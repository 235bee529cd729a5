// V8 (QUIC path validation, RFC 9000 §8–9 with RFC 9002's PTO), MODELS.md §7: a client moves to a
// new address on a path never measured while the server's current PTO is 200 ms.

import { MS, Scheduler, SECOND } from '../core'
import type { Packet } from '../net/packet'
import { buildTopology } from '../net/topology'
import type { QuicConnection } from '../transport/quic/connection'
import { QuicEndpoint } from '../transport/quic/endpoint'
import { TransportStack } from '../transport/stack'
import type { Check, ValidationCase } from './case'

const PORT = 4433

/** A client on ws1 connected to a server on the remote host 85 ms away; the server answers each request with `answer` bytes. */
function connected(answer: number) {
  const sched = new Scheduler()
  const net = buildTopology(sched, 1, {
    networks: [{ name: 'cluster', kind: 'lan', bandwidth: '1Gbps', latency: '50us' }],
    nodes: [
      { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
      { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
      { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
      { name: 'remote', kind: 'host', role: 'remote' },
    ],
    links: [{ name: 'wan', a: 'gw', b: 'remote', bandwidth: '100Mbps', latency: '85ms' }],
  })
  const remote = net.node('remote')
  const srv = new QuicEndpoint(TransportStack.of(remote).udpSocket(PORT), net.rng('quic:server'))
  let serverConn: QuicConnection | null = null
  srv.onAccept = (c) => {
    serverConn = c
    if (answer > 0) c.app = { onMessage: (s) => s.send(answer, 'answer') }
  }
  const cli = new QuicEndpoint(TransportStack.of(net.node('ws1')).udpSocket(), net.rng('quic:client'))
  const conn = cli.connect(remote.address, PORT, null)
  const sentTo: { t: number; dst: number; bytes: number }[] = []
  const receivedFrom: { t: number; src: number; bytes: number }[] = []
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
  if (serverConn === null) throw new Error('V8: the QUIC handshake did not complete')
  return { sched, net, cli, conn, srv: serverConn as QuicConnection, sentTo, receivedFrom }
}

export const v8: ValidationCase = {
  id: 'V8',
  title: 'QUIC path validation: current PTO 200 ms, new path never measured',
  source: 'MODELS.md V8 (RFC 9000 §8, §8.2.4, §9.4; RFC 9002 §6.2)',
  run(): Check[] {
    // Abandonment: the new host fails right after the first datagram, so no PATH_RESPONSE comes.
    const a = connected(0)
    a.srv.rtt.smoothedRtt = 174 * MS // current PTO = 174 + max(4·0, 1) + 25 = 200 ms
    a.srv.rtt.rttvar = 0
    const challenges: number[] = []
    let abandoned = -1
    a.srv.events = {
      challengeSent: () => challenges.push(a.sched.now),
      validationAbandoned: () => (abandoned = a.sched.now),
    }
    const ws2 = a.net.node('ws2')
    a.cli.moveTo(TransportStack.of(ws2).udpSocket())
    a.conn.migrate(false)
    a.sched.run({ until: a.sched.now + MS })
    a.net.setNodeUp(ws2, false)
    a.sched.run({ until: a.sched.now + 10 * SECOND })
    const t0 = challenges[0] ?? Number.NaN

    // Amplification: the server has data queued; until the client's second datagram from its new
    // address, it may send at most 3 × 1200 bytes there.
    const b = connected(200_000)
    let validatedAt = -1
    b.srv.events = { pathValidated: () => (validatedAt = validatedAt < 0 ? b.sched.now : validatedAt) }
    const ws2b = b.net.node('ws2')
    b.conn.freeze()
    b.conn.send(100, 'request')
    b.cli.moveTo(TransportStack.of(ws2b).udpSocket())
    b.conn.migrate(false)
    b.conn.thaw()
    b.sched.run({ until: b.sched.now + 3 * SECOND })
    const fromNew = b.receivedFrom.filter((r) => r.src === ws2b.address)
    const toNew = b.sentTo.filter((s) => s.dst === ws2b.address && (validatedAt < 0 || s.t < validatedAt))
    const first = toNew.filter((s) => fromNew.length < 2 || s.t < fromNew[1].t).reduce((x, s) => x + s.bytes, 0)

    return [
      {
        quantity: 'new-path PTO 333 + 4·166.5 + 25',
        expected: 1024,
        simulated: a.srv.newPathPto() / MS,
        tolerance: 0,
        unit: 'ms',
      },
      {
        quantity: 'validation abandoned after 3 × 1024 ms',
        expected: 3072,
        simulated: (abandoned - t0) / MS,
        tolerance: 0,
        unit: 'ms',
      },
      {
        quantity: 'first datagram from the new address (padded)',
        expected: 1200,
        simulated: fromNew[0]?.bytes ?? Number.NaN,
        tolerance: 0,
        unit: 'B',
      },
      {
        quantity: 'bytes sent to it before the next datagram (3 × 1200)',
        expected: 3600,
        simulated: first,
        tolerance: 0,
        unit: 'B',
      },
    ]
  },
}

// One-way delay and RTT over a path equal the sum of propagation and serialisation delays.
import { describe, expect, it } from 'vitest'
import { MS } from '../../src/engine/core'
import { ETHERNET_GAP, ETHERNET_OVERHEAD, PPP_OVERHEAD } from '../../src/engine/net/packet'
import { TransportStack } from '../../src/engine/transport/stack'
import { build, chain } from './helpers'

const tx = (bytes: number, bps: number) => Math.ceil((bytes * 8e9) / bps)

describe('delay over a path', () => {
  it('one-way delay of a datagram is the sum of per-hop serialisation and propagation (±1 ns per hop)', () => {
    const { sched, net } = chain({ bandwidth: '10Mbps', latency: '20ms' })
    const h1 = TransportStack.of(net.node('h1'))
    const h2 = TransportStack.of(net.node('h2'))
    let arrived = -1
    h2.udpSocket(9).onReceive = () => {
      arrived = sched.now
    }
    h1.udpSocket().sendTo(net.node('h2').address, 9, 1000)
    sched.run()
    const ip = 20 + 8 + 1000
    const wire = ip + PPP_OVERHEAD
    const expected = tx(wire, 100e6) + 5 * MS + tx(wire, 10e6) + 20 * MS + tx(wire, 100e6) + 5 * MS
    expect(Math.abs(arrived - expected)).toBeLessThanOrEqual(3)
  })

  it('round-trip time of an echo over a LAN and a WAN link is twice the one-way sum', () => {
    const { sched, net } = build({
      networks: [{ name: 'lan', kind: 'lan', bandwidth: '1Gbps', latency: '50us' }],
      nodes: [
        { name: 'a', kind: 'host', attach: [{ network: 'lan' }] },
        { name: 'gw', kind: 'router', attach: [{ network: 'lan' }] },
        { name: 'peer', kind: 'host' },
      ],
      links: [{ a: 'gw', b: 'peer', bandwidth: '50Mbps', latency: '30ms' }],
    })
    const a = TransportStack.of(net.node('a'))
    const peer = TransportStack.of(net.node('peer'))
    const echo = peer.udpSocket(7)
    echo.onReceive = (s, pkt) => s.sendTo(pkt.src, pkt.sport, pkt.len)
    const client = a.udpSocket()
    let rtt = -1
    let sentAt = -1
    client.onReceive = () => {
      rtt = sched.now - sentAt
    }
    // Resolve ARP first so the measured exchange is pure data.
    client.sendTo(net.node('peer').address, 7, 100)
    sched.run()
    sentAt = sched.now
    client.sendTo(net.node('peer').address, 7, 500)
    sched.run()
    const ip = 20 + 8 + 500
    const lanHop = tx(ip + ETHERNET_OVERHEAD + ETHERNET_GAP, 1e9) + 50_000
    const oneWay = 2 * lanHop + tx(ip + PPP_OVERHEAD, 50e6) + 30 * MS
    expect(Math.abs(rtt - 2 * oneWay)).toBeLessThanOrEqual(6)
  })

  it('back-to-back packets queue: the n-th arrives n serialisation times after the first', () => {
    const { sched, net } = chain({ bandwidth: '1Mbps', latency: '1ms' })
    const h2 = TransportStack.of(net.node('h2'))
    const times: number[] = []
    h2.udpSocket(9).onReceive = () => times.push(sched.now)
    const s = TransportStack.of(net.node('h1')).udpSocket()
    for (let i = 0; i < 5; i++) s.sendTo(net.node('h2').address, 9, 1000)
    sched.run()
    const gap = tx(1028 + PPP_OVERHEAD, 1e6)
    for (let i = 1; i < 5; i++) expect(Math.abs(times[i] - times[i - 1] - gap)).toBeLessThanOrEqual(1)
  })
})

describe('MTU', () => {
  it('a packet above the MTU goes as fragments: one more IP header and framing per extra fragment', () => {
    const { sched, net } = chain({ bandwidth: '10Mbps', latency: '1ms' })
    let arrived = -1
    TransportStack.of(net.node('h2')).udpSocket(9).onReceive = () => {
      arrived = sched.now
    }
    // 1480 B of payload: 1508 B IP packet > 1500 B MTU -> 2 fragments (1480 + 28 payload bytes).
    TransportStack.of(net.node('h1')).udpSocket().sendTo(net.node('h2').address, 9, 1480)
    sched.run()
    const ip = 20 + 8 + 1480
    const frags = 2
    const wire = ip + (frags - 1) * 20 + frags * PPP_OVERHEAD
    const expected = tx(wire, 100e6) + 5 * MS + tx(wire, 10e6) + 1 * MS + tx(wire, 100e6) + 5 * MS
    expect(Math.abs(arrived - expected)).toBeLessThanOrEqual(3)
    expect(net.link('r1-r2').ab.fragmented).toBe(1)
  })
})

// Topology validation, routing recomputation after failures, drops with reasons, ARP on a LAN.
import { describe, expect, it } from 'vitest'
import { MS, Scheduler, SECOND } from '../../src/engine/core'
import { buildTopology, TopologyError, unreachablePairs } from '../../src/engine/net/topology'
import { TransportStack } from '../../src/engine/transport/stack'
import { build } from './helpers'

function problems(topo: Parameters<typeof buildTopology>[2]): string[] {
  try {
    buildTopology(new Scheduler(), 1, topo)
  } catch (e) {
    if (e instanceof TopologyError) return e.problems.map((p) => `${p.path}: ${p.message}`)
    throw e
  }
  return []
}

describe('topology validation', () => {
  const node = (name: string, kind: 'host' | 'router' = 'host') => ({ name, kind })
  it('names an unknown node', () => {
    const p = problems({ nodes: [node('a')], links: [{ a: 'a', b: 'ghost', bandwidth: '1Gbps', latency: '1ms' }] })
    expect(p).toEqual(['topology.links[0].b: unknown node "ghost"'])
  })
  it('names a duplicate name', () => {
    const p = problems({ networks: [{ name: 'x', kind: 'lan' }], nodes: [node('a'), node('x')] })
    expect(p[0]).toMatch(/topology.nodes\[1\]: duplicate name "x": already used by network topology.networks\[0\]/)
  })
  it('refuses zero bandwidth, negative latency and loss outside [0, 1]', () => {
    const p = problems({
      nodes: [node('a'), node('b'), node('c')],
      links: [
        { name: 'slow', a: 'a', b: 'b', bandwidth: '0bps', latency: '1ms' },
        { name: 'back', a: 'b', b: 'c', bandwidth: '1Gbps', latency: '-5ms' },
        { name: 'lossy', a: 'a', b: 'c', bandwidth: '1Gbps', latency: '1ms', loss: 1.5 },
      ],
    })
    expect(p.some((m) => m.startsWith('topology.links[0] ("slow").bandwidth') && /zero/.test(m))).toBe(true)
    expect(p.some((m) => m.startsWith('topology.links[1] ("back").latency') && /negative/.test(m))).toBe(true)
    expect(p.some((m) => m.startsWith('topology.links[2] ("lossy").loss'))).toBe(true)
  })
  it('names an unknown network in an attachment', () => {
    const p = problems({ nodes: [{ name: 'a', kind: 'host', attach: [{ network: 'nowhere' }] }] })
    expect(p).toEqual(['topology.nodes[0] ("a").attach[0].network: unknown network "nowhere"'])
  })
  it('finds nodes that a flow needs but that cannot reach each other', () => {
    const { net } = build({
      nodes: [node('a'), node('b'), node('c'), node('d')],
      links: [
        { a: 'a', b: 'b', bandwidth: '1Gbps', latency: '1ms' },
        { a: 'c', b: 'd', bandwidth: '1Gbps', latency: '1ms' },
      ],
    })
    const p = unreachablePairs(net, [
      { from: 'a', to: 'b', why: 'workloads[0]' },
      { from: 'a', to: 'd', why: 'workloads[1]' },
    ])
    expect(p).toEqual([{ path: 'workloads[1]', message: '"a" and "d" are in disconnected parts of the topology' }])
  })
})

describe('routing', () => {
  // a -- r1 -- r2 -- b, plus a slower detour r1 -- r3 -- r2.
  const triangle = () =>
    build({
      nodes: [
        { name: 'a', kind: 'host' },
        { name: 'b', kind: 'host' },
        { name: 'r1', kind: 'router' },
        { name: 'r2', kind: 'router' },
        { name: 'r3', kind: 'router' },
      ],
      links: [
        { a: 'a', b: 'r1', bandwidth: '1Gbps', latency: '1ms' },
        { a: 'r2', b: 'b', bandwidth: '1Gbps', latency: '1ms' },
        { name: 'direct', a: 'r1', b: 'r2', bandwidth: '1Gbps', latency: '10ms' },
        { a: 'r1', b: 'r3', bandwidth: '1Gbps', latency: '10ms' },
        { a: 'r3', b: 'r2', bandwidth: '1Gbps', latency: '10ms' },
      ],
    })

  it('takes the shortest path by latency, and the detour after the direct link fails', () => {
    const { sched, net } = triangle()
    const arrivals: number[] = []
    TransportStack.of(net.node('b')).udpSocket(9).onReceive = () => arrivals.push(sched.now)
    const s = TransportStack.of(net.node('a')).udpSocket()
    const send = () => s.sendTo(net.node('b').address, 9, 100)
    sched.call(0, send)
    sched.call(SECOND, () => net.setLinkUp(net.link('direct'), false))
    sched.call(2 * SECOND, send)
    sched.run()
    expect(arrivals[0]).toBeGreaterThan(12 * MS)
    expect(arrivals[0]).toBeLessThan(12.1 * MS)
    expect(arrivals[1] - 2 * SECOND).toBeGreaterThan(22 * MS)
    expect(arrivals[1] - 2 * SECOND).toBeLessThan(22.1 * MS)
  })

  it('drops packets to an unreachable network with the reason recorded', () => {
    const { sched, net } = triangle()
    const reasons: string[] = []
    net.dropObservers.push((_p, r, where) => reasons.push(`${r}@${where}`))
    net.setNodeUp(net.node('r2'), false)
    TransportStack.of(net.node('a')).udpSocket().sendTo(net.node('b').address, 9, 100)
    sched.run()
    expect(reasons).toEqual(['no-route@r1'])
    expect(net.drops['no-route']).toBe(1)
  })

  it('packets in flight on a link that fails are dropped as link-down', () => {
    const { sched, net } = triangle()
    TransportStack.of(net.node('b')).udpSocket(9)
    TransportStack.of(net.node('a')).udpSocket().sendTo(net.node('b').address, 9, 100)
    sched.call(5 * MS, () => net.setLinkUp(net.link('direct'), false))
    sched.run()
    expect(net.drops['link-down']).toBe(1)
  })
})

describe('LAN and ARP', () => {
  it('resolves a neighbour once, then sends directly; a gratuitous ARP moves the mapping', () => {
    const { sched, net } = build({
      networks: [{ name: 'lan', kind: 'lan', latency: '10us' }],
      nodes: ['a', 'b', 'c'].map((n) => ({ name: n, kind: 'host' as const, attach: [{ network: 'lan' }] })),
    })
    const lan = net.lans.get(net.network('lan').index)!
    const got: string[] = []
    for (const n of ['b', 'c']) TransportStack.of(net.node(n)).udpSocket(9).onReceive = () => got.push(n)
    const s = TransportStack.of(net.node('a')).udpSocket()
    const addrB = net.node('b').address
    s.sendTo(addrB, 9, 10)
    sched.run()
    expect(lan.arpMessages).toBe(2) // request + reply
    s.sendTo(addrB, 9, 10)
    sched.run()
    expect(lan.arpMessages).toBe(2)
    // b's address moves to c (address takeover): c announces it.
    net.node('b').removeAddress(addrB)
    net.node('c').addAddress(addrB, net.node('c').ifaces[0])
    lan.gratuitousArp(net.node('c').ifaces[0], addrB)
    sched.run()
    s.sendTo(addrB, 9, 10)
    sched.run()
    expect(got).toEqual(['b', 'b', 'c'])
  })

  it('a stale neighbour entry delivers to the old owner, which drops it', () => {
    const { sched, net } = build({
      networks: [{ name: 'lan', kind: 'lan' }],
      nodes: ['a', 'b', 'c'].map((n) => ({ name: n, kind: 'host' as const, attach: [{ network: 'lan' }] })),
    })
    const s = TransportStack.of(net.node('a')).udpSocket()
    const addrB = net.node('b').address
    TransportStack.of(net.node('b')).udpSocket(9)
    s.sendTo(addrB, 9, 10)
    sched.run()
    net.node('b').removeAddress(addrB)
    net.node('c').addAddress(addrB, net.node('c').ifaces[0])
    s.sendTo(addrB, 9, 10) // no announcement: the cache still says b
    sched.run()
    expect(net.drops['no-endpoint']).toBe(1)
  })
})

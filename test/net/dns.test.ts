// The DNS model: queries over UDP, caching with TTL, dynamic update, TTL-ignoring resolvers.
import { describe, expect, it } from 'vitest'
import { SECOND } from '../../src/engine/core'
import { type DnsRecord, DnsServer, Resolver } from '../../src/engine/names/dns'
import { chain } from './helpers'

describe('DNS', () => {
  function setup(ignoreTtl: number | null = null) {
    const { sched, net } = chain({ bandwidth: '10Mbps', latency: '10ms' })
    const server = new DnsServer(net.node('h2'))
    server.set('shell.cluster', { addr: 1234, ttl: 20 * SECOND })
    const resolver = new Resolver(net.node('h1'), net.node('h2').address, ignoreTtl)
    const answers: (DnsRecord | null)[] = []
    const ask = (at: number) => sched.call(at, () => resolver.resolve('shell.cluster', (r) => answers.push(r)))
    return { sched, net, server, resolver, answers, ask }
  }

  it('resolves over the network, then answers from its cache until the TTL expires', () => {
    const { sched, server, resolver, answers, ask } = setup()
    ask(0)
    ask(5 * SECOND)
    ask(25 * SECOND)
    sched.run()
    expect(answers.map((a) => a?.addr)).toEqual([1234, 1234, 1234])
    expect(server.queries).toBe(2)
    expect(resolver.cacheHits).toBe(1)
  })

  it('a dynamic update is seen by compliant resolvers after their TTL, not by one that ignores it', () => {
    const honest = setup()
    const stubborn = setup(15 * 60 * SECOND)
    for (const s of [honest, stubborn]) {
      s.ask(0)
      s.sched.call(1 * SECOND, () => s.server.set('shell.cluster', { addr: 5678, ttl: 20 * SECOND }))
      s.ask(30 * SECOND)
      s.sched.run()
    }
    expect(honest.answers.map((a) => a?.addr)).toEqual([1234, 5678])
    expect(stubborn.answers.map((a) => a?.addr)).toEqual([1234, 1234])
  })

  it('an update sent by a resolver changes the zone', () => {
    const { sched, server, resolver } = setup()
    let acked = false
    resolver.update('shell.cluster', { addr: 42, ttl: 0 }, () => (acked = true))
    sched.run()
    expect(acked).toBe(true)
    expect(server.zone.get('shell.cluster')?.addr).toBe(42)
  })

  it('retransmits an update the server did not get, and applies a repeated one once', () => {
    const { sched, net, server, resolver } = setup()
    let acked = 0
    net.setNodeUp(net.node('h2'), false)
    resolver.update('shell.cluster', { addr: 42, ttl: 0 }, () => acked++)
    // The server is back before the second attempt (1 s later): that one lands.
    sched.call(0.5 * SECOND, () => net.setNodeUp(net.node('h2'), true))
    sched.run()
    expect(acked).toBe(1)
    expect(resolver.updatesSent).toBe(2)
    expect(server.updates).toBe(1)
    expect(server.zone.get('shell.cluster')?.addr).toBe(42)
  })

  it('counts an update that is never acknowledged after three attempts as lost', () => {
    const { sched, net, server, resolver } = setup()
    net.setNodeUp(net.node('h2'), false)
    let acked = false
    resolver.update('shell.cluster', { addr: 42, ttl: 0 }, () => (acked = true))
    sched.run()
    expect(acked).toBe(false)
    expect([resolver.updatesSent, resolver.updatesLost]).toEqual([3, 1])
    expect(server.zone.get('shell.cluster')?.addr).toBe(1234)
  })

  it('gives up after three unanswered attempts', () => {
    const { sched, net, answers, ask } = setup()
    net.setNodeUp(net.node('h2'), false)
    ask(0)
    sched.run()
    expect(answers).toEqual([null])
    expect(sched.now).toBeGreaterThanOrEqual(3 * SECOND)
  })
})

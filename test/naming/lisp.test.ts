// LISP (MODELS.md §2 i): the signature of one move — inside a site (only the xTR's host route
// changes) and across sites (Map-Register, Map-Notify to the old ETR, Solicit-Map-Requests, fresh
// Map-Requests) — its outage, paid to the peer's retransmission back-off (§1.3), the stretch of a
// LISP site and of a legacy site behind the proxy ITR, and the encapsulation on the wire.

import { describe, expect, it } from 'vitest'
import { MECHANISMS } from '../../src/engine/catalog'
import type { Packet } from '../../src/engine/net/packet'
import { buildWorld, simulate } from '../../src/engine/run/simulate'
import { interactiveSpec, job } from '../sim/fixtures'
import { controlBetween, firstEchoAfter, oneWayBefore, resumesAt, SECOND } from './backoff'
import { lispJob, sparseTwoSites, twoSites } from './lisp-sites'

/** Leaves out the ETRs' periodic registrations, which may fall anywhere in a run. */
const periodic = (c: { what: string; from: string }) => !(c.what === 'map-register' && c.from === 'gw')

describe('lisp: a move inside one site', () => {
  it('the new host’s gratuitous ARP repoints the xTR’s host route; nothing else is signalled', () => {
    const r = simulate(interactiveSpec(), job('lisp', 'eager-all'))
    expect(r.status).toBe('ok')
    const m = r.migrations[0]
    expect(m.controlMessages).toBe(1)
    const signalled = controlBetween(r, m.freezeAt, r.simulated).filter(periodic)
    expect(signalled.map((c) => [c.what, c.from, c.to])).toEqual([['gratuitous-arp', 'ws2', 'cluster (broadcast)']])
    // Complete when the xTR hears it, one LAN crossing later.
    expect(m.namingUpdatedAt! - m.resumeAt).toBeGreaterThan(0)
    expect(m.namingUpdatedAt! - m.resumeAt).toBeLessThan(1e6)
    expect(m.residualDependencies).toEqual([
      { node: 'gw', what: 'mapping system (Map-Server/Map-Resolver)', from: m.resumeAt, until: null },
    ])
    const c = m.connections[0]
    expect(c.broken).toBe(false)
    expect(c.stretchAfter).toBeCloseTo(1, 2)
    expect(c.outageIn).toBeGreaterThan(m.freeze)
    expect(c.lost).toBeGreaterThan(0)
    expect(r.drops.frozen).toBeGreaterThan(0)
  })
})

describe('lisp: a move across sites', () => {
  it('Map-Register, Map-Notify to both ETRs, SMR to the ingress routers that asked, then their Map-Requests', () => {
    const r = simulate(twoSites(), lispJob())
    expect(r.status).toBe('ok')
    const m = r.migrations[0]
    const signalled = controlBetween(r, m.resumeAt, m.resumeAt + SECOND)
      .filter(periodic)
      .map((c) => `${c.what} ${c.from}→${c.to}`)
    expect(signalled.slice(0, 6)).toEqual([
      'gratuitous-arp ws3→c2 (broadcast)',
      'map-register gw2→ms',
      'map-notify ms→gw2',
      'map-notify ms→gw1',
      'solicit-map-request ms→rsite',
      'solicit-map-request ms→pitr',
    ])
    // Each solicited router asks again and gets the new locator.
    for (const itr of ['rsite', 'pitr']) {
      expect(signalled).toContain(`map-request ${itr}→ms`)
      expect(signalled.indexOf(`map-reply ms→${itr}`)).toBeGreaterThan(signalled.indexOf(`map-request ${itr}→ms`))
    }
    // Data still arriving at the old ETR for the away EID makes it solicit the sender's ITR too.
    expect(signalled).toContain('solicit-map-request gw1→rsite')
    // Converged when the last ingress router has the new mapping: the old ETR's dependency ends then.
    const old = m.residualDependencies.find((d) => d.node === 'gw1')!
    expect(old.what).toBe('old ETR (away table)')
    expect(old.until).toBe(m.namingUpdatedAt)
    // Register (≈3 ms), SMR to rsite (≈17 ms), Map-Request and Map-Reply (≈2 × 17 ms).
    expect(m.namingUpdatedAt! - m.resumeAt).toBeGreaterThan(40e6)
    expect(m.namingUpdatedAt! - m.resumeAt).toBeLessThan(70e6)
    expect(m.residualDependencies.filter((d) => d.until === null).map((d) => [d.node, d.what])).toEqual([
      ['ms', 'mapping system (Map-Server/Map-Resolver)'],
      ['pitr', 'proxy ITR for legacy peers'],
    ])
  })

  it('keeps stretch 1 for a LISP site and pays the proxy ITR’s detour for a legacy one', () => {
    const r = simulate(twoSites(), lispJob())
    const [site, legacy] = r.migrations[0].connections
    expect(site.connection).toBe('typing')
    expect(site.broken).toBe(false)
    // 36 header bytes more on the 10 Mbit/s links: a little over 1.
    expect(site.stretchAfter).toBeGreaterThan(1)
    expect(site.stretchAfter).toBeLessThan(1.01)
    // legacy -> core -> pitr -> core -> gw2 (20 + 5 + 5 + 1 ms) instead of legacy -> core -> gw2 (21 ms).
    expect(legacy.connection).toBe('old')
    expect(legacy.broken).toBe(false)
    expect(legacy.stretchAfter).toBeGreaterThan(1.4)
    expect(legacy.stretchAfter).toBeLessThan(1.55)
  })

  it('pays the back-off: the peer resumes at its first retransmission after the ITR has the new mapping', () => {
    const r = simulate(sparseTwoSites(), lispJob())
    const m = r.migrations[0]
    const lost = firstEchoAfter(r, m)
    expect(lost.typed).toBe(m.freezeAt)
    const expected = resumesAt(lost.typed, SECOND, m.namingUpdatedAt!) + oneWayBefore(r, m) - m.freezeAt
    expect(Math.abs(m.connections[0].outageIn! - expected)).toBeLessThan(0.5e6)
    expect(m.connections[0].lost).toBeGreaterThan(0)
  })

  it('a 3.2 s gap (freeze and mapping update) resumes at 7 s (MODELS.md V2)', () => {
    const r = simulate(sparseTwoSites('36MB'), lispJob())
    const m = r.migrations[0]
    const gap = m.namingUpdatedAt! - m.freezeAt
    expect(gap / SECOND).toBeGreaterThan(3.1)
    expect(gap / SECOND).toBeLessThan(3.3)
    expect(Math.abs(m.connections[0].outageIn! - (7 * SECOND + oneWayBefore(r, m)))).toBeLessThan(0.5e6)
    expect(m.connections[0].retransmissions).toBe(3)
  })

  it('without solicitations a stale ingress router waits for its Record TTL (here 1 min): 63 s of back-off', () => {
    const r = simulate(
      sparseTwoSites('8MB', { duration: '90s', architectureOptions: { lisp: { smr: false, recordTtl: '1min' } } }),
      lispJob(),
    )
    const m = r.migrations[0]
    const names = controlBetween(r, m.resumeAt, m.resumeAt + 30 * SECOND).map((c) => c.what)
    expect(names).not.toContain('solicit-map-request')
    // rsite's mapping (from t ≈ 0.05 s) expires at ≈ 60.05 s; the retransmissions at 10 + 1, 3, 7, 15,
    // 31 s hit the old ETR, the one at 10 + 63 s goes to the new one.
    expect(Math.abs(m.connections[0].outageIn! - (63 * SECOND + oneWayBefore(r, m)))).toBeLessThan(0.5e6)
    expect(m.namingUpdatedAt! / SECOND).toBeGreaterThan(60)
    expect(m.namingUpdatedAt! / SECOND).toBeLessThan(73)
  })

  it('encapsulates on UDP 4341 with outer IPv4, UDP and LISP headers (36 bytes)', () => {
    const { world } = buildWorld(twoSites({ workloads: [] }), lispJob())
    const rsite = world.node('rsite')
    const sent: { proto: number; dport: number; size: number; inner: number; dst: string }[] = []
    const raw = rsite.sendRaw.bind(rsite)
    rsite.sendRaw = (pkt: Packet) => {
      if (pkt.inner)
        sent.push({
          proto: pkt.proto,
          dport: pkt.dport,
          size: pkt.size,
          inner: pkt.inner.size,
          dst: world.net.fmt(pkt.dst),
        })
      raw(pkt)
    }
    const p = world.process('shell')
    world.arch.listen(p, 7000, (s) => {
      s.app = { onMessage: (c, tag, bytes) => c.send(bytes, tag) }
    })
    let echoed = 0
    world.arch.connectToProcess(world.node('remote'), p, 7000, {
      onConnected: (s) => s.send(1000),
      onMessage: () => echoed++,
    })
    world.sched.run({ until: 2 * SECOND })
    expect(echoed).toBe(1)
    expect(sent.length).toBeGreaterThan(2)
    for (const s of sent) {
      expect(s).toMatchObject({ proto: 17, dport: 4341, dst: world.net.fmt(world.node('gw1').address) })
      expect(s.size - s.inner).toBe(36)
    }
  })

  it('works with every migration mechanism, for a LISP site and a legacy site', () => {
    for (const mech of MECHANISMS.map((x) => x.id)) {
      const r = simulate(twoSites({ duration: '20s' }), lispJob(mech))
      expect(r.status, `${mech}: ${r.error}`).toBe('ok')
      for (const c of r.migrations[0].connections) {
        expect(c.broken, `${mech} ${c.connection}`).toBe(false)
        expect(c.outageIn, `${mech} ${c.connection}`).not.toBeNull()
      }
      expect(r.summary['connection.resets'], mech).toBe(0)
    }
  })
})

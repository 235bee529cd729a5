// LISP's agents fail and the consequences follow: the proxy ITR carries every packet of a legacy
// site; the mapping system is needed for a move to converge (and rebuilds its soft state from
// periodic registrations, where map-versions tell a new location from a stale claim); the old ETR
// matters only until the ingress routers converge. Plus placement and option errors.

import { describe, expect, it } from 'vitest'
import { simulate } from '../../src/engine/run/simulate'
import { controlBetween, echoes, SECOND } from './backoff'
import { lispJob, twoSites } from './lisp-sites'

describe('lisp: agent failures', () => {
  it('a failed proxy ITR cuts off the legacy site, not the LISP site', () => {
    const r = simulate(twoSites({ failures: [{ kind: 'node', target: 'pitr', at: '15s' }] }), lispJob())
    expect(r.status).toBe('ok')
    expect(echoes(r, 'old').filter((e) => e.t > 15.1 * SECOND)).toEqual([])
    expect(echoes(r, 'typing').filter((e) => e.t > 15.1 * SECOND).length).toBeGreaterThan(100)
  })

  it('with the Map-Server down across the move, nothing converges until it is back and re-learns the EID', () => {
    const r = simulate(
      twoSites({
        duration: '60s',
        failures: [{ kind: 'node', target: 'ms', at: '5s', recover: '20s' }],
        architectureOptions: { lisp: { registerInterval: '5s' } },
      }),
      lispJob(),
    )
    expect(r.status).toBe('ok')
    const m = r.migrations[0]
    // The new ETR's registration is lost: no notification, no solicitation while the server is down.
    const during = controlBetween(r, m.resumeAt, 20 * SECOND).map((c) => `${c.what} ${c.from}→${c.to}`)
    expect(during[0]).toBe('gratuitous-arp ws3→c2 (broadcast)')
    expect(during).toContain('map-register gw2→ms')
    expect(during.some((d) => d.startsWith('map-notify') || d.startsWith('solicit'))).toBe(false)
    for (const w of ['typing', 'old']) {
      expect(
        echoes(r, w).filter((e) => e.t > m.freezeAt && e.t < 20 * SECOND),
        w,
      ).toEqual([])
      expect(echoes(r, w).filter((e) => e.t > 30 * SECOND).length, w).toBeGreaterThan(100)
    }
    // Back with no state, it hears both sites claim the EID; the newer map-version wins and the
    // old site is told, after which stale data there draws solicitations.
    const after = controlBetween(r, 20 * SECOND, r.simulated).map((c) => `${c.what} ${c.from}→${c.to}`)
    expect(after).toContain('map-notify ms→gw1')
    expect(after).toContain('solicit-map-request gw1→rsite')
    expect(m.namingUpdatedAt! / SECOND).toBeGreaterThan(20)
    expect(m.connections.every((c) => !c.broken)).toBe(true)
  })

  it('the old ETR is needed only until the ingress routers converge', () => {
    const r = simulate(twoSites({ failures: [{ kind: 'node', target: 'gw1', at: '12s' }] }), lispJob())
    const m = r.migrations[0]
    const old = m.residualDependencies.find((d) => d.node === 'gw1')!
    expect(old.until).not.toBeNull()
    expect(old.until!).toBeLessThan(12 * SECOND)
    for (const w of ['typing', 'old'])
      expect(echoes(r, w).filter((e) => e.t > 12.5 * SECOND).length, w).toBeGreaterThan(100)
  })
})

describe('lisp: placement and options', () => {
  it('refuses a move to a LAN no tunnel router serves', () => {
    const base = twoSites()
    const spec = twoSites({
      topology: {
        ...base.topology,
        networks: [...base.topology.networks, { name: 'island', kind: 'lan', prefix: '10.9.0.0/24' }],
        nodes: [
          ...base.topology.nodes.map((n) =>
            n.name === 'ws2' ? { ...n, attach: [...n.attach, { network: 'island' }] } : n,
          ),
          { name: 'ws9', kind: 'host', attach: [{ network: 'island' }] },
        ],
      },
      migrations: [{ process: 'shell', to: 'ws9', at: '10s' }],
    })
    const r = simulate(spec, lispJob())
    expect(r.status).toBe('failed')
    expect(r.error).toMatch(/lisp cannot place process "shell" on ws9: none of its LANs has a tunnel router/)
  })

  it('places an xTR where agents["xtr:<lan>"] says, and refuses a node not on that LAN', () => {
    const bad = simulate(twoSites({ agents: { mapServer: 'ms', proxyItr: 'pitr', 'xtr:c2': 'core' } }), lispJob())
    expect(bad.status).toBe('failed')
    expect(bad.error).toMatch(/agents\.xtr:c2: "core" is not attached to LAN "c2"/)
    const named = simulate(twoSites({ agents: { mapServer: 'ms', proxyItr: 'pitr', 'xtr:c2': 'gw2' } }), lispJob())
    expect(named.status).toBe('ok')
    expect(named.migrations[0].residualDependencies.map((d) => d.node)).toContain('gw1')
  })

  it('names the option on a bad value', () => {
    const ttl = simulate(twoSites({ architectureOptions: { lisp: { recordTtl: '90s' } } }), lispJob())
    expect(ttl.status).toBe('failed')
    expect(ttl.error).toMatch(/architectureOptions\.lisp\.recordTtl: the Record TTL is a whole number of minutes/)
    const typo = simulate(twoSites({ architectureOptions: { lisp: { smrs: false } } }), lispJob())
    expect(typo.error).toMatch(/architectureOptions\.lisp\.smrs: unknown option/)
  })
})

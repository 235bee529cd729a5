// V9 (Mobile IPv4 triangle stretch) and V11 (DEMOS/MP forwarding chain), MODELS.md §7.

import type { LinkTable } from '../naming/demos/link-table'
import type { DemosLinks } from '../naming/demos-links'
import { simulate } from '../run/simulate'
import type { ScenarioSpecInput } from '../scenario/spec'
import type { World } from '../sim/world'
import type { Check, ValidationCase } from './case'
import { drive, job, spec } from './drive'

const typing = (every: string): NonNullable<ScenarioSpecInput['workloads']> => [
  { kind: 'interactive', name: 'typing', process: 'p', client: 'r', thinkTime: { dist: 'constant', value: every } },
]

/**
 * V9's first case, the triangle: the home network (home agent `ha`, home machine `a`) is 40 ms
 * from the remote user `r` and 40 ms from the foreign network (gateway `fr`, host `b`), which is
 * 10 ms from `r`. The process `p` moves a → b at 5 s while `r` types into it every 200 ms. Shared
 * with the Mobile IP tests, which look further into the same run.
 */
export function v9Triangle(
  architecture: string,
  architectureOptions: ScenarioSpecInput['architectureOptions'] = {},
): ScenarioSpecInput {
  const lan = { bandwidth: '1Gbps', latency: '1us' }
  const wan = { bandwidth: '100Mbps' }
  return {
    specVersion: 1,
    name: 'V9 triangle',
    duration: '20s',
    topology: {
      networks: [
        { name: 'home', kind: 'lan', ...lan },
        { name: 'visit', kind: 'lan', ...lan },
      ],
      nodes: [
        { name: 'ha', kind: 'router', attach: [{ network: 'home' }] },
        { name: 'a', kind: 'host', attach: [{ network: 'home' }] },
        { name: 'fr', kind: 'router', attach: [{ network: 'visit' }] },
        { name: 'b', kind: 'host', attach: [{ network: 'visit' }] },
        { name: 'r', kind: 'host', role: 'remote' },
      ],
      links: [
        { a: 'r', b: 'ha', latency: '40ms', ...wan },
        { a: 'ha', b: 'fr', latency: '40ms', ...wan },
        { a: 'r', b: 'fr', latency: '10ms', ...wan },
      ],
    },
    processes: [{ name: 'p', host: 'a', memory: { size: '1MB' } }],
    workloads: typing('200ms'),
    migrations: [{ process: 'p', to: 'b', at: '5s' }],
    architectureOptions,
    compare: { architectures: [architecture], mechanisms: ['eager-all'] },
  }
}

export const v9: ValidationCase = {
  id: 'V9',
  title: 'Mobile IPv4 triangle stretch',
  source: 'MODELS.md V9 (analytic)',
  run(): Check[] {
    const wan = { bandwidth: '100Mbps' }
    const far = simulate(spec(v9Triangle('mobile-ipv4')), job('mobile-ipv4', 'eager-all'))
    // Cluster case: the home agent is the gateway G; R–G 40 ms, G–B 0.2 ms.
    const near = simulate(
      spec({
        specVersion: 1,
        name: 'V9 cluster',
        duration: '20s',
        topology: {
          networks: [{ name: 'cluster', kind: 'lan', bandwidth: '1Gbps', latency: '100us' }],
          nodes: [
            { name: 'g', kind: 'router', attach: [{ network: 'cluster' }] },
            { name: 'a', kind: 'host', attach: [{ network: 'cluster' }] },
            { name: 'b', kind: 'host', attach: [{ network: 'cluster' }] },
            { name: 'r', kind: 'host', role: 'remote' },
          ],
          links: [{ a: 'r', b: 'g', latency: '40ms', ...wan }],
        },
        processes: [{ name: 'p', host: 'a', memory: { size: '1MB' } }],
        workloads: typing('200ms'),
        migrations: [{ process: 'p', to: 'b', at: '5s' }],
        compare: { architectures: ['mobile-ipv4'], mechanisms: ['eager-all'] },
      }),
      job('mobile-ipv4', 'eager-all'),
    )
    const stretch = (r: typeof far) => r.migrations[0]?.connections[0]?.stretchAfter ?? Number.NaN
    return [
      {
        quantity: 'stretch R→P, home agent far (80 ms / 10 ms)',
        expected: 8,
        simulated: stretch(far),
        tolerance: 0.1,
        unit: '',
        why: 'serialisation and the 20-byte tunnel header',
      },
      {
        quantity: 'stretch R→P, home agent at the gateway',
        expected: 1,
        simulated: stretch(near),
        tolerance: 0.01,
        unit: '',
      },
    ]
  },
}

export const v11: ValidationCase = {
  id: 'V11',
  title: 'DEMOS/MP forwarding chain: a process moved A → B → C, a sender linked to A',
  source: 'MODELS.md V11 (Powell & Miller 1983, lazy link update)',
  run(): Check[] {
    // Keystrokes every 4 s (4, 8, 12 s); the process moves ws1 → ws2 at 4.5 s and ws2 → ws3 at
    // 6 s, so the user's link still names ws1 when it types at 8 s.
    const s = spec({
      specVersion: 1,
      name: 'V11',
      duration: '14s',
      topology: {
        networks: [{ name: 'cluster', kind: 'lan', bandwidth: '100Mbps', latency: '100us' }],
        nodes: [
          { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
          { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
          { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
          { name: 'ws3', kind: 'host', attach: [{ network: 'cluster' }] },
          { name: 'r', kind: 'host', role: 'remote' },
        ],
        links: [{ a: 'gw', b: 'r', bandwidth: '10Mbps', latency: '20ms' }],
      },
      processes: [{ name: 'p', host: 'ws1', memory: { size: '8MB' } }],
      workloads: typing('4s'),
      migrations: [
        { process: 'p', to: 'ws2', at: '4.5s' },
        { process: 'p', to: 'ws3', at: '6s' },
      ],
      compare: { architectures: ['demos-links'], mechanisms: ['eager-all'] },
    })
    const forwarded = (w: World, host: string) =>
      (w.arch as DemosLinks).kernel(w.node(host)).entryOf(w.process('p'))?.forwarded ?? 0
    const seen = { a: 0, b: 0 }
    const w = drive(s, job('demos-links', 'eager-all'), {
      '10s': (x) => {
        seen.a = forwarded(x, 'ws1')
        seen.b = forwarded(x, 'ws2')
      },
    })
    const links = w.node('r').agents.get('demos-links') as LinkTable
    const direct = links.link(w.node('ws1').address, 5000) === w.node('ws3').address ? 1 : 0
    const holding = w.recorder.residuals.filter((d) => d.until === null).map((d) => d.node)
    return [
      {
        quantity: 'forwarding hops of the first message (A, then B)',
        expected: 2,
        simulated: seen.a + seen.b,
        tolerance: 0,
        unit: '',
      },
      {
        quantity: 'forwarded again after the update',
        expected: 0,
        simulated: forwarded(w, 'ws1') + forwarded(w, 'ws2') - seen.a - seen.b,
        tolerance: 0,
        unit: '',
      },
      {
        quantity: 'link updates received by the sender',
        expected: 2,
        simulated: links.updates,
        tolerance: 0,
        unit: '',
      },
      { quantity: 'sender link names C', expected: 1, simulated: direct, tolerance: 0, unit: '' },
      {
        quantity: 'nodes holding forwarding entries (A, B)',
        expected: 2,
        simulated: new Set(holding).size,
        tolerance: 0,
        unit: '',
      },
    ]
  },
}

// The run view's pure parts: lane order, the rows a fetched window becomes, when a view needs new
// records, zoom arithmetic, time labels; and the topology overlay's elements.
import { describe, expect, it } from 'vitest'
import type { MigrationRecord, Timeline } from '../../src/engine/run/result'
import type { TopologySpec } from '../../src/engine/scenario/spec'
import { overlayElements, residualAt, widthOf } from '../../src/renderer/src/results/overlay/overlay-model'
import {
  chartRows,
  covers,
  fetchWindow,
  formatDuration,
  formatTime,
  laneOrder,
  POINT_LOOKS,
  SEGMENT_KINDS,
  zoomed,
} from '../../src/renderer/src/results/run/timeline-model'
import type { TrafficWindow } from '../../src/service/api'

const timeline: Timeline = {
  lanes: [
    { id: 'agent:hip', kind: 'agent', label: 'hip' },
    { id: 'p:shell', kind: 'process', label: 'shell' },
    { id: 'c:typing', kind: 'connection', label: 'typing' },
    { id: 'p:rank0', kind: 'process', label: 'rank0' },
  ],
  segments: { lane: [1, 1], start: [0, 10], end: [10, 12], kind: ['running', 'frozen'], detail: [-1, 0] },
  points: {
    lane: [0, 2, 2],
    t: [11, 12, 13],
    kind: ['control', 'retransmission', 'retransmission'],
    detail: [1, -1, -1],
  },
  strings: ['ws1→ws2', 'hip-update-locator'],
  truncated: false,
}

describe('the timeline model', () => {
  it('puts processes first, then connections, agents and nodes, each in the engine order', () => {
    expect(laneOrder(timeline.lanes)).toEqual([1, 3, 2, 0])
  })

  it('turns a window into rows on the lanes as drawn', () => {
    const order = laneOrder(timeline.lanes)
    const rowOf: number[] = []
    order.forEach((lane, row) => {
      rowOf[lane] = row
    })
    const rows = chartRows(timeline, rowOf)
    expect(rows.count).toBe(5)
    expect(rows.segments).toEqual([
      [0, 0, 10, SEGMENT_KINDS.indexOf('running'), -1],
      [0, 10, 12, SEGMENT_KINDS.indexOf('frozen'), 0],
    ])
    expect(rows.points.get('control')).toEqual([[11, 3 + POINT_LOOKS.control.offset, 1, 3]])
    expect(rows.points.get('retransmission')?.map((r) => r[3])).toEqual([2, 2])
  })

  it('asks for new records when the view leaves the fetched window or zooms far into merged ones', () => {
    const merged = { from: 0, to: 100, exact: false }
    expect(covers(merged, { from: 10, to: 60 })).toBe(true)
    expect(covers(merged, { from: 10, to: 30 })).toBe(false)
    expect(covers({ ...merged, exact: true }, { from: 10, to: 11 })).toBe(true)
    expect(covers({ ...merged, exact: true }, { from: 90, to: 110 })).toBe(false)
    expect(fetchWindow({ from: 40, to: 60 }, 100)).toEqual({ from: 30, to: 70 })
    expect(fetchWindow({ from: 0, to: 60 }, 100)).toEqual({ from: 0, to: 90 })
  })

  it('zooms around a point, inside the run, no narrower than the minimum', () => {
    expect(zoomed({ from: 0, to: 100 }, 0.5, 50, 100, 1)).toEqual({ from: 25, to: 75 })
    expect(zoomed({ from: 0, to: 100 }, 0.5, 0, 100, 1)).toEqual({ from: 0, to: 50 })
    expect(zoomed({ from: 40, to: 60 }, 4, 50, 100, 1)).toEqual({ from: 10, to: 90 })
    expect(zoomed({ from: 40, to: 60 }, 10, 50, 100, 1)).toEqual({ from: 0, to: 100 })
    const tight = zoomed({ from: 40, to: 41 }, 0.001, 40.5, 100, 0.5)
    expect(tight.to - tight.from).toBe(0.5)
  })

  it('labels times precisely enough for the view', () => {
    expect(formatTime(18e9, 60e9)).toBe('18 s')
    expect(formatTime(18_092_700_000, 1e6)).toBe('18.0927 s')
    expect(formatTime(250e6, 500e6)).toBe('250 ms')
    expect(formatDuration(40_800_000)).toBe('40.8 ms')
    expect(formatDuration(3.09e9)).toBe('3.09 s')
  })
})

describe('the topology overlay model', () => {
  const topology: TopologySpec = {
    networks: [
      { name: 'cluster', kind: 'lan', position: { x: 0, y: 100 } },
      { name: 'internet', kind: 'wan', position: { x: 300, y: 0 } },
    ],
    nodes: [
      {
        name: 'gw',
        kind: 'router',
        attach: [{ network: 'cluster' }, { network: 'internet' }],
        position: { x: 150, y: 50 },
      },
      { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }], position: { x: 0, y: 200 } },
      { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }], position: { x: 100, y: 200 } },
      { name: 'user', kind: 'host', attach: [{ network: 'internet' }] },
    ],
    links: [],
  } as unknown as TopologySpec
  const traffic: TrafficWindow = {
    from: 0,
    to: 1e9,
    packets: 9,
    truncated: false,
    hops: [
      { hop: 'gw->cluster', from: 'gw', to: 'cluster', kind: 'tunnelled', packets: 3, bytes: 300, dropped: 0 },
      { hop: 'cluster->gw', from: 'cluster', to: 'gw', kind: 'tunnelled', packets: 2, bytes: 200, dropped: 1 },
      { hop: 'ws1->tun0', from: 'ws1', to: 'tun0', kind: 'data', packets: 3, bytes: 30, dropped: 0 },
    ],
  }
  const migration = {
    process: 'shell',
    residualDependencies: [
      { node: 'gw', what: 'home agent', from: 5e8, until: null },
      { node: 'ws1', what: 'pages on source', from: 0, until: 2e8 },
    ],
  } as unknown as MigrationRecord

  it('draws both directions of a hop on one edge per kind, drops apart, and says what it cannot place', () => {
    const { elements, unplaced } = overlayElements(
      [
        {
          id: 'r0c0',
          title: 'after',
          topology,
          traffic,
          process: { name: 'shell', host: 'ws2' },
          residual: new Map([['gw', ['home agent']]]),
        },
      ],
      2,
    )
    const traffics = elements.filter((e) => e.classes.startsWith('traffic'))
    expect(traffics.map((e) => [e.classes, e.data.packets])).toEqual([
      ['traffic tunnelled', 5],
      ['traffic dropped', 1],
    ])
    expect(traffics[0].data.width).toBe(widthOf(5))
    expect(unplaced).toEqual(['ws1->tun0'])
    const gw = elements.find((e) => e.data.id === 'r0c0:gw')!
    expect(gw.classes).toContain('residual')
    expect(gw.data.label).toBe('gw\nholds: home agent')
    const shell = elements.find((e) => e.classes === 'process')!
    const ws2 = elements.find((e) => e.data.id === 'r0c0:ws2')!
    expect(shell.position?.x).toBe(ws2.position?.x)
    // A node without a drawn position is placed below the others, not on top of one.
    const user = elements.find((e) => e.data.id === 'r0c0:user')!
    expect(user.position!.y).toBeGreaterThan(ws2.position!.y)
  })

  it('lays copies out side by side and in rows, never overlapping', () => {
    const panel = (id: string) => ({ id, title: id, topology, traffic, process: null, residual: new Map() })
    const { elements } = overlayElements([panel('a'), panel('b'), panel('c')], 2)
    const x = (id: string) => elements.find((e) => e.data.id === id)!.position!
    expect(x('b:ws1').x).toBeGreaterThan(x('a:internet').x)
    expect(x('c:ws1').y).toBeGreaterThan(x('a:ws1').y)
    expect(x('c:ws1').x).toBe(x('a:ws1').x)
  })

  it('finds the nodes holding state for a process during a window', () => {
    expect(residualAt([migration], 'shell', 0, 1e8)).toEqual(new Map([['ws1', ['pages on source']]]))
    expect(residualAt([migration], 'shell', 6e8, 7e8)).toEqual(new Map([['gw', ['home agent']]]))
    expect(residualAt([migration], 'other', 0, 1e9).size).toBe(0)
  })
})

// A small, realistic study for the report tests: a Sprite-style cluster (two workstations and a
// gateway on a LAN) with a remote user across a WAN, an interactive shell evicted from h1 to h2,
// 3 architectures × 2 mechanisms × 2 sweep points (WAN latency 10 ms, 50 ms) × 3 replications.
// Numbers follow MODELS.md: eager freeze = T_s + M/B, pre-copy freeze short; Mobile IP's outage
// is quantised by TCP back-off (RTO 1 s); TCP Migrate recovers one RTT after resume; plain TCP
// breaks the connection and the user reconnects. The analysis table is computed from the runs by
// the metrics layer's own analyze().

import { analyze } from '../../src/engine/metrics/stats'
import type { AnalysisTable } from '../../src/engine/metrics/table'
import type {
  ConnectionMigrationEffect,
  MigrationRecord,
  PointKind,
  RunResult,
  SegmentKind,
  Timeline,
} from '../../src/engine/run/result'
import { ScenarioSpec } from '../../src/engine/scenario/spec'

const MS = 1_000_000
const S = 1_000_000_000

/** Deterministic pseudo-random numbers (a 32-bit LCG), so fixtures are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export const ARCHITECTURES = ['none', 'mobile-ipv4', 'tcp-migrate']
export const MECHANISMS = ['eager-all', 'pre-copy']
export const LATENCIES = ['10ms', '50ms']
export const REPLICATIONS = 3

export function studySpec(): ScenarioSpec {
  return ScenarioSpec.parse({
    specVersion: 1,
    name: 'sprite-eviction',
    description: 'An interactive shell evicted from a workstation when its owner returns, seen from a remote user.',
    duration: '20s',
    seed: 42,
    topology: {
      networks: [
        { name: 'lan', kind: 'lan', position: { x: 200, y: 100 } },
        { name: 'internet', kind: 'wan', latency: '10ms', position: { x: 520, y: 100 } },
      ],
      nodes: [
        { name: 'h1', kind: 'host', attach: [{ network: 'lan' }], position: { x: 100, y: 220 } },
        { name: 'h2', kind: 'host', attach: [{ network: 'lan' }], position: { x: 260, y: 220 } },
        {
          name: 'gw',
          kind: 'router',
          attach: [{ network: 'lan' }, { network: 'internet' }],
          position: { x: 360, y: 100 },
        },
        {
          name: 'client',
          kind: 'host',
          role: 'remote',
          attach: [{ network: 'internet' }],
          position: { x: 680, y: 100 },
        },
        { name: 'fs', kind: 'host', role: 'infrastructure', position: { x: 200, y: 0 } },
      ],
      links: [{ a: 'fs', b: 'gw', bandwidth: '1Gbps', latency: '100us' }],
    },
    processes: [{ name: 'shell', host: 'h1', memory: { size: '16MB', dirtyRate: '2MB/s' } }],
    workloads: [{ kind: 'interactive', name: 'typing', process: 'shell', client: 'client' }],
    policies: [{ kind: 'eviction', host: 'h1', ownerReturns: ['5s'], targets: ['h2'] }],
    compare: {
      architectures: ARCHITECTURES,
      mechanisms: MECHANISMS,
      baseline: { architecture: 'none', mechanism: 'eager-all' },
    },
    agents: { homeAgent: 'gw' },
    sweep: { parameters: [{ path: 'topology.networks.internet.latency', values: LATENCIES }] },
    replications: { count: REPLICATIONS },
    metrics: ['migration.freeze.mean', 'connection.outage.mean', 'migration.bytes.total', 'interactive.echo.p99'],
    figures: [
      { kind: 'outage-freeze' },
      { kind: 'overhead-stacked' },
      {
        kind: 'metric-vs-parameter',
        metric: 'connection.outage.mean',
        parameter: 'topology.networks.internet.latency',
      },
      { kind: 'cdf', metric: 'interactive.echo' },
      { kind: 'timeline' },
    ],
  })
}

function timelineOf(
  m: MigrationRecord,
  mechanism: string,
  architecture: string,
  oneWay: number,
  outage: number | null,
  reconnect: number | null,
): Timeline {
  const lanes: Timeline['lanes'] = [
    { id: 'shell', kind: 'process', label: 'shell' },
    { id: 'typing:0', kind: 'connection', label: 'client ↔ shell' },
    { id: 'gw', kind: 'agent', label: 'gw (home agent)' },
    { id: 'h1', kind: 'node', label: 'h1' },
    { id: 'editor', kind: 'process', label: 'editor' },
  ]
  const seg = {
    lane: [] as number[],
    start: [] as number[],
    end: [] as number[],
    kind: [] as SegmentKind[],
    detail: [] as number[],
  }
  const add = (lane: number, start: number, end: number, kind: SegmentKind) => {
    seg.lane.push(lane)
    seg.start.push(start)
    seg.end.push(end)
    seg.kind.push(kind)
    seg.detail.push(-1)
  }
  const pts = { lane: [] as number[], t: [] as number[], kind: [] as PointKind[], detail: [] as number[] }
  const point = (lane: number, t: number, kind: PointKind) => {
    pts.lane.push(lane)
    pts.t.push(t)
    pts.kind.push(kind)
    pts.detail.push(-1)
  }
  const end = 20 * S
  if (mechanism === 'pre-copy') {
    add(0, 0, m.decidedAt, 'running')
    add(0, m.decidedAt, m.freezeAt, 'precopy')
  } else add(0, 0, m.freezeAt, 'running')
  add(0, m.freezeAt, m.resumeAt, 'frozen')
  add(0, m.resumeAt, end, 'running')
  const restored = outage === null ? (reconnect ?? end) : m.freezeAt + outage
  add(1, 0, m.freezeAt, 'connected')
  add(1, m.freezeAt, restored, 'outage')
  add(1, restored, end, architecture === 'mobile-ipv4' ? 'tunnelled' : 'connected')
  add(3, 0, end, 'running')
  point(0, m.resumeAt, 'host-change')
  if (architecture === 'mobile-ipv4') {
    point(0, m.resumeAt + 200_000, 'control')
    point(2, m.resumeAt + 400_000, 'control')
    point(0, m.resumeAt + 600_000, 'control')
  }
  if (architecture === 'tcp-migrate') {
    point(1, m.resumeAt + 100_000, 'control')
    point(1, m.resumeAt + 2 * oneWay + 100_000, 'control')
  }
  if (architecture === 'none') {
    point(1, m.resumeAt + oneWay, 'reset')
    point(1, reconnect!, 'reconnect')
  }
  // The remote peer's retransmissions back off from RTO = 1 s while the path is broken.
  for (let k = 0, t = m.freezeAt + S; t < restored; k++, t = m.freezeAt + S * (2 ** (k + 1) - 1)) {
    point(1, t, 'retransmission')
  }
  // Signalling of another process's move during this outage: not part of this migration's update.
  point(4, m.resumeAt + 5 * MS, 'control')
  return { lanes, segments: seg, points: pts, strings: [], truncated: false }
}

function runOf(architecture: string, mechanism: string, pointIndex: number, replication: number): RunResult {
  const seed = 1000 + pointIndex * 10 + replication
  const r = rng(seed * 7919 + architecture.length * 31 + mechanism.length)
  const oneWay = (pointIndex === 0 ? 10 : 50) * MS + 150_000
  const memory = 16e6
  const ts = 8 * MS + r() * 2 * MS
  const decidedAt = 5 * S
  const precopy = mechanism === 'pre-copy'
  const freeze = Math.round(precopy ? ts + 2 * MS + r() * 6 * MS : ts + (memory * 8 * S) / 1e9 + r() * 10 * MS)
  const preTime = precopy ? Math.round(((memory * 8 * S) / 1e9) * 1.15) : 0
  const freezeAt = decidedAt + preTime + 1 * MS
  const resumeAt = freezeAt + freeze
  let outage: number | null
  let reconnect: number | null = null
  let broken = false
  if (architecture === 'mobile-ipv4') {
    // Back-off quantisation: the first retransmission after the path is back (RTO = 1 s).
    const pathBack = freeze + 600_000
    const k = Math.ceil(Math.log2(pathBack / S + 1))
    outage = S * (2 ** k - 1) + oneWay + Math.round(r() * MS)
  } else if (architecture === 'tcp-migrate') {
    outage = freeze + 2 * oneWay + 100_000 + Math.round(r() * MS)
  } else {
    outage = null
    broken = true
    reconnect = resumeAt + oneWay + Math.round((1.5 + r()) * S)
  }
  const effect: ConnectionMigrationEffect = {
    connection: 'typing:0',
    outageIn: outage,
    outageOut: outage === null ? null : outage - oneWay,
    lost: 3 + Math.floor(r() * 4),
    retransmissions: outage === null ? 2 : Math.max(1, Math.ceil(Math.log2(outage / S + 1))),
    stretchAfter: architecture === 'mobile-ipv4' ? 1.02 : 1,
    broken,
  }
  const migration: MigrationRecord = {
    id: 0,
    process: 'shell',
    from: 'h1',
    to: 'h2',
    trigger: 'eviction',
    decidedAt,
    freezeAt,
    resumeAt,
    completedAt: resumeAt,
    freeze,
    total: resumeAt - decidedAt,
    rounds: precopy ? [16e6, 1.2e6, 0.2e6] : [],
    bytes: {
      memory: precopy ? 17.4e6 : memory,
      kernel: 16384,
      toServer: 0,
      fromServer: 0,
      faults: 0,
      total: (precopy ? 17.4e6 : memory) + 16384,
    },
    pageFaults: 0,
    // The update completes with the architecture's last signal of this move (see the timeline).
    namingUpdatedAt:
      architecture === 'mobile-ipv4'
        ? resumeAt + 600_000
        : architecture === 'tcp-migrate'
          ? resumeAt + 2 * oneWay + 100_000
          : null,
    controlMessages: architecture === 'mobile-ipv4' ? 2 : architecture === 'tcp-migrate' ? 3 : 0,
    controlBytes: architecture === 'none' ? 0 : 120,
    residualDependencies:
      architecture === 'mobile-ipv4' ? [{ node: 'gw', what: 'home agent binding', from: resumeAt, until: null }] : [],
    connections: [effect],
  }
  const rtt = 2 * oneWay
  const echo = { t: [] as number[], v: [] as number[] }
  for (let i = 0; i < 120; i++) {
    const t = 0.5 * S + i * 0.15 * S
    echo.t.push(t)
    const inOutage = outage !== null && t >= freezeAt && t < freezeAt + outage
    echo.v.push(Math.round(inOutage ? freezeAt + outage! - t + rtt : rtt + r() * 3 * MS + (r() < 0.05 ? 20 * MS : 0)))
  }
  const restoredOutage = outage ?? reconnect! - freezeAt
  return {
    key: `run-${architecture}-${mechanism}-p${pointIndex}-r${replication}`,
    job: {
      architecture,
      mechanism,
      pointIndex,
      point: { 'topology.networks.internet.latency': LATENCIES[pointIndex] },
      replication,
      seed,
    },
    engineVersion: '0.1.0',
    status: 'ok',
    simulated: 20 * S,
    events: 123_456,
    summary: {
      'migration.freeze.mean': freeze,
      'migration.total.mean': migration.total,
      'migration.bytes.total': migration.bytes.total,
      'migration.controlMessages.mean': migration.controlMessages,
      'connection.outage.mean': restoredOutage,
      'connection.retransmissions.mean': effect.retransmissions,
      'interactive.echo.p99': [...echo.v].sort((a, b) => a - b)[Math.floor(0.99 * echo.v.length)],
    },
    migrations: [migration],
    connections: [
      {
        id: 'typing:0',
        workload: 'typing',
        process: 'shell',
        peer: 'client',
        transport: 'tcp',
        openedAt: 0,
        closedAt: null,
        bytesDelivered: 240,
        retransmissions: effect.retransmissions,
        timeouts: 1,
        resets: broken ? 1 : 0,
        reconnects: broken ? 1 : 0,
        outages: [{ from: freezeAt, to: freezeAt + restoredOutage, direction: 'in' }],
      },
    ],
    samples: { 'interactive.echo': echo },
    drops: { 'old-location': effect.lost },
    timeline: timelineOf(migration, mechanism, architecture, oneWay, outage, reconnect),
  }
}

export function studyRuns(): RunResult[] {
  const runs: RunResult[] = []
  for (let p = 0; p < LATENCIES.length; p++)
    for (const a of ARCHITECTURES)
      for (const m of MECHANISMS) for (let rep = 0; rep < REPLICATIONS; rep++) runs.push(runOf(a, m, p, rep))
  return runs
}

/** The analysis table as the metrics layer computes it from these runs. */
export function studyTable(runs: RunResult[]): AnalysisTable {
  return analyze(runs, {
    study: 'sprite-eviction',
    specHash: 'b3f1c0ffee5eed0123456789abcdef0123456789abcdef0123456789abcdef01',
    engineVersion: '0.1.0',
    baseline: { architecture: 'none', mechanism: 'eager-all' },
  })
}

export function study() {
  const runs = studyRuns()
  return { spec: studySpec(), runs, table: studyTable(runs) }
}

// ScenarioSpec: the complete, versioned, JSON-serialisable description of a study. It is data,
// never code: a scenario.ts script (run in the sandbox) and the visual editor both produce it, the
// engine consumes it, the results store keys runs by its hash. One schema library (zod) validates
// it at every boundary; the shipped JSON Schema (`miglab schema`) is generated from this file.
//
// Quantities are strings with units ("20ms", "100Mbps", "512MB"), checked by the strict parsers
// of engine/core/units, so a spec file reads like the paper that describes it. Elements are named,
// and everything refers to elements by name; sweep parameters are dot paths through names
// (`topology.links.uplink.latency`, `processes.shell.memory.dirtyRate`).

import { z } from 'zod'
import { parseDuration, parseRate, parseSize, type QuantityKind, UnitError } from '../core/units'

export const SPEC_VERSION = 1

// ---- scalar building blocks ----------------------------------------------------------------------

// `min` is in the parsed unit (ns, bit/s, bytes): a zero bandwidth or a zero MTU is as wrong as a
// negative one, and the message says so at the field rather than deep in a simulation.
function quantity(kind: QuantityKind, examples: string, min?: { value: number; message: string }) {
  const parse = kind === 'duration' ? parseDuration : kind === 'rate' ? parseRate : parseSize
  return z
    .string()
    .superRefine((v, ctx) => {
      let parsed: number
      try {
        parsed = parse(v)
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: e instanceof UnitError ? e.message : String(e) })
        return
      }
      if (min && parsed < min.value) ctx.addIssue({ code: 'custom', message: `"${v}": ${min.message}` })
    })
    .describe(`a ${kind} with a unit, e.g. ${examples}`)
}

/** A duration such as "50us", "20ms", "1.5s". */
export const Duration = quantity('duration', '"50us", "20ms", "1.5s"')
/** A rate such as "100Mbps", "1Gbps", "5MB/s". */
export const Rate = quantity('rate', '"100Mbps", "1Gbps", "5MB/s"')
/** A size such as "1500B", "64KiB", "512MB". */
export const Size = quantity('size', '"1500B", "64KiB", "512MB"')
/** A link or attachment rate: a rate above zero. */
export const Bandwidth = quantity('rate', '"100Mbps", "1Gbps", "5MB/s"', {
  value: Number.MIN_VALUE,
  message: 'a bandwidth must be above zero (nothing could be sent)',
})
/** A maximum transmission unit: at least the 68 bytes every IPv4 link must carry (RFC 791). */
export const Mtu = quantity('size', '"1500B", "9000B"', { value: 68, message: 'an MTU must be at least 68B (RFC 791)' })
/** A size above zero (an address space, a page). */
export const PositiveSize = quantity('size', '"4KiB", "64MB"', { value: 1, message: 'must be above zero' })
/** A duration above zero (the length of a run, a period). */
export const PositiveDuration = quantity('duration', '"1s", "60s"', { value: 1, message: 'must be above zero' })
export const Probability = z.number().min(0).max(1).describe('a probability in [0, 1]')
/** Element names: used in references and in sweep paths, so no dots or spaces. */
export const Name = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'names start with a letter or _ and contain only letters, digits, _ and -')
  .max(64)
/** Cross-field refinements run only on fields that parsed, so each mistake is reported once. */
const parsedCleanly = (payload: { issues: readonly unknown[] }) => payload.issues.length === 0

export const Position = z.strictObject({ x: z.number(), y: z.number() }).describe('canvas position for the editor')

/** A random distribution of durations (think times, compute phases, inter-arrival times). */
export const DurationDistribution = z
  .discriminatedUnion('dist', [
    z.strictObject({ dist: z.literal('constant'), value: Duration }),
    z.strictObject({ dist: z.literal('exponential'), mean: Duration }),
    z
      .strictObject({ dist: z.literal('uniform'), min: Duration, max: Duration })
      .refine((d) => parseDuration(d.min) <= parseDuration(d.max), {
        message: 'min is above max',
        path: ['max'],
        when: parsedCleanly,
      }),
    z.strictObject({ dist: z.literal('normal'), mean: Duration, sd: Duration }),
    z.strictObject({ dist: z.literal('lognormal'), mean: Duration, sd: Duration }),
    z.strictObject({ dist: z.literal('pareto'), scale: Duration, shape: z.number().positive() }),
    z.strictObject({
      dist: z.literal('empirical'),
      points: z
        .array(z.tuple([Duration, Probability]))
        .min(1)
        .refine((ps) => ps.every((p, i) => i === 0 || p[1] >= ps[i - 1]![1]), {
          message: 'cumulative probabilities must not decrease',
          when: parsedCleanly,
        })
        .refine((ps) => ps[ps.length - 1]![1] === 1, {
          message: 'the last cumulative probability must be 1',
          when: parsedCleanly,
        })
        .describe('(value, cumulative probability) pairs'),
      interpolate: z.boolean().default(true),
    }),
  ])
  .describe('a distribution of durations')

// ---- topology ----------------------------------------------------------------------------------

export const NetworkKind = z
  .enum(['lan', 'wan'])
  .describe('lan: a switched Ethernet broadcast domain with ARP; wan: a routed cloud with per-attachment delay')

export const Network = z.strictObject({
  name: Name,
  kind: NetworkKind,
  prefix: z.string().optional().describe('IPv4 prefix such as "10.1.0.0/24"; allocated automatically when absent'),
  prefix6: z.string().optional().describe('IPv6 prefix such as "2001:db8:1::/64"; allocated automatically when absent'),
  bandwidth: Bandwidth.default('1Gbps').describe('rate of each attachment (switch port or cloud access)'),
  latency: Duration.default('50us').describe('one-way delay between an attachment and the switch or cloud core'),
  loss: Probability.default(0),
  mtu: Mtu.default('1500B'),
  queue: z.int().positive().max(1_000_000).default(100).describe('drop-tail queue per port direction, in packets'),
  arpTimeout: Duration.default('60s').describe('how long a neighbour-cache entry lives (lan only)'),
  label: z.string().optional(),
  position: Position.optional(),
  generated: z.boolean().optional().describe('set on networks a scenario script created, so the editor can mark them'),
})

export const Attachment = z.strictObject({
  network: Name,
  bandwidth: Bandwidth.optional().describe("overrides the network's per-attachment rate"),
  latency: Duration.optional().describe("overrides the network's per-attachment delay"),
})

export const NodeKind = z.enum(['host', 'router'])
export const NodeRole = z
  .enum(['cluster', 'remote', 'infrastructure'])
  .describe(
    'cluster: a machine processes may run on and move between; remote: outside the cluster; infrastructure: agents only',
  )

export const Node = z.strictObject({
  name: Name,
  kind: NodeKind,
  role: NodeRole.optional().describe(
    'defaults: routers are infrastructure, hosts attached to a lan are cluster, others remote',
  ),
  attach: z.array(Attachment).default([]).describe('lan and wan networks the node is attached to'),
  cpu: z.number().positive().default(1).describe('CPU capacity relative to a reference machine'),
  legacy: z
    .boolean()
    .default(false)
    .describe('a remote peer with an unmodified stack: architectures that need peer support must refuse or fall back'),
  label: z.string().optional(),
  position: Position.optional(),
  generated: z.boolean().optional().describe('set on nodes a scenario script created, so the editor can mark them'),
})

export const Link = z.strictObject({
  name: Name.optional().describe('defaults to "<a>-<b>"; a validated spec always has it'),
  a: Name,
  b: Name,
  bandwidth: Bandwidth,
  latency: Duration,
  loss: Probability.default(0),
  mtu: Mtu.default('1500B'),
  queue: z.int().positive().max(1_000_000).default(100),
  generated: z.boolean().optional().describe('set on links a scenario script created, so the editor can mark them'),
})

export const Topology = z.strictObject({
  networks: z.array(Network).default([]),
  nodes: z.array(Node).default([]),
  links: z.array(Link).default([]),
})

// ---- processes ----------------------------------------------------------------------------------

export const Memory = z.strictObject({
  size: PositiveSize.describe('address space M'),
  pageSize: PositiveSize.default('4KiB'),
  dirtyRate: Rate.default('0B/s').describe('rate D of distinct bytes dirtied while running'),
  writableWorkingSet: Size.optional().describe('pages dirtied faster than they can be sent (caps pre-copy rounds)'),
  dirtyAtFreeze: Size.optional().describe(
    'dirty bytes M_d at freeze for eager-dirty and flushing; default: from dirtyRate',
  ),
  touchedAfterResume: Size.default('0B').describe('working set W touched after resume (lazy mechanisms fault it in)'),
})

export const Process = z.strictObject({
  name: Name,
  host: Name.describe('the cluster host it starts on'),
  home: Name.optional().describe('home machine (Sprite); defaults to the starting host'),
  memory: Memory,
  kernelState: Size.default('16KiB').describe('PCB, signal state and other kernel state moved with the process'),
  openFiles: z.int().min(0).default(8),
  cpuDemand: z.number().min(0).default(1).describe('CPUs the process would use if alone (for load balancing)'),
  migratable: z.boolean().default(true),
  generated: z.boolean().optional().describe('set on processes a scenario script created, so the editor can mark them'),
})

// ---- workloads -----------------------------------------------------------------------------------

const WorkloadBase = {
  name: Name,
  start: Duration.default('0s'),
  stop: Duration.optional().describe('defaults to the end of the run'),
}

export const InteractiveWorkload = z.strictObject({
  kind: z.literal('interactive'),
  ...WorkloadBase,
  process: Name.describe('the process in the cluster that echoes'),
  client: Name.describe('the remote node the user types on'),
  thinkTime: DurationDistribution.default({ dist: 'exponential', mean: '200ms' }),
  keyBytes: Size.default('1B'),
  echoBytes: Size.default('1B'),
  port: z.int().min(1).max(65535).default(5000),
})

export const ExternalPeer = z.strictObject({
  rank: Name.describe('the rank (process) holding the connection'),
  peer: Name.describe('the remote node'),
  role: z.enum(['coordinator', 'data-source']),
  bytes: Size.describe('bytes exchanged with the peer per iteration'),
})

export const BspWorkload = z.strictObject({
  kind: z.literal('bsp'),
  ...WorkloadBase,
  ranks: z.array(Name).min(1).describe('processes taking part, in rank order'),
  iterations: z.int().positive().default(100),
  compute: DurationDistribution.describe('compute phase per iteration on a reference CPU'),
  pattern: z.enum(['ring', 'all-to-all']).default('ring'),
  messageSize: Size.default('64KiB'),
  external: z.array(ExternalPeer).default([]),
  port: z.int().min(1).max(65535).default(6000),
})

export const WebWorkload = z.strictObject({
  kind: z.literal('web'),
  ...WorkloadBase,
  servers: z.array(Name).min(1).describe('server processes in the cluster'),
  clients: z.array(z.strictObject({ node: Name, count: z.int().positive().default(1) })).min(1),
  interArrival: DurationDistribution.default({ dist: 'exponential', mean: '100ms' }).describe('per client'),
  requestSize: Size.default('512B'),
  responseSize: Size.default('16KiB'),
  serviceTime: DurationDistribution.default({ dist: 'constant', value: '2ms' }),
  persistent: z.boolean().default(true).describe('keep connections open between requests'),
  timeout: Duration.default('10s').describe('a request not answered by then counts as failed'),
  port: z.int().min(1).max(65535).default(80),
})

export const BulkWorkload = z.strictObject({
  kind: z.literal('bulk'),
  ...WorkloadBase,
  process: Name,
  peer: Name,
  direction: z.enum(['to-peer', 'from-peer']).default('to-peer'),
  size: Size.optional().describe('bytes to move; default: as much as possible until stop'),
  port: z.int().min(1).max(65535).default(7000),
})

export const Workload = z.discriminatedUnion('kind', [InteractiveWorkload, BspWorkload, WebWorkload, BulkWorkload])

// ---- migrations, policies, failures --------------------------------------------------------------

export const Migration = z.strictObject({
  process: Name,
  to: Name,
  at: Duration,
})

export const EvictionPolicy = z.strictObject({
  kind: z.literal('eviction'),
  host: Name.describe('the workstation whose owner returns'),
  ownerReturns: z.array(Duration).min(1).describe('times at which the owner comes back; foreign processes are evicted'),
  targets: z.array(Name).optional().describe('hosts evicted processes may go to; default: idle cluster hosts'),
})

export const LoadBalancePolicy = z.strictObject({
  kind: z.literal('load-balance'),
  period: PositiveDuration.default('1s'),
  threshold: z.number().positive().default(1).describe('move when the most and least loaded hosts differ by more'),
  hosts: z.array(Name).optional().describe('hosts taking part; default: all cluster hosts'),
  start: Duration.default('0s'),
})

export const Policy = z.discriminatedUnion('kind', [EvictionPolicy, LoadBalancePolicy])

export const Failure = z
  .strictObject({
    kind: z.enum(['node', 'link']),
    target: Name,
    at: Duration,
    recover: Duration.optional().describe('time it comes back; never when absent'),
  })
  .refine((f) => f.recover === undefined || parseDuration(f.recover) > parseDuration(f.at), {
    message: 'recover must come after at',
    path: ['recover'],
    when: parsedCleanly,
  })

// ---- what to compare, transport, sweeps, replications --------------------------------------------

export const Compare = z.strictObject({
  architectures: z.array(z.string()).min(1).describe('naming architecture ids (`miglab list`)'),
  mechanisms: z.array(z.string()).min(1).describe('migration mechanism ids (`miglab list`)'),
  baseline: z.strictObject({ architecture: z.string(), mechanism: z.string() }).optional(),
})

export const TransportConfig = z.strictObject({
  preset: z
    .enum(['rfc', 'linux'])
    .default('rfc')
    .describe('rfc: RFC 6298 (1 s floor); linux: 200 ms floor, 120 s ceiling'),
  minRto: Duration.optional(),
  maxRto: Duration.optional(),
  initialRto: Duration.optional(),
  retries: z.int().positive().optional().describe('retransmissions of one segment before giving up'),
  synRetries: z.int().positive().optional(),
  mss: Size.optional(),
  receiveWindow: Size.optional(),
  onMoveWithoutSupport: z
    .enum(['reset', 'silent'])
    .default('reset')
    .describe("what the old host does with a moved process's connections when nothing keeps them: RST, or silence"),
})

export const SweepValue = z.union([z.string(), z.number(), z.boolean()])
export const SweepParameter = z.union([
  z.strictObject({ path: z.string(), values: z.array(SweepValue).min(1) }),
  z.strictObject({
    path: z.string(),
    from: z.number(),
    to: z.number(),
    steps: z.int().min(2),
    scale: z.enum(['linear', 'log']).default('linear'),
    unit: z.string().optional().describe('appended to each value, e.g. "ms" gives "10ms", "20ms", ...'),
  }),
])
export const Sweep = z.strictObject({
  parameters: z.array(SweepParameter).default([]),
  mode: z.enum(['grid', 'zip']).default('grid').describe('grid: every combination; zip: the i-th value of each'),
  exclude: z.array(z.record(z.string(), SweepValue)).default([]).describe('combinations to leave out'),
})

export const Replications = z.union([
  z.strictObject({ count: z.int().positive().max(10_000) }),
  z.strictObject({
    until: z
      .strictObject({
        metric: z.string().describe('summary metric whose confidence interval decides'),
        halfWidth: z.number().positive().describe('target half-width of the 95 % interval'),
        relative: z.boolean().default(true).describe('halfWidth is relative to the mean'),
        min: z.int().min(2).default(3),
        max: z.int().min(2).max(10_000).default(30),
      })
      .refine((u) => u.min <= u.max, { message: 'min is above max', path: ['max'], when: parsedCleanly }),
  }),
])

export const Figure = z.strictObject({
  kind: z.enum([
    'outage-freeze',
    'overhead-stacked',
    'metric-vs-parameter',
    'cdf',
    'timeline',
    'metric-bars',
    'paired-difference',
  ]),
  metric: z.string().optional(),
  metrics: z.array(z.string()).min(1).optional().describe('metric-bars and paired-difference: one panel per metric'),
  parameter: z.string().optional(),
  title: z.string().optional(),
})

// ---- the spec ------------------------------------------------------------------------------------

export const ScenarioSpec = z.strictObject({
  specVersion: z.literal(SPEC_VERSION),
  name: z.string().min(1),
  description: z.string().default(''),
  duration: PositiveDuration.describe('simulated time of one run'),
  seed: z.int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  topology: Topology,
  processes: z.array(Process).default([]),
  workloads: z.array(Workload).default([]),
  migrations: z.array(Migration).default([]),
  policies: z.array(Policy).default([]),
  failures: z.array(Failure).default([]),
  compare: Compare,
  architectureOptions: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  mechanismOptions: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  agents: z
    .record(z.string(), Name)
    .default({})
    .describe('where infrastructure agents run, e.g. { "homeAgent": "gw", "rendezvousServer": "rvs" }'),
  transport: TransportConfig.default({ preset: 'rfc', onMoveWithoutSupport: 'reset' }),
  onBusyMigration: z.enum(['queue', 'refuse']).default('queue').describe('a migration of a process already moving'),
  sweep: Sweep.default({ parameters: [], mode: 'grid', exclude: [] }),
  replications: Replications.default({ count: 1 }),
  metrics: z.array(z.string()).default([]).describe('summary metrics the study is about (reports lead with them)'),
  figures: z.array(Figure).default([]),
})

/** A validated spec, with defaults filled in. */
export type ScenarioSpec = z.infer<typeof ScenarioSpec>
/** What a user may write: defaults may be left out. */
export type ScenarioSpecInput = z.input<typeof ScenarioSpec>
export type NetworkSpec = z.infer<typeof Network>
export type NodeSpec = z.infer<typeof Node>
export type LinkSpec = z.infer<typeof Link>
export type TopologySpec = z.infer<typeof Topology>
export type ProcessSpec = z.infer<typeof Process>
export type MemorySpec = z.infer<typeof Memory>
export type WorkloadSpec = z.infer<typeof Workload>
export type InteractiveWorkloadSpec = z.infer<typeof InteractiveWorkload>
export type BspWorkloadSpec = z.infer<typeof BspWorkload>
export type WebWorkloadSpec = z.infer<typeof WebWorkload>
export type BulkWorkloadSpec = z.infer<typeof BulkWorkload>
export type MigrationSpec = z.infer<typeof Migration>
export type PolicySpec = z.infer<typeof Policy>
export type FailureSpec = z.infer<typeof Failure>
export type TransportSpec = z.infer<typeof TransportConfig>
export type DurationDistributionSpec = z.infer<typeof DurationDistribution>
export type SweepSpec = z.infer<typeof Sweep>
export type SweepValue = z.infer<typeof SweepValue>

// What a summary metric name means for display. Metric names are `<group>.<metric>[.<stat>]`
// (run/result.ts) and, by the contract, the name says the unit: times are integer nanoseconds,
// sizes bytes, everything else a plain number. This file turns a name into a title, a quantity
// kind and a direction ("lower is better"), so tables can pick the best value and axes their unit.

export type Quantity = 'time' | 'size' | 'rate' | 'count' | 'ratio'

export interface MetricDescription {
  name: string
  /** Human title, e.g. "Freeze" or "Echo latency, p99". */
  title: string
  quantity: Quantity
  better: 'lower' | 'higher'
}

/** Words of metric names, with the title and quantity they stand for. */
const WORDS: Record<string, { title: string; quantity: Quantity; better?: 'higher' }> = {
  freeze: { title: 'Freeze', quantity: 'time' },
  outage: { title: 'Communication outage', quantity: 'time' },
  total: { title: 'Migration time', quantity: 'time' },
  update: { title: 'Naming update', quantity: 'time' },
  recovery: { title: 'Transport recovery', quantity: 'time' },
  echo: { title: 'Echo latency', quantity: 'time' },
  latency: { title: 'Latency', quantity: 'time' },
  response: { title: 'Response time', quantity: 'time' },
  stall: { title: 'Stall', quantity: 'time' },
  delay: { title: 'Delay', quantity: 'time' },
  iteration: { title: 'Iteration time', quantity: 'time' },
  residual: { title: 'Residual dependency', quantity: 'time' },
  bytes: { title: 'Bytes moved', quantity: 'size' },
  controlBytes: { title: 'Control bytes', quantity: 'size' },
  control: { title: 'Control messages', quantity: 'count' },
  controlMessages: { title: 'Control messages', quantity: 'count' },
  retransmissions: { title: 'Retransmissions', quantity: 'count' },
  timeouts: { title: 'Timeouts', quantity: 'count' },
  resets: { title: 'Resets', quantity: 'count' },
  reconnects: { title: 'Reconnects', quantity: 'count' },
  lost: { title: 'Packets lost', quantity: 'count' },
  drops: { title: 'Drops', quantity: 'count' },
  pageFaults: { title: 'Page faults', quantity: 'count' },
  failed: { title: 'Failed requests', quantity: 'count' },
  broken: { title: 'Broken connections', quantity: 'count' },
  count: { title: 'Migrations', quantity: 'count' },
  stretch: { title: 'Path stretch', quantity: 'ratio' },
  slowdown: { title: 'Slowdown', quantity: 'ratio' },
  throughput: { title: 'Throughput', quantity: 'rate', better: 'higher' },
  delivered: { title: 'Bytes delivered', quantity: 'size', better: 'higher' },
  completed: { title: 'Completed requests', quantity: 'count', better: 'higher' },
  dependencies: { title: 'Residual dependencies', quantity: 'count' },
  permanent: { title: 'Permanent residual dependencies', quantity: 'count' },
  duration: { title: 'Residual dependency duration', quantity: 'time' },
  faults: { title: 'Page faults', quantity: 'count' },
  died: { title: 'Processes lost', quantity: 'count' },
  events: { title: 'Events', quantity: 'count', better: 'higher' },
  keystrokes: { title: 'Keystrokes', quantity: 'count', better: 'higher' },
  noticeable: { title: 'Noticeable echoes (> 100 ms)', quantity: 'count' },
  resent: { title: 'Keystrokes resent', quantity: 'count' },
  unechoed: { title: 'Keystrokes never echoed', quantity: 'count' },
  refused: { title: 'Migrations refused', quantity: 'count' },
  abandoned: { title: 'Migrations abandoned', quantity: 'count' },
  messages: { title: 'Control messages', quantity: 'count' },
  dip: { title: 'Throughput dip', quantity: 'ratio' },
  iterations: { title: 'Iterations', quantity: 'count', better: 'higher' },
  requests: { title: 'Requests', quantity: 'count', better: 'higher' },
}

/** Qualifiers that refine a title without changing the quantity. */
const QUALIFIERS: Record<string, string> = {
  in: 'toward the process',
  out: 'from the process',
}

const GROUPS: Record<string, string> = {
  migration: 'migration',
  connection: 'connection',
  interactive: 'interactive job',
  bsp: 'parallel job',
  web: 'web cluster',
  bulk: 'bulk transfer',
}

const STATS: Record<string, string> = {
  mean: 'mean',
  max: 'max',
  min: 'min',
  sum: 'total',
  p50: 'median',
  p90: 'p90',
  p99: 'p99',
  sd: 'sd',
}

/** Describes a metric name; unknown words give the name itself as title and a plain number. */
export function describeMetric(name: string): MetricDescription {
  const parts = name.split('.')
  const stat = parts.length > 2 && parts[parts.length - 1] in STATS ? parts[parts.length - 1] : undefined
  const words = stat ? parts.slice(0, -1) : parts
  // The first known word after the group names the quantity: `migration.bytes.total` is a size,
  // `migration.total` a time, `connection.outage.max` an outage.
  const known = words.slice(1).find((w) => w in WORDS) ?? (words[0] in WORDS ? words[0] : undefined)
  const entry = known ? WORDS[known] : undefined
  // `interactive:typing.echo.p99`: one of several workloads of a kind, by its name.
  const [groupWord, workload] = words[0].split(':')
  const group = GROUPS[groupWord]
  let title = entry ? entry.title : words.slice(1).join(' ') || name
  if (!entry && group) title = `${title} (${group})`
  if (workload) title = `${title} [${workload}]`
  const qualifier = words.slice(1).find((w) => w in QUALIFIERS)
  if (qualifier) title = `${title} ${QUALIFIERS[qualifier]}`
  if (stat) title = `${title}, ${STATS[stat]}`
  return {
    name,
    title,
    quantity: entry ? entry.quantity : 'count',
    better: entry?.better ?? 'lower',
  }
}

// What `miglab run` does (loaded only when the command runs).
import { AVAILABLE } from '../engine/available'
import { formatDuration } from '../engine/core/units'
import { jobKey, replicationSeed, specHash } from '../engine/run/jobs'
import type { RunJob } from '../engine/run/result'
import { simulate } from '../engine/run/simulate'
import { formatSpecError } from '../engine/scenario/errors'
import type { SweepValue } from '../engine/scenario/spec'
import { expandSweep } from '../engine/scenario/sweep'
import type { RunCommandOptions } from './commands/run'
import { formatMetric, table } from './format'
import { loadSpec, UnreadableSpec } from './load-spec'

function fail(message: string, code = 1): void {
  console.error(`miglab run: ${message}`)
  process.exitCode = code
}

function parseInt0(text: string | undefined, what: string, fallback: number): number {
  if (text === undefined) return fallback
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got "${text}"`)
  return n
}

/** `path=value`: the value as JSON when it parses (numbers, booleans, arrays), else as a string. */
export function parseAssignment(text: string): [string, SweepValue] {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new Error(`--set expects path=value, got "${text}"`)
  const path = text.slice(0, eq)
  const raw = text.slice(eq + 1)
  try {
    const v = JSON.parse(raw)
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return [path, v]
  } catch {
    // not JSON: a plain string such as 50ms
  }
  return [path, raw]
}

export async function runCommand(specPath: string, o: RunCommandOptions, workerFile: string): Promise<void> {
  let compiled: Awaited<ReturnType<typeof loadSpec>>
  try {
    compiled = await loadSpec(specPath, workerFile)
  } catch (e) {
    if (e instanceof UnreadableSpec) return fail(e.message, 2)
    throw e
  }
  if (!compiled.ok) {
    for (const e of compiled.errors) console.error(formatSpecError(e))
    return fail(`${specPath}: the spec has errors`)
  }
  const spec = compiled.spec
  let job: RunJob
  try {
    const points = expandSweep(spec)
    const pointIndex = parseInt0(o.point, '--point', 0)
    if (pointIndex >= points.length)
      throw new Error(`--point ${pointIndex}: the study has ${points.length} sweep point(s)`)
    const replication = parseInt0(o.replication, '--replication', 0)
    const architecture = o.arch ?? spec.compare.architectures[0]
    const mechanism = o.mechanism ?? spec.compare.mechanisms[0]
    if (!AVAILABLE.architectures.includes(architecture)) {
      throw new Error(`--arch ${architecture}: not an available architecture (${AVAILABLE.architectures.join(', ')})`)
    }
    if (!AVAILABLE.mechanisms.includes(mechanism)) {
      throw new Error(`--mechanism ${mechanism}: not an available mechanism (${AVAILABLE.mechanisms.join(', ')})`)
    }
    const point: Record<string, SweepValue> = { ...points[pointIndex].values }
    for (const s of o.set ?? []) {
      const [path, value] = parseAssignment(s)
      point[path] = value
    }
    const seed = o.seed !== undefined ? parseInt0(o.seed, '--seed', 0) : replicationSeed(spec.seed, replication)
    job = { architecture, mechanism, pointIndex, point, replication, seed }
  } catch (e) {
    return fail((e as Error).message)
  }
  const t0 = performance.now()
  const result = simulate(spec, job, { key: jobKey(specHash(spec), job) })
  const wall = performance.now() - t0
  if (o.json) {
    console.log(JSON.stringify(result, null, 2))
    if (result.status === 'failed') process.exitCode = 1
    return
  }
  const pointText = Object.entries(job.point)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')
  console.log(
    `${spec.name}: ${job.architecture} × ${job.mechanism}, point ${job.pointIndex}${pointText ? ` (${pointText})` : ''}, replication ${job.replication}, seed ${job.seed}`,
  )
  if (result.status === 'failed') return fail(`the run failed: ${result.error}`)
  console.log(
    `simulated ${formatDuration(result.simulated)} in ${(wall / 1000).toFixed(2)} s of wall-clock time, ${result.events} events`,
  )
  console.log('')
  const names = Object.keys(result.summary).sort()
  console.log(table([['metric', 'value'], ...names.map((n) => [n, formatMetric(n, result.summary[n])])]))
  if (result.migrations.length > 0) {
    console.log('')
    const rows = [
      [
        'migration',
        'trigger',
        'freeze',
        'total',
        'bytes',
        'control',
        'outage in',
        'outage out',
        'residual dependencies',
      ],
    ]
    for (const m of result.migrations) {
      const outIn = Math.max(...m.connections.map((c) => c.outageIn ?? 0), 0)
      const outOut = Math.max(...m.connections.map((c) => c.outageOut ?? 0), 0)
      rows.push([
        `#${m.id} ${m.process} ${m.from}→${m.to}`,
        m.trigger,
        formatMetric('migration.freeze', m.freeze),
        formatMetric('migration.total', m.total),
        formatMetric('migration.bytes', m.bytes.total),
        `${m.controlMessages} msg, ${formatMetric('migration.bytes', m.controlBytes)}`,
        formatMetric('connection.outage', outIn),
        formatMetric('connection.outage', outOut),
        m.residualDependencies.map((r) => `${r.node} (${r.what}${r.until === null ? ', permanent' : ''})`).join('; ') ||
          '—',
      ])
    }
    console.log(table(rows))
  }
}

// The results store of a project: an open format that pandas and R read directly, written
// atomically (temp file + rename), queryable, and resumable (a run is keyed by the hash of spec,
// job and engine version; rerunning a sweep only runs the keys it does not hold).
//
//   results/study.json          the study: name, resolved spec, spec hash, engine version
//   results/runs/<key>.json     one RunResult per run — a pure function of (spec, job, engine),
//                               so byte-identical whatever machine or worker produced it
//   results/runs/<key>.meta.json  wall time and when it finished (not part of the result)
//   results/summary.csv         one row per run: its job and every summary metric (pandas:
//                               pd.read_csv; R: read.csv), regenerated from runs/
//   results/migrations.csv      one row per migration of every run

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { RunJob, RunResult } from '../engine/run/result'
import type { ScenarioSpec } from '../engine/scenario/spec'
import { ENGINE_VERSION } from '../engine/version'

export interface StudyRecord {
  format: 'miglab-results'
  version: 1
  name: string
  specHash: string
  engineVersion: string
  spec: ScenarioSpec
}

export interface RunMeta {
  wallMs: number
  finishedAt: string
}

export interface RunFilter {
  architecture?: string
  mechanism?: string
  pointIndex?: number
  seed?: number
  replication?: number
  status?: RunResult['status']
}

/** Writes a file so that readers see the old or the new content, never a half-written one. */
export function atomicWrite(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  writeFileSync(tmp, data)
  renameSync(tmp, path)
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  const s = typeof v === 'string' ? v : JSON.stringify(v)
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export class ResultsStore {
  readonly runsDir: string

  constructor(readonly dir: string) {
    this.runsDir = join(dir, 'runs')
  }

  /** Opens (creating if needed) a store folder. */
  static open(dir: string): ResultsStore {
    mkdirSync(join(dir, 'runs'), { recursive: true })
    return new ResultsStore(dir)
  }

  private runFile(key: string): string {
    return join(this.runsDir, `${key}.json`)
  }

  /** True when the store holds a successful run with this key. */
  has(key: string): boolean {
    const r = this.get(key)
    return r !== undefined && r.status === 'ok'
  }

  get(key: string): RunResult | undefined {
    const f = this.runFile(key)
    if (!existsSync(f)) return undefined
    try {
      return JSON.parse(readFileSync(f, 'utf8')) as RunResult
    } catch {
      return undefined // a damaged file counts as missing: the run is simply redone
    }
  }

  meta(key: string): RunMeta | undefined {
    const f = join(this.runsDir, `${key}.meta.json`)
    if (!existsSync(f)) return undefined
    return JSON.parse(readFileSync(f, 'utf8')) as RunMeta
  }

  put(result: RunResult, meta?: RunMeta): void {
    if (!result.key) throw new Error('a result needs its key to be stored')
    atomicWrite(this.runFile(result.key), `${JSON.stringify(result)}\n`)
    if (meta) atomicWrite(join(this.runsDir, `${result.key}.meta.json`), `${JSON.stringify(meta)}\n`)
  }

  keys(): string[] {
    if (!existsSync(this.runsDir)) return []
    return readdirSync(this.runsDir)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.meta.json'))
      .map((f) => f.slice(0, -5))
      .sort()
  }

  /** All runs matching the filter, ordered by job (point, replication, architecture, mechanism). */
  query(filter: RunFilter = {}): RunResult[] {
    const out: RunResult[] = []
    for (const k of this.keys()) {
      const r = this.get(k)
      if (!r) continue
      const j = r.job
      if (filter.architecture !== undefined && j.architecture !== filter.architecture) continue
      if (filter.mechanism !== undefined && j.mechanism !== filter.mechanism) continue
      if (filter.pointIndex !== undefined && j.pointIndex !== filter.pointIndex) continue
      if (filter.seed !== undefined && j.seed !== filter.seed) continue
      if (filter.replication !== undefined && j.replication !== filter.replication) continue
      if (filter.status !== undefined && r.status !== filter.status) continue
      out.push(r)
    }
    return out.sort(compareJobs)
  }

  writeStudy(spec: ScenarioSpec, specHash: string): void {
    const s: StudyRecord = {
      format: 'miglab-results',
      version: 1,
      name: spec.name,
      specHash,
      engineVersion: ENGINE_VERSION,
      spec,
    }
    atomicWrite(join(this.dir, 'study.json'), `${JSON.stringify(s, null, 2)}\n`)
  }

  study(): StudyRecord | undefined {
    const f = join(this.dir, 'study.json')
    if (!existsSync(f)) return undefined
    return JSON.parse(readFileSync(f, 'utf8')) as StudyRecord
  }

  /** Regenerates summary.csv and migrations.csv from the runs. */
  writeIndexes(): void {
    const runs = this.query()
    const params = [...new Set(runs.flatMap((r) => Object.keys(r.job.point)))].sort()
    const metrics = [...new Set(runs.flatMap((r) => Object.keys(r.summary)))].sort()
    const head = [
      'key',
      'status',
      'error',
      'architecture',
      'mechanism',
      'pointIndex',
      'replication',
      'seed',
      ...params,
      ...metrics,
    ]
    const lines = [head.map(csvCell).join(',')]
    for (const r of runs) {
      const j = r.job
      lines.push(
        [
          r.key,
          r.status,
          r.error ?? '',
          j.architecture,
          j.mechanism,
          j.pointIndex,
          j.replication,
          j.seed,
          ...params.map((p) => j.point[p]),
          ...metrics.map((m) => r.summary[m]),
        ]
          .map(csvCell)
          .join(','),
      )
    }
    atomicWrite(join(this.dir, 'summary.csv'), `${lines.join('\n')}\n`)
    const mh = [
      'key',
      'architecture',
      'mechanism',
      'pointIndex',
      'replication',
      'migration',
      'process',
      'from',
      'to',
      'trigger',
      'freezeAt',
      'resumeAt',
      'freeze_ns',
      'total_ns',
      'bytes_total',
      'bytes_memory',
      'bytes_kernel',
      'page_faults',
      'control_messages',
      'control_bytes',
      'residual_dependencies',
      'max_outage_ns',
    ]
    const ml = [mh.join(',')]
    for (const r of runs) {
      for (const m of r.migrations) {
        const outage = Math.max(...m.connections.map((c) => Math.max(c.outageIn ?? 0, c.outageOut ?? 0)), 0)
        ml.push(
          [
            r.key,
            r.job.architecture,
            r.job.mechanism,
            r.job.pointIndex,
            r.job.replication,
            m.id,
            m.process,
            m.from,
            m.to,
            m.trigger,
            m.freezeAt,
            m.resumeAt,
            m.freeze,
            m.total,
            m.bytes.total,
            m.bytes.memory,
            m.bytes.kernel,
            m.pageFaults,
            m.controlMessages,
            m.controlBytes,
            m.residualDependencies.length,
            outage,
          ]
            .map(csvCell)
            .join(','),
        )
      }
    }
    atomicWrite(join(this.dir, 'migrations.csv'), `${ml.join('\n')}\n`)
  }
}

export function compareJobs(a: { job: RunJob }, b: { job: RunJob }): number {
  const x = a.job
  const y = b.job
  return (
    x.pointIndex - y.pointIndex ||
    x.replication - y.replication ||
    x.architecture.localeCompare(y.architecture) ||
    x.mechanism.localeCompare(y.mechanism)
  )
}

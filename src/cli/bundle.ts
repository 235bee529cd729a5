// `miglab bundle` and `miglab reproduce`: a reviewer must be able to rebuild every number.
//
// A bundle is a folder:
//   bundle.json   versions (engine, Node), the spec hash, and every run: its job (with the seed),
//                 key and the SHA-256 of its result file
//   study.json    the resolved spec the runs were made from
//   project/      the project's miglab.json and scenario.ts, when the results came from a project
//   runs/         the results, one RunResult per file
// `reproduce` reruns every job and compares the new result with the bundled one, number by number.

import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { canonicalJson, sha256Hex } from '../engine/run/canonical'
import type { RunJob, RunResult } from '../engine/run/result'
import type { ScenarioSpec } from '../engine/scenario/spec'
import { ENGINE_VERSION } from '../engine/version'
import { SimulationPool } from '../service/pool'
import { MANIFEST_FILE, SCRIPT_FILE } from '../service/project'
import { loadStudy, StudyNotFound } from '../service/study'

interface BundleManifest {
  format: 'miglab-bundle'
  version: 1
  engineVersion: string
  node: string
  study: string
  specHash: string
  runs: { key: string; job: RunJob; sha256: string }[]
}

export function bundleCommand(dir: string, out: string): void {
  let study: ReturnType<typeof loadStudy>
  try {
    study = loadStudy(dir)
  } catch (e) {
    if (e instanceof StudyNotFound) {
      console.error(`miglab bundle: ${e.message}`)
      process.exitCode = 2
      return
    }
    throw e
  }
  mkdirSync(join(out, 'runs'), { recursive: true })
  const rec = study.store.study()!
  writeFileSync(join(out, 'study.json'), `${JSON.stringify(rec, null, 2)}\n`)
  const projectDir = join(study.resultsDir, '..')
  if (existsSync(join(projectDir, MANIFEST_FILE))) {
    mkdirSync(join(out, 'project'), { recursive: true })
    for (const f of [MANIFEST_FILE, SCRIPT_FILE])
      if (existsSync(join(projectDir, f))) copyFileSync(join(projectDir, f), join(out, 'project', f))
  }
  const runs: BundleManifest['runs'] = []
  for (const r of study.store.query({ status: 'ok' })) {
    const file = join(study.store.runsDir, `${r.key}.json`)
    const text = readFileSync(file, 'utf8')
    writeFileSync(join(out, 'runs', `${r.key}.json`), text)
    runs.push({ key: r.key, job: r.job, sha256: sha256Hex(text) })
  }
  const manifest: BundleManifest = {
    format: 'miglab-bundle',
    version: 1,
    engineVersion: rec.engineVersion,
    node: process.version,
    study: rec.name,
    specHash: rec.specHash,
    runs,
  }
  writeFileSync(join(out, 'bundle.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  console.log(`${out}: bundle of "${rec.name}" with ${runs.length} runs (engine ${rec.engineVersion})`)
}

/** Paths (a.b[2].c) where two JSON values differ, up to `limit`. */
export function differences(a: unknown, b: unknown, path = '', limit = 12, out: string[] = []): string[] {
  if (out.length >= limit) return out
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}: ${a.length} items vs ${b.length}`)
    for (let i = 0; i < Math.min(a.length, b.length) && out.length < limit; i++)
      differences(a[i], b[i], `${path}[${i}]`, limit, out)
    return out
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    for (const k of [...keys].sort()) {
      if (out.length >= limit) break
      differences(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        path ? `${path}.${k}` : k,
        limit,
        out,
      )
    }
    return out
  }
  if (!Object.is(a, b)) out.push(`${path}: ${JSON.stringify(a)} (bundled) vs ${JSON.stringify(b)} (rerun)`)
  return out
}

export async function reproduceCommand(bundle: string, o: { workers?: string }, runWorker: string): Promise<void> {
  const manifestFile = join(bundle, 'bundle.json')
  if (!existsSync(manifestFile)) {
    console.error(`miglab reproduce: ${bundle}: not a bundle (no bundle.json)`)
    process.exitCode = 2
    return
  }
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as BundleManifest
  const spec = (JSON.parse(readFileSync(join(bundle, 'study.json'), 'utf8')) as { spec: ScenarioSpec }).spec
  if (manifest.engineVersion !== ENGINE_VERSION) {
    console.error(
      `note: the bundle was made with engine ${manifest.engineVersion}; this is ${ENGINE_VERSION}, so numbers may differ for that reason alone`,
    )
  }
  const workers = o.workers ? Number(o.workers) : availableParallelism()
  const pool = new SimulationPool({ workerFile: runWorker, workers })
  let differing = 0
  let tampered = 0
  try {
    const outcomes = await Promise.all(
      manifest.runs.map(async (entry) => {
        const text = readFileSync(join(bundle, 'runs', `${entry.key}.json`), 'utf8')
        const wasTampered = sha256Hex(text) !== entry.sha256
        const bundled = JSON.parse(text) as RunResult
        const { result } = await pool.run(spec, entry.job, entry.key)
        // Compare as stored: through JSON, as the store writes results.
        const fresh = JSON.parse(JSON.stringify(result)) as RunResult
        const same = canonicalJson(bundled) === canonicalJson(fresh)
        return { entry, same, wasTampered, diffs: same ? [] : differences(bundled, fresh) }
      }),
    )
    for (const { entry, same, wasTampered, diffs } of outcomes) {
      const j = entry.job
      const label = `${j.architecture} × ${j.mechanism}, point ${j.pointIndex}, replication ${j.replication} (seed ${j.seed})`
      if (wasTampered) tampered++
      if (same) {
        console.log(`identical  ${label}`)
        continue
      }
      differing++
      console.log(`DIFFERS    ${label}${wasTampered ? ' — the bundled file was changed after bundling' : ''}`)
      for (const d of diffs) console.log(`             ${d}`)
    }
  } finally {
    await pool.close()
  }
  const n = manifest.runs.length
  if (differing === 0) console.log(`all ${n} runs reproduce: every number is identical`)
  else
    console.log(
      `${differing} of ${n} runs differ${tampered ? ` (${tampered} bundled file(s) altered since bundling)` : ''}`,
    )
  if (differing > 0) process.exitCode = 1
}

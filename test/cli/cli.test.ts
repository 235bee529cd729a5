// The built `miglab` CLI, spawned as a user would run it. It is built once into a private folder
// under out/ (inside the repo, so the runtime packages resolve from node_modules), not into
// out/cli, which other builds running at the same time may empty. The tests run concurrently:
// most of each one is Node starting up.

import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runBackoffDemo } from '../../src/cli/demo-backoff'
import { ARCHITECTURES, MECHANISMS, WORKLOADS } from '../../src/engine/catalog'
import { scenarioJsonSchema } from '../../src/engine/scenario/json-schema'
import { validateSpec } from '../../src/engine/scenario/validate'
import { runScriptInWorker } from '../../src/service/run-script-in-worker'

const root = fileURLToPath(new URL('../../', import.meta.url))
const fixtures = join(root, 'test/scenario/fixtures')
const outDir = join(root, 'out', `cli-test-${process.pid}`)
const cli = join(outDir, 'miglab.js')
const scratch = mkdtempSync(join(tmpdir(), 'miglab-cli-'))

beforeAll(() => {
  execFileSync('npx', ['vite', 'build', '-c', 'vite.cli.config.ts', '--outDir', outDir, '--logLevel', 'error'], {
    cwd: root,
    stdio: 'pipe',
  })
})
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true })
  rmSync(scratch, { recursive: true, force: true })
})

/** Runs the CLI as a user would, with its exit code and both streams. */
function miglab(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: scratch, encoding: 'utf8', timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    )
  })
}
function file(name: string, text: string): string {
  const path = join(scratch, name)
  writeFileSync(path, text)
  return path
}
const goodSpec = readFileSync(join(fixtures, 'interactive.json'), 'utf8')

describe.concurrent('miglab', () => {
  it('lists its commands', async () => {
    const r = await miglab('--help')
    expect(r.code).toBe(0)
    for (const c of ['demo', 'list', 'schema', 'validate']) expect(r.stdout).toMatch(new RegExp(`^  ${c}`, 'm'))
  })

  it('runs the demo as before', async () => {
    const lines: string[] = []
    runBackoffDemo((l) => lines.push(l))
    expect(await miglab('demo')).toEqual({ code: 0, stdout: `${lines.join('\n')}\n`, stderr: '' })
  })

  it('is built to JavaScript that needs only Node and the runtime dependencies', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
    const allowed = new Set([...builtinModules, ...Object.keys(pkg.dependencies)])
    // bench.js is the developer's `npm run bench` (it drives Chromium through playwright-core, a dev
    // dependency); the installers leave it out too (electron-builder.yml).
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.js') && f !== 'bench.js',
    )
    expect(files).toContain('miglab.js')
    const imported = new Set<string>()
    for (const f of files) {
      const code = readFileSync(join(outDir, f), 'utf8')
      for (const m of code.matchAll(/(?:^|\n)\s*import\s[^'"]*?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/g)) {
        const spec = (m[1] ?? m[2])!
        if (spec.startsWith('.')) continue
        const bare = spec.replace(/^node:/, '')
        imported.add(bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0]!)
      }
    }
    expect(imported.size).toBeGreaterThan(3)
    expect([...imported].filter((m) => !allowed.has(m))).toEqual([])
  })
})

describe.concurrent('miglab list', () => {
  it('prints every architecture, mechanism and workload with its id and title', async () => {
    const r = await miglab('list')
    expect(r.code).toBe(0)
    for (const e of [...ARCHITECTURES, ...MECHANISMS, ...WORKLOADS]) {
      expect(r.stdout).toMatch(new RegExp(`^  ${e.id} +${e.title.replace(/[()/]/g, '\\$&')}: `, 'm'))
    }
  })

  it('prints JSON with id, title and description for each', async () => {
    const r = await miglab('list', '--json')
    expect(r.code).toBe(0)
    const plain = (l: readonly { id: string; title: string; description: string }[]) =>
      l.map(({ id, title, description }) => ({ id, title, description }))
    expect(JSON.parse(r.stdout)).toEqual({
      architectures: plain(ARCHITECTURES),
      mechanisms: plain(MECHANISMS),
      workloads: plain(WORKLOADS),
    })
  })
})

describe.concurrent('miglab schema', () => {
  it('prints the JSON Schema that is shipped', async () => {
    const r = await miglab('schema')
    expect(r.code).toBe(0)
    const printed = JSON.parse(r.stdout)
    expect(printed).toEqual(scenarioJsonSchema())
    expect(printed).toEqual(JSON.parse(readFileSync(join(root, 'resources/scenario.schema.json'), 'utf8')))
  })
})

describe.concurrent('miglab validate', () => {
  it('accepts a spec file, a project folder and a manifest, and summarises the study', async () => {
    const json = await miglab('validate', join(fixtures, 'interactive.json'))
    expect(json).toMatchObject({ code: 0, stderr: '' })
    expect(json.stdout).toContain('runs: 3 architectures x 2 mechanisms x 2 sweep points x 3 replications = 36')
    const project = await miglab('validate', join(fixtures, 'cluster'))
    expect(project.code).toBe(0)
    expect(project.stdout).toContain('"Sprite cluster, eviction": 2 networks, 6 nodes')
    expect(project.stderr).toContain('scenario.ts:8: node "ws3" drawn on the canvas is changed by the script (cpu)')
    expect((await miglab('validate', join(fixtures, 'cluster', 'miglab.json'))).code).toBe(0)
  })

  it('prints the validated spec with --json', async () => {
    const r = await miglab('validate', '--json', join(fixtures, 'interactive.json'))
    expect(r.code).toBe(0)
    const v = validateSpec(JSON.parse(r.stdout))
    expect(v.ok).toBe(true)
    expect(JSON.parse(r.stdout).topology.networks[1].mtu).toBe('1500B')
  })

  it('puts spec errors on stderr as file:line:column: path: message, exit code 1', async () => {
    const bad = file('bad.json', goodSpec.replace('"latency": "20ms"', '"latency": "-20ms"'))
    const r = await miglab('validate', bad)
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe(
      `${bad}:9:44: topology.networks[1].latency: a duration cannot be negative: "-20ms"\n${bad}: 1 error\n`,
    )
    const broken = file('broken.json', '{ "specVersion": 1,, }')
    expect(await miglab('validate', broken)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`${broken}:1:20: not valid JSON`),
    })
    const newer = file('newer.json', goodSpec.replace('"specVersion": 1', '"specVersion": 3'))
    expect((await miglab('validate', newer)).stderr).toContain(
      `${newer}:2:3: specVersion: written by a newer MigLab: specVersion 3, this version reads up to 1`,
    )
  })

  it('refuses a bad architecture option before any run, at its path', async () => {
    const bad = file(
      'bad-option.json',
      goodSpec.replace(
        '"replications"',
        '"architectureOptions": { "mobile-ipv4": { "lifetme": "300s" }, "dns": { "ttl": "-1s" } },\n  "replications"',
      ),
    )
    const r = await miglab('validate', bad)
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    // Each on the line and column of the option's key.
    expect(r.stderr).toBe(
      `${bad}:24:45: architectureOptions.mobile-ipv4.lifetme: unknown option; known: reverseTunnel, lifetime\n` +
        `${bad}:24:75: architectureOptions.dns.ttl: a duration cannot be negative: "-1s"\n` +
        `${bad}: 2 errors\n`,
    )
    const sweep = await miglab('sweep', bad)
    expect(sweep.code).toBe(1)
    expect(sweep.stderr).toContain('architectureOptions.mobile-ipv4.lifetme: unknown option')
  })

  it('puts script errors on the script line', async () => {
    const script = file(
      'study.ts',
      "const s = scenario({ name: 'x', duration: '10s' })\ns.compare({ architectures: ['none'], mechanisms: ['eager-al'] })\n",
    )
    const r = await miglab('validate', script)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${script}:2:10: compare.mechanisms[0]: unknown migration mechanism "eager-al"`)
  })

  it('stops a hostile script and keeps going', async () => {
    const t0 = Date.now()
    const r = await miglab(
      'validate',
      file('loop.ts', "scenario({ name: 'x' })\nconst a: number[] = []\nwhile (true) a.push(1)\n"),
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/loop\.ts(:\d+:\d+)?: the script ran (longer than its time limit|out of memory)/)
    expect(Date.now() - t0).toBeLessThan(15_000)
    const escaped = await miglab(
      'validate',
      file('escape.ts', "import { readFileSync } from 'node:fs'\nreadFileSync('/etc/passwd')\n"),
    )
    expect(escaped).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('escape.ts:1:1: cannot import "node:fs"'),
    })
  })

  it('reports a damaged project by file', async () => {
    const dir = mkdtempSync(join(scratch, 'project-'))
    writeFileSync(join(dir, 'miglab.json'), '{ "formatVersion": 1, "name": "x", "spec": [] }')
    const r = await miglab('validate', dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`${join(dir, 'miglab.json')}:1:36: spec: expected a record, got a list`)
  })

  it('gives exit code 2 for something it cannot read', async () => {
    expect(await miglab('validate', 'nowhere.json')).toMatchObject({
      code: 2,
      stderr: 'miglab validate: nowhere.json: no such file or folder\n',
    })
    expect(await miglab('validate', file('notes.txt', 'hello'))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('expected a project folder'),
    })
  })
})

describe.concurrent('scenario scripts in a worker', () => {
  it('terminates a worker that overruns its hard limit', async () => {
    const worker = join(outDir, 'scenario-worker.js')
    const t0 = Date.now()
    const r = await runScriptInWorker(
      (options) => new Worker(worker, options),
      { source: 'while (true) {}', filename: 'spin.ts' },
      { timeLimitMs: 60_000 },
      500,
    )
    expect(r).toEqual({
      ok: false,
      error: { path: '', message: 'the script did not finish within 500 ms and was stopped', file: 'spin.ts' },
    })
    expect(Date.now() - t0).toBeLessThan(5000)
  })
})

import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  compileProject,
  newManifest,
  ProjectError,
  readProject,
  SCRIPT_FILE,
  writeProject,
} from '../../src/service/project'

const FIXTURE = new URL('./fixtures/cluster/', import.meta.url).pathname
const dirs: string[] = []
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'miglab-project-'))
  dirs.push(d)
  return d
}
function copyOfFixture(): string {
  const d = tempDir()
  cpSync(FIXTURE, d, { recursive: true })
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

async function projectError(p: Promise<unknown>): Promise<ProjectError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ProjectError)
  return e as ProjectError
}

describe('project folders', () => {
  it('writes a new project and reads it back', async () => {
    const dir = join(tempDir(), 'study')
    const manifest = newManifest('Eviction study')
    await writeProject(dir, { manifest, script: "scenario({ name: 'x' })\n" })
    const p = await readProject(dir)
    expect(p.manifest).toEqual({
      formatVersion: 1,
      name: 'Eviction study',
      spec: {},
      layout: {},
      settings: { scriptTimeLimit: '2s', scriptMemoryLimit: '64MiB' },
    })
    expect(p.script).toBe("scenario({ name: 'x' })\n")
    expect(p.notes).toEqual([])
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(dir).sort()).toEqual(['miglab.json', 'scenario.ts'])
  })

  it('leaves scenario.ts alone when a save does not include it', async () => {
    const dir = copyOfFixture()
    const before = readFileSync(join(dir, SCRIPT_FILE), 'utf8')
    const { manifest } = await readProject(dir)
    await writeProject(dir, { manifest: { ...manifest, layout: { zoom: 2 } } })
    expect(readFileSync(join(dir, SCRIPT_FILE), 'utf8')).toBe(before)
    expect((await readProject(dir)).manifest.layout).toEqual({ zoom: 2 })
  })

  it('names the file and the place when the manifest is damaged, and does not overwrite it', async () => {
    const dir = copyOfFixture()
    const damaged = readFileSync(join(dir, 'miglab.json'), 'utf8').replace(
      '"name": "Sprite cluster, eviction",\n  "spec"',
      '"name": "Sprite cluster, eviction"\n  "spec"',
    )
    writeFileSync(join(dir, 'miglab.json'), damaged)
    const e = await projectError(readProject(dir))
    expect(e.errors).toEqual([
      { path: '', message: 'not valid JSON: expected ","', file: join(dir, 'miglab.json'), line: 4, column: 3 },
    ])
    expect(e.message).toContain('is damaged')
    const save = await projectError(writeProject(dir, { manifest: newManifest('other') }))
    expect(save.message).toContain('was not overwritten')
    expect(readFileSync(join(dir, 'miglab.json'), 'utf8')).toBe(damaged)
  })

  it('refuses a manifest from a newer MigLab, and a manifest with a bad setting, saying where', async () => {
    const dir = copyOfFixture()
    const text = readFileSync(join(dir, 'miglab.json'), 'utf8')
    writeFileSync(join(dir, 'miglab.json'), text.replace('"formatVersion": 1', '"formatVersion": 2'))
    const newer = await projectError(readProject(dir))
    expect(newer.errors[0]).toMatchObject({
      path: 'formatVersion',
      message: expect.stringContaining('written by a newer MigLab: formatVersion 2, this version reads up to 1'),
      line: 2,
    })
    writeFileSync(join(dir, 'miglab.json'), text.replace('"scriptTimeLimit": "2s"', '"scriptTimeLimit": "2"'))
    const bad = await projectError(readProject(dir))
    expect(bad.errors[0]).toMatchObject({
      path: 'settings.scriptTimeLimit',
      message: expect.stringContaining('no unit'),
    })
  })

  it('says a folder without a manifest is not a project', async () => {
    const e = await projectError(readProject(tempDir()))
    expect(e.errors[0]!.message).toBe('not found: this folder is not a MigLab project')
  })
})

describe('compileProject', () => {
  it('compiles the drawn part with the script', async () => {
    const r = await compileProject(FIXTURE)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.spec.name).toBe('Sprite cluster, eviction')
    expect(r.spec.description).toBe('Owner eviction of a remote shell')
    expect(r.spec.topology.nodes.map((n) => n.name)).toEqual(['gw', 'ws1', 'ws2', 'ws3', 'remote', 'ws4'])
    expect(r.notes).toHaveLength(2)
  })

  it('compiles a project without a script from the drawn part alone', async () => {
    const dir = copyOfFixture()
    rmSync(join(dir, SCRIPT_FILE))
    const r = await compileProject(dir)
    expect(r).toMatchObject({ ok: true, spec: { compare: { architectures: ['none'] } } })
  })

  it('puts errors on the script or the manifest, by path from the folder', async () => {
    const dir = copyOfFixture()
    const script = readFileSync(join(dir, SCRIPT_FILE), 'utf8')
    writeFileSync(join(dir, SCRIPT_FILE), script.replace("at: '40s'", "at: '40'"))
    const r = await compileProject(dir)
    expect(r).toEqual({
      ok: false,
      errors: [
        {
          path: 'migrations[0].at',
          message: expect.stringContaining('has no unit'),
          file: join(dir, SCRIPT_FILE),
          line: 11,
          column: 10,
        },
      ],
    })
  })

  it('applies the project settings as the script limits', async () => {
    const dir = copyOfFixture()
    const { manifest } = await readProject(dir)
    await writeProject(dir, {
      manifest: { ...manifest, settings: { scriptTimeLimit: '100ms', scriptMemoryLimit: '64MiB' } },
      script: 'scenario({})\nfor (;;) Math.random()\n',
    })
    const r = await compileProject(dir)
    expect(r).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining('time limit of 100 ms') }] })
  })
})

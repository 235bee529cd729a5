// The lab service's project side: project folders created, saved and opened; unsaved work
// autosaved and offered back after a crash; damaged and newer project files reported where they
// are and never overwritten; recent projects; the bundled examples opened as copies; and the
// folder browser confined to the served root.

import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AVAILABLE } from '../../src/engine/available'
import { LabCallError } from '../../src/service/lab-error'
import { ProjectError } from '../../src/service/project'
import { draft, type LabFixture, labFixture, rejection } from './lab-fixture'

let fx: LabFixture
afterEach(async () => fx?.cleanup())

const spec = { specVersion: 1, name: 'Eviction study', duration: '30s' }

describe('project folders', () => {
  it('creates a project, saves a draft with its script atomically and opens it again', async () => {
    fx = labFixture()
    const dir = join(fx.home, 'study')
    const created = await fx.service.createProject(dir, 'Eviction study')
    expect(created).toMatchObject({ path: dir, recovered: null, notes: [] })
    expect(created.draft).toMatchObject({ name: 'Eviction study', spec: {}, script: null })

    const d = draft({ spec, layout: { zoom: 2 }, script: "scenario({ name: 'x' })\n" })
    await fx.service.saveProject(dir, d)
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(dir).sort()).toEqual(['miglab.json', 'scenario.ts'])
    expect(readFileSync(join(dir, 'scenario.ts'), 'utf8')).toBe(d.script)
    const opened = await fx.service.openProject(dir)
    expect(opened.draft).toEqual(d)
    expect(opened.recovered).toBeNull()
    // Opening through the manifest's own path is the same project.
    expect((await fx.service.openProject(join(dir, 'miglab.json'))).path).toBe(dir)
  })

  it('refuses to create a project over an existing one', async () => {
    fx = labFixture()
    const dir = join(fx.home, 'study')
    await fx.service.createProject(dir, 'First')
    const e = await rejection(fx.service.createProject(dir, 'Second'))
    expect(e).toBeInstanceOf(LabCallError)
    expect(e.message).toContain('already holds a MigLab project')
    expect((await fx.service.openProject(dir)).draft.name).toBe('First')
  })

  it('a folder that is not a project says so', async () => {
    fx = labFixture()
    const e = await rejection(fx.service.openProject(fx.home))
    expect(e).toBeInstanceOf(ProjectError)
    expect(e.message).toContain('not a MigLab project')
  })
})

describe('autosave and recovery', () => {
  it('offers an autosaved draft back when the project is opened after a crash', async () => {
    fx = labFixture()
    const dir = join(fx.home, 'study')
    await fx.service.createProject(dir, 'Eviction study')
    await fx.service.saveProject(dir, draft({ spec }))
    const unsaved = draft({ spec: { ...spec, duration: '90s' }, script: 's.replications(5)\n' })
    await fx.service.autosave(dir, unsaved)
    expect(existsSync(join(dir, '.miglab-autosave'))).toBe(true)

    // A new service is a restarted app.
    const opened = await fx.service.openProject(dir)
    expect(opened.draft.spec).toEqual(spec)
    expect(opened.recovered?.draft).toEqual(unsaved)
    expect(Date.parse(opened.recovered?.savedAt ?? '')).toBeGreaterThan(Date.now() - 60_000)

    await fx.service.discardAutosave(dir)
    expect((await fx.service.openProject(dir)).recovered).toBeNull()
  })

  it('saving clears the autosave, and an autosave equal to the saved project is not offered', async () => {
    fx = labFixture()
    const dir = join(fx.home, 'study')
    await fx.service.createProject(dir, 'Eviction study')
    await fx.service.autosave(dir, draft({ spec }))
    await fx.service.saveProject(dir, draft({ spec }))
    expect(existsSync(join(dir, '.miglab-autosave'))).toBe(false)

    await fx.service.autosave(dir, draft({ spec }))
    expect((await fx.service.openProject(dir)).recovered).toBeNull()
    expect(existsSync(join(dir, '.miglab-autosave'))).toBe(false)
  })

  it('a damaged autosave is kept aside with a note, and the project still opens', async () => {
    fx = labFixture()
    const dir = join(fx.home, 'study')
    await fx.service.createProject(dir, 'Eviction study')
    writeFileSync(join(dir, '.miglab-autosave'), '{"format":"miglab-autosave","vers')
    const opened = await fx.service.openProject(dir)
    expect(opened.recovered).toBeNull()
    expect(opened.notes.join('\n')).toMatch(
      /autosaved draft could not be read .* kept as .*\.miglab-autosave\.damaged-/,
    )
    const kept = readdirSync(dir).filter((f) => f.startsWith('.miglab-autosave.damaged-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(dir, kept[0]), 'utf8')).toBe('{"format":"miglab-autosave","vers')
  })

  it('autosaving needs the project folder to exist', async () => {
    fx = labFixture()
    const e = await rejection(fx.service.autosave(join(fx.home, 'gone'), draft()))
    expect(e.message).toContain('no such project folder')
  })
})

describe('damaged and newer project files', () => {
  it('a damaged manifest is located and never overwritten', async () => {
    fx = labFixture()
    const dir = join(fx.home, 'study')
    mkdirSync(dir)
    const text = '{\n  "formatVersion": 1,\n  "name": "Broken",\n  "spec": [1, 2\n}\n'
    writeFileSync(join(dir, 'miglab.json'), text)
    const e = await rejection(fx.service.openProject(dir))
    expect(e).toBeInstanceOf(ProjectError)
    expect(e.errors?.[0]).toMatchObject({ file: join(dir, 'miglab.json'), line: expect.any(Number) })
    expect(e.message).toContain('is damaged')

    // The researcher's draft is kept by autosave; saving over the damaged file is refused.
    await fx.service.autosave(dir, draft({ name: 'Broken' }))
    const refused = await rejection(fx.service.saveProject(dir, draft({ name: 'Broken' })))
    expect(refused.message).toContain('was not overwritten')
    expect(readFileSync(join(dir, 'miglab.json'), 'utf8')).toBe(text)
    expect(existsSync(join(dir, '.miglab-autosave'))).toBe(true)
  })

  it('a manifest from a newer MigLab says so and is not overwritten', async () => {
    fx = labFixture()
    const dir = join(fx.home, 'study')
    mkdirSync(dir)
    const text = `${JSON.stringify({ formatVersion: 7, name: 'Future' }, null, 2)}\n`
    writeFileSync(join(dir, 'miglab.json'), text)
    const e = await rejection(fx.service.openProject(dir))
    expect(e).toBeInstanceOf(ProjectError)
    expect(e.message).toMatch(/newer/)
    expect(e.errors?.[0]).toMatchObject({ path: 'formatVersion', line: 2 })
    await rejection(fx.service.saveProject(dir, draft()))
    expect(readFileSync(join(dir, 'miglab.json'), 'utf8')).toBe(text)
  })
})

describe('recent projects', () => {
  it('lists opened and saved projects newest first, leaving out those that are gone', async () => {
    fx = labFixture()
    const a = join(fx.home, 'a')
    const b = join(fx.home, 'b')
    await fx.service.createProject(a, 'A')
    await fx.service.createProject(b, 'B')
    expect(await fx.service.recentProjects()).toEqual([b, a])
    await fx.service.openProject(a)
    expect(await fx.service.recentProjects()).toEqual([a, b])
    renameSync(join(b, 'miglab.json'), join(b, 'elsewhere.json'))
    expect(await fx.service.recentProjects()).toEqual([a])
    // The list survives the service: it is a file in the user's configuration folder.
    expect(JSON.parse(readFileSync(fx.recentFile, 'utf8')).projects).toEqual([a, b])
  })
})

describe('examples', () => {
  it('lists the bundled examples with the title their manifests give', async () => {
    fx = labFixture()
    expect(await fx.service.examples()).toEqual([
      {
        id: 'cluster',
        title: 'Sprite cluster, eviction',
        description: '',
        path: join(fx.resources, 'examples/cluster'),
      },
    ])
  })

  it('a damaged example is left out with a warning', async () => {
    fx = labFixture()
    mkdirSync(join(fx.resources, 'examples/broken'))
    writeFileSync(join(fx.resources, 'examples/broken/miglab.json'), '{')
    expect((await fx.service.examples()).map((e) => e.id)).toEqual(['cluster'])
    expect(fx.warnings.join('\n')).toContain('example broken is left out')
  })

  it('opens a copy of an example, without its results, and never writes into the bundle', async () => {
    fx = labFixture()
    const example = join(fx.resources, 'examples/cluster')
    mkdirSync(join(example, 'results'))
    writeFileSync(join(example, 'results/study.json'), '{}')
    const target = join(fx.home, 'my-study')
    const opened = await fx.service.copyExample('cluster', target)
    expect(opened.path).toBe(target)
    expect(opened.draft.name).toBe('Sprite cluster, eviction')
    expect(opened.draft.script).toContain("s.evict('ws1'")
    expect(readdirSync(target).sort()).toEqual(['miglab.json', 'scenario.ts'])

    expect((await rejection(fx.service.copyExample('cluster', target))).message).toContain('already exists')
    expect((await rejection(fx.service.copyExample('nope', join(fx.home, 'x')))).message).toContain('no example "nope"')
    expect((await rejection(fx.service.copyExample('../etc', join(fx.home, 'y')))).message).toContain(
      'not an example id',
    )
    const e = await rejection(fx.service.saveProject(example, opened.draft))
    expect(e).toMatchObject({ name: 'NotAllowed' })
    expect(e.message).toContain('read-only')
  })
})

describe('folders behind miglab serve', () => {
  it('lists the root: folders first, projects marked, hidden entries left out, no parent above it', async () => {
    fx = labFixture({ confined: true })
    await fx.service.createProject(join(fx.home, 'study'), 'Study')
    mkdirSync(join(fx.home, 'papers'))
    mkdirSync(join(fx.home, '.cache'))
    writeFileSync(join(fx.home, 'notes.txt'), 'x')
    const root = await fx.service.listDir()
    expect(root.path).toBe(fx.home)
    expect(root.parent).toBeNull()
    expect(root.entries.map((e) => [e.name, e.kind, e.project])).toEqual([
      ['papers', 'folder', false],
      ['study', 'folder', true],
      ['notes.txt', 'file', false],
    ])
    const inner = await fx.service.listDir(join(fx.home, 'study'))
    expect(inner.parent).toBe(fx.home)
    expect(inner.entries.map((e) => e.name)).toEqual(['miglab.json'])
  })

  it('refuses every path outside the root, through links too, and relative paths', async () => {
    fx = labFixture({ confined: true })
    const outside = join(fx.home, '..', 'elsewhere')
    mkdirSync(outside)
    symlinkSync(outside, join(fx.home, 'link'))
    for (const call of [
      fx.service.listDir(join(fx.home, '..')),
      fx.service.listDir(join(fx.home, 'link')),
      fx.service.openProject(outside),
      fx.service.createProject(join(fx.home, 'link', 'escape'), 'Escape'),
      fx.service.saveProject('/tmp/x', draft()),
    ]) {
      const e = await rejection(call)
      expect(e).toMatchObject({ name: 'NotAllowed' })
      expect(e.message).toContain('outside the folders this lab serves')
    }
    expect(existsSync(join(outside, 'escape'))).toBe(false)
    expect(await rejection(fx.service.openProject('study'))).toMatchObject({ name: 'BadRequest' })
  })

  it('a missing folder and a file are told apart', async () => {
    fx = labFixture({ confined: true })
    writeFileSync(join(fx.home, 'notes.txt'), 'x')
    expect(await rejection(fx.service.listDir(join(fx.home, 'nope')))).toMatchObject({ name: 'NotFound' })
    expect(await rejection(fx.service.listDir(join(fx.home, 'notes.txt')))).toMatchObject({ name: 'BadRequest' })
  })
})

describe('what the app is', () => {
  it('reports its versions and transport, and offers only what the engine implements', async () => {
    fx = labFixture({ transport: 'browser' })
    expect(await fx.service.info()).toMatchObject({
      miglab: '0.1.0-test',
      transport: 'browser',
      node: process.versions.node,
    })
    const catalog = await fx.service.catalog()
    expect(catalog.architectures.map((a) => a.id).sort()).toEqual([...AVAILABLE.architectures].sort())
    expect(catalog.architectures.every((a) => a.title !== '' && a.description !== '')).toBe(true)
    expect(catalog.mechanisms.map((m) => m.id).sort()).toEqual([...AVAILABLE.mechanisms].sort())
  })
})

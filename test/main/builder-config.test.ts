// The installer configuration (electron-builder.yml) passes electron-builder's own schema
// validation — the check `electron-builder` makes before building — without building anything
// (that needs the Electron binary from GitHub). And it says what the app needs packaged: the
// worker entries and QuickJS's WASM unpacked, the examples as resources, one target per system.
import { readFileSync } from 'node:fs'
import { join, matchesGlob, relative } from 'node:path'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'
import { appPaths } from '../../src/main/app-paths'
import { ROOT } from '../service/built-cli'

const CONFIG = join(ROOT, 'electron-builder.yml')
type Config = Awaited<ReturnType<typeof getConfig>>
const load = () => getConfig(ROOT, CONFIG, null)

describe('electron-builder.yml', () => {
  it("passes electron-builder's validation", async () => {
    await expect(validateConfiguration(await load(), new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('is really checked: a misspelt option is refused', async () => {
    const config = { ...(await load()), asarUnpak: ['x'] } as Config
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/asarUnpak/)
  })

  it('builds AppImage and deb, dmg, and NSIS', async () => {
    const c = await load()
    expect(c.linux?.target).toEqual(['AppImage', 'deb'])
    expect(c.mac?.target).toEqual(['dmg'])
    expect(c.win?.target).toEqual(['nsis'])
  })

  it('packs the built app with the worker entries and QuickJS WASM unpacked, and the examples as resources', async () => {
    const c = await load()
    // electron-builder normalises `files` to [{ filter: [...] }].
    const files = (c.files as { filter: string[] }[]).flatMap((f) => f.filter)
    const included = (rel: string) =>
      files.some((p) => !p.startsWith('!') && matchesGlob(rel, p)) &&
      !files.some((p) => p.startsWith('!') && matchesGlob(rel, p.slice(1)))
    const unpacked = (rel: string) => (c.asarUnpack as string[]).some((p) => matchesGlob(rel, p))
    // Where the packaged app looks for its parts (src/main/app-paths.ts).
    const app = {
      getAppPath: () => '/opt/MigLab/resources/app.asar',
      getPath: () => '/home/ana/Documents',
      isPackaged: true,
    }
    const paths = appPaths(app, '/opt/MigLab/resources/app.asar/out/main', '/opt/MigLab/resources')
    for (const worker of [paths.runWorker, paths.scenarioWorker]) {
      const rel = relative(app.getAppPath(), worker)
      expect(included(rel), rel).toBe(true)
      expect(unpacked(rel), rel).toBe(true)
    }
    expect(unpacked('out/cli/chunks/sandbox-abc123.js')).toBe(true)
    expect(unpacked('node_modules/@jitl/quickjs-wasmfile-release-sync/dist/emscripten-module.wasm')).toBe(true)
    expect(included('out/cli/bench.js')).toBe(false)
    for (const part of [paths.preload, paths.renderer]) expect(included(relative(app.getAppPath(), part))).toBe(true)
    // resources/ beside app.asar holds the examples, the typings and the icon.
    expect(paths.resources).toBe('/opt/MigLab/resources/resources')
    expect(c.extraResources).toEqual([
      expect.objectContaining({
        from: 'resources',
        to: 'resources',
        filter: expect.arrayContaining(['examples/**', 'scenario-api.d.ts', 'icon.png']),
      }),
    ])
  })

  it('has an app icon large enough for every system (a PNG of at least 512×512)', async () => {
    const c = await load()
    const png = readFileSync(join(ROOT, c.icon as string))
    expect(png.subarray(1, 4).toString()).toBe('PNG')
    const width = png.readUInt32BE(16)
    const height = png.readUInt32BE(20)
    expect(Math.min(width, height)).toBeGreaterThanOrEqual(512)
  })
})

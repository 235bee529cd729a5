// The real desktop app, started in real Electron: its window loads the built renderer, the preload
// bridge answers over IPC from the lab service, and the page has no Node. Needs the Electron binary
// (`npm run electron:install` fetches it on a machine with network access), a display and a build;
// where one is missing the test reports itself skipped and says which.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../service/built-cli'

const pathFile = join(ROOT, 'node_modules/electron/path.txt')
const binary = existsSync(pathFile)
  ? join(ROOT, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim())
  : null
const hasDisplay = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY
const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/cli/run-worker.js'].every(
  (p) => existsSync(join(ROOT, p)),
)

function whyNot(): string | null {
  if (!binary)
    return `no Electron binary (${pathFile} is missing): run \`npm run electron:install\` where GitHub can be reached`
  if (!hasDisplay) return 'no display: run the tests under `xvfb-run -a`'
  if (!built) return 'the app is not built: run `npm run build` first'
  return null
}

describe('the desktop app in real Electron', () => {
  it('opens its window, and the bridge reaches the lab service', async (ctx) => {
    const why = whyNot()
    if (why) {
      console.warn(`electron smoke test skipped: ${why}`)
      ctx.skip(why)
    }
    const home = mkdtempSync(join(tmpdir(), 'miglab-electron-'))
    const app = await _electron.launch({
      executablePath: binary as string,
      args: [join(ROOT, 'out/main/index.js'), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config') },
      timeout: 60_000,
    })
    try {
      const page = await app.firstWindow()
      await page.waitForLoadState('domcontentloaded')
      expect(await page.title()).toContain('MigLab')
      const info = await page.evaluate(() =>
        (globalThis as { miglab?: { call(m: string, p: unknown[]): Promise<unknown> } }).miglab?.call('info', []),
      )
      expect(info).toMatchObject({ ok: true, value: { transport: 'desktop', electron: expect.any(String) } })
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    } finally {
      await app.close()
      rmSync(home, { recursive: true, force: true })
    }
  }, 120_000)
})

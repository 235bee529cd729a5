// Launches Debian's Chromium through playwright-core (Playwright's own browser download is not
// possible here). CHROMIUM_PATH overrides the executable.
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SCREENSHOTS = resolve('test-results/screenshots')

export async function launch(viewport = { width: 1440, height: 900 }): Promise<BrowserContext> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'miglab-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  })
}

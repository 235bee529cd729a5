// The app shell renders in real Chromium: title and the four work areas.
import { resolve } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, SCREENSHOTS } from './browser'
import { serveStatic } from './static-server'

describe('app shell', () => {
  let ctx: BrowserContext
  let page: Page
  let server: Awaited<ReturnType<typeof serveStatic>>
  const errors: string[] = []

  beforeAll(async () => {
    server = await serveStatic(resolve('out/renderer'))
    ctx = await launch()
    page = await ctx.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(server.url)
  })

  afterAll(async () => {
    await ctx?.close()
    await server?.close()
  })

  it('shows the title and the topology, scenario, runs and results panes', async () => {
    await expect.poll(() => page.textContent('h1')).toContain('MigLab')
    for (const id of ['topology', 'scenario', 'runs', 'results']) {
      expect(await page.getByTestId(`pane-${id}`).isVisible()).toBe(true)
    }
    await page.screenshot({ path: resolve(SCREENSHOTS, 'shell.png') })
    expect(errors).toEqual([])
  })
})

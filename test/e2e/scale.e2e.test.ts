// The canvas with 2,000 nodes: open a project with 40 cluster LANs of 48 workstations and a
// gateway each, plus 40 remote hosts on a WAN, then drag a node and zoom, measuring time to first
// render and the frame intervals while dragging and zooming. Headless Chromium renders in
// software here (no GPU), so the numbers are an upper bound for a desktop; they are printed and
// written to test-results/ui-timings.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, SCREENSHOTS } from './browser'
import { drag, elementPoint } from './canvas'
import { type Served, serve } from './serve'

const LANS = 40
const HOSTS_PER_LAN = 48
const REMOTES = 40
const NODES = LANS * (HOSTS_PER_LAN + 1) + REMOTES

function bigProject(): unknown {
  const networks: unknown[] = [{ name: 'internet', kind: 'wan', latency: '20ms', position: { x: 2400, y: -300 } }]
  const nodes: unknown[] = []
  const processes: unknown[] = []
  for (let l = 0; l < LANS; l++) {
    const lan = `lan${l}`
    const x0 = (l % 8) * 700
    const y0 = Math.floor(l / 8) * 560
    networks.push({ name: lan, kind: 'lan', position: { x: x0 + 300, y: y0 } })
    nodes.push({
      name: `gw${l}`,
      kind: 'router',
      attach: [{ network: lan }, { network: 'internet' }],
      position: { x: x0 + 560, y: y0 },
    })
    for (let h = 0; h < HOSTS_PER_LAN; h++) {
      nodes.push({
        name: `ws${l}_${h}`,
        kind: 'host',
        attach: [{ network: lan }],
        position: { x: x0 + (h % 8) * 80, y: y0 + 80 + Math.floor(h / 8) * 70 },
      })
    }
    processes.push({ name: `p${l}`, host: `ws${l}_0`, memory: { size: '64MB' } })
  }
  for (let r = 0; r < REMOTES; r++) {
    nodes.push({
      name: `remote${r}`,
      kind: 'host',
      role: 'remote',
      attach: [{ network: 'internet' }],
      position: { x: r * 140, y: -420 },
    })
  }
  return {
    formatVersion: 1,
    name: 'Two thousand nodes',
    spec: {
      specVersion: 1,
      name: 'Two thousand nodes',
      duration: '10s',
      topology: { networks, nodes, links: [] },
      processes,
      compare: { architectures: ['none'], mechanisms: ['eager-all'] },
    },
    layout: {},
    settings: { scriptTimeLimit: '2s', scriptMemoryLimit: '64MiB' },
  }
}

/** Frame intervals (ms) while `work` runs, from requestAnimationFrame timestamps in the page. */
async function frames(
  page: Page,
  work: () => Promise<void>,
): Promise<{ median: number; p95: number; max: number; count: number }> {
  await page.evaluate(() => {
    const g = globalThis as any
    g.__frames = []
    g.__recording = true
    const tick = (t: number) => {
      g.__frames.push(t)
      if (g.__recording) g.requestAnimationFrame(tick)
    }
    g.requestAnimationFrame(tick)
  })
  await work()
  const ts: number[] = await page.evaluate(() => {
    const g = globalThis as any
    g.__recording = false
    return g.__frames
  })
  const gaps = ts
    .slice(1)
    .map((t, i) => t - ts[i]!)
    .sort((a, b) => a - b)
  const at = (q: number) => Math.round(gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? 0)
  return { median: at(0.5), p95: at(0.95), max: Math.round(gaps.at(-1) ?? 0), count: gaps.length }
}

describe(`the canvas with ${NODES.toLocaleString('en')} nodes (headless Chromium, software rendering)`, () => {
  let server: Served
  let ctx: BrowserContext
  let page: Page
  const timings: Record<string, unknown> = { renderer: 'headless Chromium, software rendering (no GPU)', nodes: NODES }

  beforeAll(async () => {
    server = await serve()
    mkdirSync(join(server.root, 'big'))
    writeFileSync(join(server.root, 'big', 'miglab.json'), JSON.stringify(bigProject(), null, 1))
    ctx = await launch()
    page = await ctx.newPage()
    await page.goto(server.url)
    await page.getByTestId('welcome').waitFor()
  })

  afterAll(async () => {
    mkdirSync(resolve('test-results'), { recursive: true })
    writeFileSync(resolve('test-results/ui-timings.json'), `${JSON.stringify(timings, null, 2)}\n`)
    console.log('UI timings (headless Chromium, software rendering):', JSON.stringify(timings))
    await ctx?.close()
    await server?.stop()
  })

  it('opens and draws every node', async () => {
    await page.getByTestId('welcome-open').click()
    await page.getByTestId('folder-dialog').getByText('big', { exact: true }).click()
    const t0 = Date.now()
    await page.getByTestId('folder-dialog-confirm').click()
    await page.waitForFunction(
      (n) => {
        const cy = (globalThis as any).miglabCanvas
        return cy && cy.nodes('.host, .router').length === n
      },
      NODES,
      { timeout: 60_000 },
    )
    // Two frames later the first picture is on screen.
    await page.evaluate(
      () =>
        new Promise((r) =>
          (globalThis as any).requestAnimationFrame(() => (globalThis as any).requestAnimationFrame(r)),
        ),
    )
    timings.openToFirstRenderMs = Date.now() - t0
    await page.getByTestId('problems').getByText('None').waitFor({ timeout: 60_000 })
    timings.openToCheckedMs = Date.now() - t0
    await page.screenshot({ path: resolve(SCREENSHOTS, 'scale-2000.png') })
    expect(timings.openToFirstRenderMs).toBeLessThan(30_000)
  })

  it('stays responsive while a node is dragged and the view zoomed', async () => {
    const wheelAt = await elementPoint(page, 'node:ws17_9')
    const zoomBefore = await page.evaluate(() => (globalThis as any).miglabCanvas.zoom())
    timings.zoomFrames = await frames(page, async () => {
      await page.mouse.move(wheelAt.x, wheelAt.y)
      for (let i = 0; i < 30; i++) {
        await page.mouse.wheel(0, -1000)
        await page.waitForTimeout(40)
      }
    })
    timings.zoom = {
      from: Number(zoomBefore.toFixed(3)),
      to: Number((await page.evaluate(() => (globalThis as any).miglabCanvas.zoom())).toFixed(3)),
    }
    const from = await elementPoint(page, 'node:ws17_9')
    const t0 = Date.now()
    timings.dragFrames = await frames(page, () => drag(page, from, { x: from.x + 160, y: from.y + 90 }, 30))
    timings.dragMs = Date.now() - t0
    // The move is one edit of the spec: the node stays where it was dropped.
    await expect
      .poll(() =>
        page.evaluate(() => {
          const p = (globalThis as any).miglabCanvas.$id('node:ws17_9').renderedPosition()
          return Math.round(p.x)
        }),
      )
      .toBeGreaterThan(Math.round(from.x + 100 - (await page.getByTestId('topology-canvas').boundingBox())!.x))
    await page.screenshot({ path: resolve(SCREENSHOTS, 'scale-2000-zoomed.png') })
    const drag95 = (timings.dragFrames as { p95: number }).p95
    const zoom95 = (timings.zoomFrames as { p95: number }).p95
    expect(drag95).toBeLessThan(1000)
    expect(zoom95).toBeLessThan(1000)
  })
})

// The desktop lab end to end, in headless Chromium against a real `miglab serve` over a temporary
// folder: open an example, build a topology by dragging, edit properties (a wrong unit refused),
// place a process with a workload and a migration on the time strip, script with a deliberate
// error and its marker, run a comparison and watch it, cancel a run, save, reload and reopen,
// recover after a crash, and a damaged project. The tests run in order on one page, as a user
// would go through the app; screenshots of each main view go to test-results/screenshots/.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, SCREENSHOTS } from './browser'
import { canvasIds, centerOf, drag, elementPoint } from './canvas'
import { type Served, serve } from './serve'

const EXAMPLES = resolve('resources/examples')
const hasExamples =
  existsSync(EXAMPLES) && readdirSync(EXAMPLES).some((d) => existsSync(join(EXAMPLES, d, 'miglab.json')))
if (!hasExamples) console.warn(`skipping "opens a bundled example": ${EXAMPLES} holds no example project yet`)

describe('the desktop lab in the browser, against miglab serve', () => {
  let server: Served
  let ctx: BrowserContext
  let page: Page
  const errors: string[] = []
  /** A screenshot of the view, without the transient notices of earlier steps over it. */
  const shot = (name: string) =>
    page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), style: '.notices { display: none }' })

  beforeAll(async () => {
    server = await serve()
    ctx = await launch()
    page = await ctx.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(server.url)
    await page.getByTestId('welcome').waitFor()
  })

  afterAll(async () => {
    await ctx?.close()
    await server?.stop()
  })

  /** Drops a palette item at a fraction of the canvas. */
  const place = async (item: string, fx: number, fy: number) => {
    const box = (await page.getByTestId('topology-canvas').boundingBox())!
    await drag(page, await centerOf(page, `palette-${item}`), { x: box.x + box.width * fx, y: box.y + box.height * fy })
  }
  const link = async (a: string, b: string) => drag(page, await elementPoint(page, a), await elementPoint(page, b))
  const select = async (id: string) => {
    const p = await elementPoint(page, id)
    await page.mouse.click(p.x, p.y)
    await expect.poll(() => page.getByTestId('inspector').textContent()).toContain(id.split(':')[1])
  }
  const menu = async (title: string, item: string) => {
    await page.getByRole('button', { name: title, exact: true }).click()
    await page.getByRole('menuitem', { name: item }).click()
  }
  const problems = () => page.getByTestId('problems').textContent()
  /** A click on empty canvas: nothing selected (the study's settings show), focus out of fields. */
  const background = async () => {
    const box = (await page.getByTestId('topology-canvas').boundingBox())!
    await page.mouse.click(box.x + 12, box.y + 12)
  }

  it('shows the welcome screen and opens a bundled example', { skip: !hasExamples }, async () => {
    await page.locator('[data-testid^="example-"]').first().waitFor()
    // The founding study when it is bundled, else the first example.
    const founding = page.getByTestId('example-founding-study')
    const card = (await founding.count()) > 0 ? founding : page.locator('[data-testid^="example-"]').first()
    await shot('welcome')
    await card.click()
    await page.getByTestId('folder-dialog-confirm').click()
    await page.getByTestId('pane-topology').waitFor()
    await expect.poll(async () => (await canvasIds(page, 'node')).length, { timeout: 20_000 }).toBeGreaterThan(2)
    // Checked in the sandbox: the status says how many runs it makes (or what is wrong).
    await expect.poll(() => page.getByTestId('statusbar').textContent(), { timeout: 30_000 }).toMatch(/Ready|problem/)
    await shot('example')
    await menu('File', 'Close project')
    await page.getByTestId('welcome').waitFor()
  })

  it('creates a project and builds a topology by dragging from the palette', async () => {
    if (!hasExamples) await shot('welcome')
    await menu('File', 'New project…')
    await page.getByTestId('folder-dialog-name').fill('study')
    await page.getByTestId('folder-dialog-confirm').click()
    await page.getByTestId('pane-topology').waitFor()
    await place('lan', 0.3, 0.3)
    await place('wan', 0.75, 0.3)
    await place('router', 0.52, 0.3)
    await place('host', 0.15, 0.7)
    await place('host', 0.3, 0.7)
    await place('host', 0.45, 0.7)
    await place('remote', 0.8, 0.7)
    expect((await canvasIds(page, 'node')).sort()).toEqual(
      ['network:lan1', 'network:wan1', 'node:gw1', 'node:remote1', 'node:ws1', 'node:ws2', 'node:ws3'].sort(),
    )
    await page.getByTestId('link-mode').click()
    for (const ws of ['node:ws1', 'node:ws2', 'node:ws3', 'node:gw1']) await link(ws, 'network:lan1')
    await link('node:gw1', 'network:wan1')
    await link('node:remote1', 'network:wan1')
    // Two networks cannot be linked directly: refused with a notice, nothing added.
    await link('network:lan1', 'network:wan1')
    await expect.poll(() => page.getByTestId('notice').last().textContent()).toContain('joined by a router')
    await page.getByTestId('link-mode').click()
    expect((await canvasIds(page, 'edge.attach')).length).toBe(6)
    // An agent dropped on the gateway: its role is chosen where it landed.
    await drag(page, await centerOf(page, 'palette-agent'), await elementPoint(page, 'node:gw1'))
    await page.getByTestId('agent-chooser').locator('[data-testid^="agent-"]').first().click()
    await expect
      .poll(() => page.evaluate(() => (globalThis as any).miglabCanvas.$id('node:gw1').data('label')))
      .toContain('★')
    await expect.poll(problems, { timeout: 30_000 }).toContain('None')
    await shot('topology')

    // Multi-select (Shift+click), copy, paste under fresh names, delete what was pasted.
    const ws1 = await elementPoint(page, 'node:ws1')
    const ws2 = await elementPoint(page, 'node:ws2')
    await page.mouse.click(ws1.x, ws1.y)
    await page.keyboard.down('Shift')
    await page.mouse.click(ws2.x, ws2.y)
    await page.keyboard.up('Shift')
    await expect.poll(() => page.getByTestId('inspector').textContent()).toContain('2 elements selected')
    await page.keyboard.press('Control+c')
    await page.keyboard.press('Control+v')
    await expect.poll(() => canvasIds(page, 'node:selected')).toEqual(['node:ws4', 'node:ws5'])
    expect(await canvasIds(page, 'edge[source = "node:ws4"]')).toEqual(['attach:ws4/lan1'])
    await page.keyboard.press('Delete')
    await expect.poll(async () => (await canvasIds(page, 'node')).length).toBe(7)

    // Find by name marks the matches.
    await page.keyboard.press('Control+f')
    await page.keyboard.type('ws')
    await expect.poll(() => page.locator('.search-count').textContent()).toBe('3')
    await page.keyboard.press('Escape')
  })

  it('edits properties with unit checks, refusing a wrong unit and keeping the last valid value', async () => {
    await select('network:wan1')
    const latency = page.getByTestId('field-latency')
    await expect.poll(() => latency.inputValue()).toBe('20ms')
    await latency.fill('5Mbps')
    await latency.press('Enter')
    const error = page.locator('.field.has-error .field-error')
    await expect.poll(() => error.first().textContent()).toContain('is a unit of rate, but a duration is expected')
    await shot('inspector-refused-unit')
    // The refused text is not in the spec: another element and back shows the last valid value.
    await select('network:lan1')
    await select('network:wan1')
    await expect.poll(() => latency.inputValue()).toBe('20ms')
    await latency.fill('35ms')
    await latency.press('Enter')
    await select('network:lan1')
    await page.getByTestId('field-bandwidth').fill('100Mbps')
    await page.getByTestId('field-bandwidth').press('Enter')
    // One history for every edit: undo the bandwidth, then the latency, and redo it.
    await background()
    await page.keyboard.press('Control+z')
    await page.keyboard.press('Control+z')
    await select('network:wan1')
    await expect.poll(() => latency.inputValue()).toBe('20ms')
    await background()
    await page.keyboard.press('Control+y')
    await select('network:wan1')
    await expect.poll(() => latency.inputValue()).toBe('35ms')
  })

  it('places a process on a host, attaches a workload and drags a migration onto the time strip', async () => {
    await drag(page, await centerOf(page, 'palette-process'), await elementPoint(page, 'node:ws1'))
    await expect.poll(() => canvasIds(page, 'node.process')).toEqual(['process:proc1'])
    await expect.poll(() => page.getByTestId('inspector').textContent()).toContain('proc1')
    await page.getByTestId('add-workload-interactive').click()
    await expect.poll(() => page.getByTestId('field-peer').inputValue()).toBe('remote1')
    await expect.poll(() => canvasIds(page, 'edge.workload')).toHaveLength(1)

    // A process dragged onto a remote host: the compiler's message appears on the process itself.
    await drag(page, await elementPoint(page, 'process:proc1'), await elementPoint(page, 'node:remote1'))
    const bubble = page.locator('[data-testid="canvas-error"][data-element="process:proc1"]')
    await expect.poll(() => bubble.textContent(), { timeout: 30_000 }).toContain('not a cluster host')
    await shot('canvas-error')
    await background()
    await page.keyboard.press('Control+z')
    await expect.poll(() => bubble.count(), { timeout: 30_000 }).toBe(0)

    // A new migration: the "Migrate" chip dropped on proc1's lane at about a third of the run.
    const lane = (await page.locator('.strip-lane-track[data-lane="process:proc1"]').boundingBox())!
    await drag(page, await centerOf(page, 'strip-new-migrate'), {
      x: lane.x + lane.width / 3,
      y: lane.y + lane.height / 2,
    })
    const marker = page.getByTestId('marker-migrations-0')
    await expect.poll(() => marker.textContent()).toContain('→ ws2')
    // Dragged along time and up onto ws3: both the time and the destination change.
    const m = (await marker.boundingBox())!
    const ws3 = await elementPoint(page, 'node:ws3')
    await drag(page, { x: m.x + 4, y: m.y + m.height / 2 }, ws3, 20)
    await expect.poll(() => marker.textContent()).toContain('→ ws3')
    await expect.poll(() => page.getByTestId('event-to').inputValue()).toBe('ws3')
    await expect.poll(problems, { timeout: 30_000 }).toContain('None')
    await shot('timeline')
  })

  it('marks a deliberate script error at its line, then accepts the fix', async () => {
    await page.getByRole('button', { name: 'Create scenario.ts' }).click()
    await page.locator('.monaco-editor').waitFor({ timeout: 60_000 })
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.press('Control+a')
    await page.keyboard.insertText(
      [
        "import { scenario } from 'miglab'",
        '',
        "const s = scenario({ description: 'A second move of the shell' })",
        "s.migrate('proc1', { to: 'nowhere', at: '25s' })",
        '',
      ].join('\n'),
    )
    await expect.poll(problems, { timeout: 30_000 }).toContain('scenario.ts:4')
    expect(await problems()).toContain('nowhere')
    // Monaco draws the marker on line 4 (the fourth line of the view: the script is short).
    await expect
      .poll(() => page.locator('.monaco-editor .view-overlays > div').nth(3).locator('.squiggly-error').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0)
    await shot('script-error')
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.press('Control+a')
    await page.keyboard.insertText(
      [
        "import { scenario } from 'miglab'",
        '',
        "const s = scenario({ description: 'A second move of the shell' })",
        "s.migrate('proc1',{to:'ws2',at:'25s'})",
        '',
      ].join('\n'),
    )
    await expect.poll(problems, { timeout: 30_000 }).toContain('None')
    // Ctrl+S in the editor formats the script, then saves the project.
    await page.keyboard.press('Control+s')
    await expect
      .poll(() => readFile(join(server.root, 'study', 'scenario.ts'), 'utf8').catch(() => ''), { timeout: 30_000 })
      .toContain("s.migrate('proc1', { to: 'ws2', at: '25s' })")
    // The script's migration appears on the strip too, hatched as the script's.
    await expect.poll(() => page.locator('.strip-marker.generated').count()).toBe(1)
    await shot('script')
  })

  it('runs a comparison and shows progress and results as they land', async () => {
    await background()
    await page.getByTestId('field-duration').fill('30s')
    await page.getByTestId('field-duration').press('Enter')
    await page.getByTestId('mech-pre-copy').check()
    await page.getByTestId('field-replications').fill('2')
    await page.getByTestId('field-replications').press('Enter')
    // A sweep of the WAN's delay, written by the form as s.sweep() would write it.
    await page.getByRole('button', { name: 'Add a parameter' }).click()
    await page.getByLabel('Parameter path').fill('topology.networks.wan1.latency')
    await page.getByLabel('Parameter path').press('Enter')
    await page.getByLabel('Values (comma-separated)').fill('10ms, 80ms')
    await page.getByLabel('Values (comma-separated)').press('Enter')
    await expect.poll(problems, { timeout: 30_000 }).toContain('None')
    await expect.poll(() => page.getByTestId('run-summary').textContent(), { timeout: 30_000 }).toContain('8 runs')
    await page.getByTestId('run-start').click()
    const row = page.getByTestId('run-row').first()
    await row.waitFor({ timeout: 30_000 })
    await shot('run-progress')
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 120_000 }).toBe('done')
    await expect.poll(() => page.getByTestId('run-count').first().textContent()).toBe('8/8 jobs')
    // The results table has a row per configuration (2 mechanisms × 2 sweep points), over 2 replications.
    await expect.poll(() => page.locator('[data-testid="results-table"] tbody tr').count(), { timeout: 30_000 }).toBe(4)
    await expect.poll(() => page.getByTestId('results').textContent()).toContain('over 2 replications')
    await shot('results')
  })

  it('cancels a run', async () => {
    await page.getByTestId('field-replications').fill('40')
    await page.getByTestId('field-replications').press('Enter')
    await expect.poll(() => page.getByTestId('run-summary').textContent(), { timeout: 30_000 }).toContain('160 runs')
    await page.getByTestId('run-start').click()
    await expect.poll(() => page.getByTestId('run-row').count(), { timeout: 30_000 }).toBe(2)
    const row = page.getByTestId('run-row').first()
    await expect.poll(() => row.getAttribute('data-state')).toBe('running')
    await row.getByTestId('run-cancel').click()
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 60_000 }).toBe('cancelled')
    const [done, total] = ((await row.getByTestId('run-count').textContent()) ?? '').split(/[/ ]/).map(Number)
    expect(total).toBe(160)
    expect(done).toBeLessThan(160)
  })

  it('saves, reloads the page and reopens the project with everything in it', async () => {
    await background()
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.getByTestId('dirty').count()).toBe(0)
    const saved = JSON.parse(readFileSync(join(server.root, 'study', 'miglab.json'), 'utf8'))
    expect(saved.spec.migrations).toEqual([{ process: 'proc1', to: 'ws3', at: expect.any(String) }])
    expect(readFileSync(join(server.root, 'study', 'scenario.ts'), 'utf8')).toContain("to: 'ws2'")
    await page.reload()
    await page.getByTestId('welcome').waitFor()
    await page.getByRole('button', { name: 'study', exact: true }).click()
    await page.getByTestId('pane-topology').waitFor()
    await expect.poll(async () => (await canvasIds(page, 'node')).length).toBe(8)
    await expect.poll(() => page.getByTestId('marker-migrations-0').textContent()).toContain('→ ws3')
    await expect
      .poll(() => page.locator('.monaco-editor .view-lines').textContent(), { timeout: 60_000 })
      .toContain('ws2')
  })

  it('recovers unsaved work after the page dies', async () => {
    await place('host', 0.6, 0.85)
    await expect.poll(() => canvasIds(page, '#node\\:ws4')).toHaveLength(1)
    await page.waitForTimeout(2500) // the autosave delay
    page.once('dialog', (d) => void d.accept())
    await page.reload()
    await page.getByTestId('welcome').waitFor()
    await page.getByRole('button', { name: 'study', exact: true }).click()
    await page.getByTestId('recover-confirm').click()
    await expect.poll(() => canvasIds(page, '#node\\:ws4')).toHaveLength(1)
    await expect.poll(() => page.getByTestId('dirty').count()).toBe(1)
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.getByTestId('dirty').count()).toBe(0)
  })

  it('refuses a damaged project with a clear message and keeps the open one', async () => {
    mkdirSync(join(server.root, 'damaged'))
    writeFileSync(join(server.root, 'damaged', 'miglab.json'), '{ "formatVersion": 1, "name": "x", ')
    mkdirSync(join(server.root, 'newer'))
    writeFileSync(
      join(server.root, 'newer', 'miglab.json'),
      JSON.stringify({ formatVersion: 99, name: 'from the future' }),
    )
    for (const name of ['damaged', 'newer']) {
      await menu('File', 'Open project…')
      await page.getByTestId('folder-dialog').getByText(name, { exact: true }).click()
      await page.getByTestId('folder-dialog-confirm').click()
      const dialog = page.getByTestId('problem-dialog')
      await dialog.waitFor()
      expect(await dialog.textContent()).toContain('miglab.json')
      if (name === 'newer') expect(await dialog.textContent()).toMatch(/newer|99/)
      await shot(`problem-${name}`)
      await dialog.getByRole('button', { name: 'OK' }).click()
      expect(await page.getByTestId('project-name').textContent()).toBe('study')
    }
    expect(readFileSync(join(server.root, 'damaged', 'miglab.json'), 'utf8')).toBe(
      '{ "formatVersion": 1, "name": "x", ',
    )
  })

  it('switches to the dark theme', async () => {
    await background()
    await page.getByTestId('theme-toggle').click()
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.dataset.theme)).toBe('dark')
    await page.waitForTimeout(300)
    await shot('workbench-dark')
    await page.getByTestId('theme-toggle').click()
    await shot('workbench')
    expect(errors).toEqual([])
  })
})

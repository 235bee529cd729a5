// The results area end to end, in headless Chromium against a real `miglab serve`, on a reduced
// copy of the founding study (4 architectures incl. HIP and Mobile IPv4 × 2 mechanisms × 2 cluster
// bandwidths × 2 replications, 40 s each) swept by the CLI before the browser opens: the results
// table with intervals; the comparison — efficiency figures beside the intrusiveness matrix, over
// the whole workbench — with a tooltip (mean ± CI, n) on a bar and a click through to its runs;
// paired differences against a chosen baseline, other metric groups, a swept parameter; an Export
// whose bytes are the CLI's; the run browser filtered by architecture, mechanism, sweep point and
// seed, two runs compared; light and dark screenshots in test-results/screenshots/.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, SCREENSHOTS } from './browser'
import { CLI, type Served, serve } from './serve'

const EXAMPLE = resolve('resources/examples/founding-study')
const ARCHITECTURES = ['none', 'mobile-ipv4', 'hip', 'tcp-migrate']
const MECHANISMS = ['eager-all', 'pre-copy']
const RUNS = ARCHITECTURES.length * MECHANISMS.length * 2 * 2

/** The founding study's script, reduced: fewer architectures and mechanisms, shorter, one sweep. */
function reduce(script: string, o: { architectures: string[]; mechanisms: string[]; extra: string }): string {
  const out = script
    .replace(/architectures: \[[^\]]*\]/, `architectures: ${JSON.stringify(o.architectures)}`)
    .replace(/mechanisms: \[[^\]]*\]/, `mechanisms: ${JSON.stringify(o.mechanisms)}`)
    .replace('const s = scenario()', "const s = scenario({ duration: '40s' })")
  if (out === script) throw new Error('the founding study script changed shape: update reduce()')
  return `${out}\n${o.extra}\n`
}

const miglab = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`miglab ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`)
  return r.stdout
}

describe('comparing architectures in the browser, against miglab serve', () => {
  let server: Served
  let ctx: BrowserContext
  let page: Page
  let root: string
  let cliFigures: string
  const errors: string[] = []
  const shot = (name: string) =>
    page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), style: '.notices { display: none }' })

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'miglab-results-e2e-'))
    const project = join(root, 'founding')
    cpSync(EXAMPLE, project, { recursive: true })
    const script = readFileSync(join(project, 'scenario.ts'), 'utf8')
    // An earlier version of the study (one run), kept in the store beside the current one.
    writeFileSync(
      join(project, 'scenario.ts'),
      reduce(script, { architectures: ['none'], mechanisms: ['eager-all'], extra: 's.replications(1)' }),
    )
    miglab('sweep', project, '--workers', '2', '--quiet')
    writeFileSync(
      join(project, 'scenario.ts'),
      reduce(script, {
        architectures: ARCHITECTURES,
        mechanisms: MECHANISMS,
        extra: "s.sweep('topology.networks.cluster.bandwidth', ['100Mbps', '1Gbps'])",
      }),
    )
    miglab('sweep', project, '--workers', '2', '--quiet')
    cliFigures = join(root, 'cli-figures')
    miglab('report', project, '--out', cliFigures, '--format', 'svg', '--figures', 'metric-bars')

    server = await serve(root)
    ctx = await launch()
    page = await ctx.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(server.url)
    await page.getByTestId('welcome-open').click()
    await page.getByTestId('folder-dialog').getByText('founding', { exact: true }).click()
    await page.getByTestId('folder-dialog-confirm').click()
    await page.getByTestId('pane-results').waitFor()
  }, 180_000)

  afterAll(async () => {
    await ctx?.close()
    await server?.stop()
  })

  /** Centre of the bar of `series` over category `category` in panel `panel`, in page pixels. */
  const barCenter = async (panel: number, series: string, category: number) => {
    const chart = page.getByTestId('figure-chart')
    const box = (await chart.boundingBox())!
    const at = await chart.evaluate(
      (node, { panel, series, category }) => {
        const c = (node as any).miglabChart
        const s = c
          .getModel()
          .getSeries()
          .find((x: any) => x.subType === 'bar' && x.name === series && (x.option.xAxisIndex ?? 0) === panel)
        if (!s) return null
        const l = s.getData().getItemLayout(category)
        return { x: l.x + l.width / 2, y: l.y + l.height / 2 }
      },
      { panel, series, category },
    )
    if (!at) throw new Error(`no bar series "${series}" in panel ${panel}`)
    return { x: box.x + at.x, y: box.y + at.y }
  }
  const figureId = () => page.getByTestId('figure-chart').getAttribute('data-figure')
  const rows = () => page.getByTestId('browser-row').count()

  it('tabulates every configuration with its interval; a row opens its runs', async () => {
    const table = page.getByTestId('results-table')
    await expect.poll(() => table.locator('[data-testid="results-row"]').count(), { timeout: 30_000 }).toBe(16)
    const text = (await table.textContent()) ?? ''
    expect(text).toContain('±')
    expect(text).toContain('HIP')
    expect(text).toContain('MIPv4')
    await shot('results-table')
    // HIP, pre-copy at the first bandwidth: its two replications.
    await table
      .locator('[data-testid="results-row"]', { hasText: 'HIP' })
      .filter({ hasText: 'Pre-copy' })
      .first()
      .click()
    await expect.poll(() => page.getByTestId('results-area').getAttribute('data-view')).toBe('runs')
    await expect.poll(rows).toBe(2)
    expect(await page.getByTestId('filter-architecture').inputValue()).toBe('hip')
    expect(await page.getByTestId('filter-mechanism').inputValue()).toBe('pre-copy')
  })

  it('compares: the figures beside the intrusiveness matrix over the whole workbench; a bar’s tooltip and click', async () => {
    // In the workbench's results pane the matrix goes under the figure; maximised, beside it.
    await page.getByTestId('results-tab-compare').click()
    const chart = page.getByTestId('figure-chart')
    await expect.poll(figureId, { timeout: 30_000 }).toBe('outage-freeze-p0')
    await shot('compare-pane')
    await page.getByTestId('results-maximise').click()
    // The results cover the workbench, and the two questions sit side by side.
    // (react-resizable-panels puts the pane's class on an element inside the one with the test id)
    const pane = (await page.locator('.results-maximised').boundingBox())!
    expect(pane.width).toBeGreaterThan(1300)
    expect(pane.height).toBeGreaterThan(750)
    const matrix = page.getByTestId('intrusiveness-matrix')
    for (const a of ARCHITECTURES) await expect.poll(() => matrix.getByTestId(`matrix-row-${a}`).count()).toBe(1)
    const figureBox = (await chart.boundingBox())!
    const matrixBox = (await matrix.boundingBox())!
    expect(matrixBox.x).toBeGreaterThan(figureBox.x + figureBox.width - 5)
    expect(Math.abs(matrixBox.y - figureBox.y)).toBeLessThan(120)
    // HIP changes the hosts' stacks and the remote peer's: its rationale says why.
    await matrix.getByTestId('matrix-row-hip').click()
    expect(await page.getByTestId('matrix-rationale').textContent()).toMatch(/HIP|Host Identity/)
    await shot('compare')

    // Hover: HIP × pre-copy's outage (panel 1, category 2) — mean ± CI and n; HIP lights up in the matrix.
    const bar = await barCenter(1, 'Pre-copy', 2)
    await page.mouse.move(bar.x, bar.y)
    const tip = page.locator('.figure-tip')
    await expect.poll(() => tip.textContent(), { timeout: 10_000 }).toContain('HIP · Pre-copy')
    const tipText = (await tip.textContent()) ?? ''
    expect(tipText).toMatch(/Communication outage, mean \((ms|s)\)/)
    expect(tipText).toMatch(/±/)
    expect(tipText).toMatch(/95 % CI .* · n = 2/)
    await expect.poll(() => matrix.getByTestId('matrix-row-hip').getAttribute('class')).toContain('highlight')
    await shot('compare-tooltip')

    // Click: the run browser with that bar's two runs.
    await page.mouse.click(bar.x, bar.y)
    await expect.poll(() => page.getByTestId('results-area').getAttribute('data-view')).toBe('runs')
    await expect.poll(rows).toBe(2)
    expect(await page.getByTestId('filter-architecture').inputValue()).toBe('hip')
    expect(await page.getByTestId('filter-mechanism').inputValue()).toBe('pre-copy')
    expect(await page.getByTestId('filter-point').inputValue()).toBe('0')
  })

  it('differences against a chosen baseline, other overhead groups, a swept parameter; Export gives the CLI’s bytes', async () => {
    await page.getByTestId('results-tab-compare').click()
    await page.getByTestId('chart-paired').click()
    // Freeze and outage, minus the study's baseline; then minus one the user picks.
    await expect
      .poll(figureId)
      .toBe('paired-difference-migration-freeze-mean-connection-outage-mean-vs-none-eager-all-p0')
    await page.getByTestId('compare-metric').selectOption('metric:connection.outage.mean')
    await expect.poll(figureId).toBe('paired-difference-connection-outage-mean-vs-none-eager-all-p0')
    await page.getByTestId('compare-baseline').selectOption({ label: 'MIPv4, Eager (all)' })
    await expect.poll(figureId).toBe('paired-difference-connection-outage-mean-vs-mobile-ipv4-eager-all-p0')
    expect(await page.locator('.figure-title').textContent()).toBe('Difference from MIPv4, Eager (all)')
    await shot('compare-paired')

    await page.getByTestId('chart-bars').click()
    await page.getByTestId('compare-metric').selectOption('group:signalling')
    await expect.poll(figureId).toBe('metric-bars-signalling-p0')
    await page.getByTestId('export-figure').click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-figure-svg').click()])
    expect(download.suggestedFilename()).toBe('metric-bars-signalling-p0.svg')
    const exported = readFileSync((await download.path())!)
    expect(exported.equals(readFileSync(join(cliFigures, 'metric-bars-signalling-p0.svg')))).toBe(true)

    await page.getByTestId('compare-metric').selectOption('group:residual')
    await expect.poll(figureId).toBe('metric-bars-residual-p0')
    await page.getByTestId('compare-point').selectOption('1')
    await expect.poll(figureId).toBe('metric-bars-residual-p1')

    // One metric against the swept bandwidth: the group's first until another is chosen.
    await page.getByTestId('chart-sweep').click()
    await expect.poll(figureId).toBe('metric-vs-parameter-residual-dependencies-topology-networks-cluster-bandwidth')
    await page.getByTestId('compare-metric').selectOption('metric:migration.freeze.mean')
    await expect.poll(figureId).toBe('metric-vs-parameter-migration-freeze-mean-topology-networks-cluster-bandwidth')
    await shot('compare-sweep')
    await page.getByTestId('chart-breakdown').click()
    await expect.poll(figureId).toBe('overhead-stacked-p1')
    // Distributions of a per-run sample series (the typist's echo latencies), pooled per configuration.
    await page.getByTestId('chart-cdf').click()
    await expect.poll(() => page.getByTestId('compare-sample').locator('option').count()).toBeGreaterThan(0)
    await page.getByTestId('compare-sample').selectOption('typing.echo')
    await expect.poll(figureId).toBe('cdf-typing-echo-p1')
    await shot('compare-cdf')
  })

  it('browses every run: filters by architecture, mechanism, sweep point and seed; compares two runs', async () => {
    await page.getByTestId('results-tab-runs').click()
    await page.getByTestId('filter-clear').click()
    await expect.poll(rows).toBe(RUNS)
    await page.getByTestId('filter-architecture').selectOption('mobile-ipv4')
    await expect.poll(rows).toBe(RUNS / 4)
    await page.getByTestId('filter-mechanism').selectOption('pre-copy')
    await expect.poll(rows).toBe(RUNS / 8)
    await page.getByTestId('filter-point').selectOption('1')
    await expect.poll(rows).toBe(2)
    const seed = (await page.getByTestId('browser-row').first().locator('td.mono').textContent())!.trim()
    await page.getByTestId('filter-seed').fill(seed)
    await expect.poll(rows).toBe(1)
    expect(await page.getByTestId('browser-count').textContent()).toBe(`1 of ${RUNS} runs`)
    // The whole store also holds the earlier version's run.
    await page.getByTestId('filter-clear').click()
    await page.getByTestId('scope-store').click()
    await expect.poll(rows).toBe(RUNS + 1)
    await expect.poll(() => page.getByTestId('run-browser').getByText('earlier', { exact: true }).count()).toBe(1)
    await page.getByTestId('scope-study').click()

    // Two runs of one replication: MIPv4 and HIP with pre-copy at the first bandwidth.
    await page.getByTestId('filter-mechanism').selectOption('pre-copy')
    await page.getByTestId('filter-point').selectOption('0')
    await expect.poll(rows).toBe(8)
    const a = page.getByTestId('browser-row').filter({ hasText: 'MIPv4' }).first()
    const b = page.getByTestId('browser-row').filter({ hasText: 'HIP' }).first()
    const keys = [await a.getAttribute('data-key'), await b.getAttribute('data-key')]
    await a.click()
    await b.click()
    await shot('run-browser')
    await page.getByTestId('browser-compare').click()
    await expect.poll(() => page.getByTestId('results-area').getAttribute('data-view')).toBe('run')
    const runs = page.getByTestId('run-view-run')
    await expect.poll(() => runs.count(), { timeout: 30_000 }).toBe(2)
    expect([await runs.nth(0).getAttribute('data-key'), await runs.nth(1).getAttribute('data-key')]).toEqual(keys)
  })

  it('in the dark theme', async () => {
    await page.getByTestId('theme-toggle').click()
    await page.getByTestId('results-tab-compare').click()
    await page.getByTestId('chart-bars').click()
    await page.getByTestId('compare-metric').selectOption('outage-freeze')
    await expect.poll(figureId).toMatch(/^outage-freeze-p/)
    await shot('compare-dark')
    await page.getByTestId('results-tab-runs').click()
    await expect.poll(rows).toBeGreaterThan(0)
    await shot('run-browser-dark')
    await page.getByTestId('theme-toggle').click()
    await page.getByTestId('results-maximise').click()
    await expect.poll(() => page.locator('.results-maximised').count()).toBe(0)
    expect((await page.getByTestId('pane-results').boundingBox())!.width).toBeLessThan(900)
    expect(errors).toEqual([])
  })
})

// Run timelines end to end, in headless Chromium against a real `miglab serve`, on the founding
// study reduced to HIP and Mobile IPv4 with pre-copy and one replication (swept by the CLI before
// the browser opens): a run's lanes and phases, zoom (to a move, then with the wheel down to about
// a millisecond, exact records), hover details, a click through to the packets rebuilt by a rerun,
// two runs on one time axis, the topology overlay of both architectures on one canvas, the
// timeline export (the CLI's bytes), and the dark theme. Screenshots go to test-results/screenshots/.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../src/engine/run/result'
import { launch, SCREENSHOTS } from './browser'
import { CLI, type Served, serve } from './serve'

const EXAMPLE = resolve('resources/examples/founding-study')

const miglab = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`miglab ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`)
  return r.stdout
}

/** The founding study with two architectures, one mechanism and one replication. */
function reduce(script: string): string {
  const out = script
    .replace(/architectures: \[[^\]]*\]/, "architectures: ['hip', 'mobile-ipv4']")
    .replace(/mechanisms: \[[^\]]*\]/, "mechanisms: ['pre-copy']")
    .replace(/baseline: \{[^}]*\}/, "baseline: { architecture: 'mobile-ipv4', mechanism: 'pre-copy' }")
    .replace('s.replications(2)', 's.replications(1)')
  if (!out.includes("['hip', 'mobile-ipv4']") || !out.includes('s.replications(1)'))
    throw new Error('the founding study script changed shape: update reduce()')
  return out
}

interface Chart {
  convertToPixel(finder: { xAxisIndex: number; yAxisIndex: number }, value: number[]): number[]
}

describe('run timelines in the browser, against miglab serve', () => {
  let server: Served
  let ctx: BrowserContext
  let page: Page
  let root: string
  let cliFigures: string
  const runs = new Map<string, RunResult>()
  const errors: string[] = []
  const shot = (name: string) =>
    page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), style: '.notices { display: none }' })

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'miglab-timeline-e2e-'))
    const project = join(root, 'founding')
    cpSync(EXAMPLE, project, { recursive: true })
    writeFileSync(join(project, 'scenario.ts'), reduce(readFileSync(join(project, 'scenario.ts'), 'utf8')))
    miglab('sweep', project, '--workers', '2', '--quiet')
    cliFigures = join(root, 'cli-figures')
    miglab('report', project, '--out', cliFigures, '--format', 'svg', '--figures', 'timeline')
    const dir = join(project, 'results', 'runs')
    for (const f of readdirSync(dir).filter((f) => !f.endsWith('.meta.json'))) {
      const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunResult
      runs.set(r.job.architecture, r)
    }

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
  }, 120_000)

  afterAll(async () => {
    await ctx?.close()
    await server?.stop()
  })

  const run = (arch: string) => {
    const r = runs.get(arch)
    if (!r) throw new Error(`no ${arch} run in the store`)
    return r
  }
  const charts = () => page.getByTestId('timeline-chart')
  const attr = async (chart: Locator, name: string) => (await chart.getAttribute(`data-${name}`)) ?? ''
  const view = async (chart: Locator) => ({
    from: Number(await attr(chart, 'view-from')),
    to: Number(await attr(chart, 'view-to')),
  })
  /** Page pixels of simulated time `t` on the lane of `lane` ("process:shell"), `dy` lane heights off its centre. */
  const at = async (chart: Locator, t: number, lane: string, dy = 0) => {
    const rows = (await attr(chart, 'lanes')).split('|')
    const row = rows.indexOf(lane)
    if (row < 0) throw new Error(`no lane ${lane} in ${rows.join(', ')}`)
    const box = (await chart.boundingBox())!
    const [x, y] = await chart.evaluate(
      (node, v) =>
        (node as unknown as { miglabChart: Chart }).miglabChart.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, v),
      [t, row + dy],
    )
    return { x: box.x + x, y: box.y + y }
  }
  const openRun = async (label: string) => {
    await page.getByTestId('results-tab-runs').click()
    await expect.poll(() => page.getByTestId('browser-row').count(), { timeout: 30_000 }).toBe(2)
    await page.getByTestId('browser-row').filter({ hasText: label }).dblclick()
    await expect.poll(() => page.getByTestId('results-area').getAttribute('data-view')).toBe('run')
    await expect
      .poll(async () => Number(await attr(charts().first(), 'records')), { timeout: 30_000 })
      .toBeGreaterThan(0)
  }

  it('opens a HIP run: a lane per process, connection, agent and node, with the phases of its moves', async () => {
    await page.getByTestId('results-maximise').click()
    await openRun('HIP')
    const chart = charts().first()
    const lanes = (await attr(chart, 'lanes')).split('|')
    expect(lanes.slice(0, 5)).toEqual([
      'process:shell',
      'process:rank0',
      'process:rank1',
      'process:rank2',
      'process:rank3',
    ])
    // Drawn top to bottom: processes, connections, the architecture's agents, nodes.
    expect(lanes.slice(5)).toEqual([
      'connection:typing',
      'connection:solver:rank0:coordinator',
      'connection:solver:rank1:data-source',
      'agent:hip',
      'node:ws2',
      'node:ws5',
    ])
    const kinds = (await attr(chart, 'kinds')).split(' ')
    for (const k of [
      'running',
      'precopy',
      'frozen',
      'transferring',
      'residual',
      'outage',
      'host-change',
      'control',
      'retransmission',
    ])
      expect(kinds).toContain(k)
    expect(await attr(chart, 'exact')).toBe('true')
    expect(await page.getByTestId('run-view').textContent()).toContain('Host Identity Protocol')
    await shot('run-timeline-hip')
  })

  it('zooms to a move, then with the wheel down to about a millisecond; hover tells what a segment is', async () => {
    const chart = charts().first()
    const m = run('hip').migrations[0]
    const whole = await view(chart)
    expect(whole).toEqual({ from: 0, to: run('hip').simulated })
    await page.getByRole('button', { name: 'Zoom to it' }).click()
    await expect.poll(async () => (await view(chart)).to - (await view(chart)).from).toBeLessThan(10e9)
    // Hover over the pre-copy rounds: the phase, its times and the move behind it.
    const precopy = await at(chart, (m.decidedAt + m.freezeAt) / 2, 'process:shell', -0.09)
    await page.mouse.move(precopy.x, precopy.y)
    const tip = page.getByText('click: the packets behind it')
    await expect.poll(() => tip.locator('..').textContent()).toContain('pre-copy rounds')
    expect(await tip.locator('..').textContent()).toContain(`migration ${m.id}: ${m.from} → ${m.to}`)
    await shot('run-timeline-hover')

    // The wheel zooms around the pointer, here kept on the freeze, until about a millisecond shows.
    // ECharts zooms by 1.1 per wheel event around the pointer: about 90 events from a move's
    // seconds to a millisecond, the pointer put back on the freeze every few events.
    for (let i = 0; i < 40 && (await view(chart)).to - (await view(chart)).from >= 1.5e6; i++) {
      const p = await at(chart, m.freezeAt, 'process:shell')
      await page.mouse.move(p.x, p.y)
      for (let j = 0; j < 4; j++) {
        await page.mouse.wheel(0, -100)
        await page.waitForTimeout(25)
      }
    }
    const narrow = await view(chart)
    expect(narrow.to - narrow.from).toBeLessThan(1.5e6)
    expect(narrow.from).toBeLessThanOrEqual(m.freezeAt)
    expect(narrow.to).toBeGreaterThanOrEqual(m.freezeAt)
    await expect.poll(() => attr(chart, 'exact'), { timeout: 10_000 }).toBe('true')
    expect(await page.getByTestId('run-view-span').textContent()).toMatch(/µs|ms in view/)
    // At this zoom the freeze is wide: hover shows it is frozen (or moving its state), exactly.
    const frozen = await at(
      chart,
      Math.min(m.freezeAt + 2e5, (narrow.from + narrow.to * 3) / 4),
      'process:shell',
      -0.09,
    )
    await page.mouse.move(frozen.x, frozen.y)
    await expect.poll(() => tip.locator('..').textContent()).toMatch(/frozen|transferring state/)
    await shot('run-timeline-zoomed')
  })

  it('clicks through a segment and an event to the packets behind them, rebuilt by a rerun', async () => {
    const chart = charts().first()
    const m = run('hip').migrations[0]
    const v = await view(chart)
    const p = await at(chart, Math.min(m.freezeAt + 2e5, (v.from + v.to * 3) / 4), 'process:shell', -0.09)
    await page.mouse.click(p.x, p.y)
    const packets = page.getByTestId('packet-view')
    await packets.waitFor()
    await expect
      .poll(() => page.getByTestId('packet-list').locator('.pv-row:not(.pv-header)').count(), { timeout: 60_000 })
      .toBeGreaterThan(0)
    expect(await page.getByTestId('packet-view-summary').textContent()).toMatch(/records · rerun in/)

    // The HIP UPDATE that announced the new locator: a control message on the architecture's lane.
    await page.getByRole('button', { name: 'Zoom to it' }).click()
    const t = run('hip').timeline
    const lane = t.lanes.findIndex((l) => l.kind === 'agent')
    const i = t.points.t.findIndex((x, j) => t.points.lane[j] === lane && x >= m.resumeAt)
    expect(t.strings[t.points.detail[i]]).toMatch(/^hip-update/)
    await expect.poll(async () => (await view(chart)).to - (await view(chart)).from).toBeGreaterThan(1e9)
    const c = await at(chart, t.points.t[i], 'agent:hip', -0.24)
    await page.mouse.click(c.x, c.y)
    await expect.poll(() => packets.textContent(), { timeout: 60_000 }).toContain('control message')
    const signalling = packets.getByRole('button', { name: /^Signalling/ })
    await expect
      .poll(async () => Number((await signalling.textContent())?.replace(/\D/g, '')), { timeout: 60_000 })
      .toBeGreaterThan(0)
    await signalling.click()
    // HIP's UPDATE with the new locator, to the rendezvous server and to the peer.
    expect(await page.getByTestId('packet-list').textContent()).toMatch(/internet->rvssignallingUPDATE/)
    await shot('run-packets')
    await packets.getByRole('button', { name: 'Close the packet view' }).click()
  })

  it('shows the Mobile IPv4 run: the home agent on its lane and as a residual dependency', async () => {
    await openRun('MIPv4')
    const chart = charts().first()
    const lanes = (await attr(chart, 'lanes')).split('|')
    expect(lanes).toContain('agent:mobile-ipv4')
    const kinds = (await attr(chart, 'kinds')).split(' ')
    for (const k of ['precopy', 'frozen', 'transferring', 'residual', 'host-change', 'control'])
      expect(kinds).toContain(k)
    const home = run('mobile-ipv4').migrations.find((x) => x.residualDependencies.some((r) => r.what === 'home agent'))!
    const p = await at(chart, (home.resumeAt + run('mobile-ipv4').simulated) / 2, `process:${home.process}`, 0.31)
    await page.mouse.move(p.x, p.y)
    const tip = page.getByText('click: the packets behind it').locator('..')
    await expect.poll(() => tip.textContent()).toContain('residual dependency')
    expect(await tip.textContent()).toContain('home agent (gw)')
    await shot('run-timeline-mipv4')
  })

  it('compares the two runs on one time axis, and on one topology canvas', async () => {
    await page.getByTestId('results-tab-runs').click()
    const a = page.getByTestId('browser-row').filter({ hasText: 'MIPv4' })
    const b = page.getByTestId('browser-row').filter({ hasText: 'HIP' })
    await a.click()
    await b.click()
    await page.getByTestId('browser-compare').click()
    await expect.poll(() => charts().count(), { timeout: 30_000 }).toBe(2)
    const [first, second] = [charts().nth(0), charts().nth(1)]
    await expect.poll(async () => Number(await attr(second, 'records')), { timeout: 30_000 }).toBeGreaterThan(0)
    // The wheel on one zooms both.
    const box = (await first.boundingBox())!
    await page.mouse.move(box.x + box.width * 0.6, box.y + 40)
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -400)
    await expect.poll(async () => (await view(first)).to).toBeLessThan(run('hip').simulated)
    await expect.poll(async () => JSON.stringify(await view(second))).toBe(JSON.stringify(await view(first)))
    await page.getByRole('button', { name: 'Whole run' }).click()
    await shot('run-compare')

    await page.getByTestId('run-mode-topology').click()
    const hops = page.getByTestId('overlay-hops')
    // Mobile IPv4 tunnels through the home agent on gw; HIP signals the rendezvous server.
    await expect
      .poll(() => hops.textContent(), { timeout: 60_000 })
      .toMatch(/Mobile IPv4 · after the move[\s\S]*gw->cluster[\s\S]*tunnelled/)
    await expect
      .poll(() => hops.textContent(), { timeout: 60_000 })
      .toMatch(/Host Identity Protocol · after the move[\s\S]*internet->rvs[\s\S]*signalling/)
    expect(Number(await page.getByTestId('overlay-canvas').getAttribute('data-elements'))).toBeGreaterThan(40)
    await page.waitForTimeout(300)
    await shot('run-overlay')
  })

  it('exports the timeline figure the CLI draws, byte for byte', async () => {
    // The CLI's timeline is of the first run (HIP sorts first) and its first migration.
    await openRun('HIP')
    await page.getByTestId('run-mode-timeline').click()
    const download = page.waitForEvent('download')
    await page.getByTestId('run-view-run').getByRole('button', { name: 'SVG' }).click()
    const file = await download
    const svg = readFileSync((await file.path())!, 'utf8')
    const cli = readdirSync(cliFigures).find((f) => f.includes('timeline') && f.endsWith('.svg'))!
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toBe(readFileSync(join(cliFigures, cli), 'utf8'))
  })

  it('in the dark theme', async () => {
    await page.getByTestId('theme-toggle').click()
    await page.getByRole('button', { name: 'Zoom to it' }).click()
    await page.waitForTimeout(300)
    await shot('run-timeline-dark')
    await page.getByTestId('run-mode-topology').click()
    await expect
      .poll(() => page.getByTestId('overlay-hops').locator('tbody tr').count(), { timeout: 60_000 })
      .toBeGreaterThan(2)
    await page.waitForTimeout(300)
    await shot('run-overlay-dark')
    await page.getByTestId('theme-toggle').click()
    expect(errors).toEqual([])
  })
})

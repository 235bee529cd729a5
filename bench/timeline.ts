// TIMELINE: the run view on a run whose timeline holds over a million records, beside the same
// study cut down to about a thousand records (the baseline), both made by the real engine and stored
// in temporary projects. Measured:
//   service   time per LabApi.timeline window call (the view's budget of 6,000 records) at spans
//             from the whole run down to a millisecond, in process; the first call parses the run
//   browser   in headless Chromium against `miglab serve`: time from opening the run to the
//             timeline's first drawn frame, and frame times (median, p95, max) while the wheel
//             zooms from the whole run down to about a millisecond, then until the view is exact
// Chromium runs headless with software rendering (no GPU): frame times are those of this machine's
// CPU drawing the canvas, not of a desktop with a GPU.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import type { ScenarioSpecInput } from '../src/engine/scenario/spec'
import type { LabEvent, RunStatus } from '../src/service/api'
import { LabService } from '../src/service/lab'
import { type BenchArgs, intFlag, resultLine } from './args'

const here = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(here, '..', '..')
const BUDGET = 6000

/**
 * Four processes moved four times each by copy-on-reference, each move faulting 256 MiB back in
 * page by page (Zayas): 16 × 65,536 page faults, one timeline point each, plus phases, moves,
 * Mobile IPv4's signalling and a remote user's session. `touched` sets the pages per move.
 */
function study(touched: string): ScenarioSpecInput {
  const hosts = ['ws1', 'ws2', 'ws3', 'ws4']
  const procs = ['p1', 'p2', 'p3', 'p4']
  return {
    specVersion: 1,
    name: 'Copy-on-reference under load',
    duration: '240s',
    seed: 7,
    topology: {
      networks: [
        {
          name: 'cluster',
          kind: 'lan',
          prefix: '10.1.0.0/24',
          bandwidth: '1Gbps',
          latency: '20us',
          position: { x: 300, y: 200 },
        },
      ],
      nodes: [
        { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }], position: { x: 300, y: 80 } },
        ...hosts.map((name, i) => ({
          name,
          kind: 'host' as const,
          attach: [{ network: 'cluster' }],
          position: { x: 120 + i * 120, y: 320 },
        })),
        { name: 'remote', kind: 'host', role: 'remote', position: { x: 560, y: 80 } },
      ],
      links: [{ name: 'wan', a: 'gw', b: 'remote', bandwidth: '100Mbps', latency: '10ms' }],
    },
    processes: procs.map((name, i) => ({
      name,
      host: hosts[i],
      memory: { size: '512MiB', touchedAfterResume: touched },
    })),
    workloads: [
      {
        kind: 'interactive',
        name: 'typing',
        process: 'p1',
        client: 'remote',
        thinkTime: { dist: 'exponential', mean: '100ms' },
      },
    ],
    migrations: [5, 60, 120, 180].flatMap((at, round) =>
      procs.map((process, i) => ({ process, to: hosts[(i + round + 1) % 4], at: `${at}s` })),
    ),
    compare: { architectures: ['mobile-ipv4'], mechanisms: ['copy-on-reference'] },
  }
}

const median = (xs: number[]) => quantile(xs, 0.5)
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]
}

async function makeRun(
  service: LabService,
  project: string,
  touched: string,
): Promise<{ key: string; records: number }> {
  await service.createProject(project, 'timeline bench')
  const done = new Promise<RunStatus>((ok) =>
    service.subscribe((e: LabEvent) => {
      if (e.kind === 'run' && e.status.project === project && e.status.state !== 'running') ok(e.status)
    }),
  )
  await service.startRun({
    project,
    draft: {
      name: 'timeline bench',
      spec: study(touched) as never,
      layout: {},
      settings: { scriptTimeLimit: '5s', scriptMemoryLimit: '64MiB' },
      script: null,
    },
    workers: 1,
  })
  const status = await done
  if (status.state !== 'done' || status.failed > 0)
    throw new Error(`the run failed: ${JSON.stringify(status.jobs[0]?.error)}`)
  const [row] = await service.listResults(project)
  const info = await service.runInfo(project, row.key)
  return { key: row.key, records: info.records }
}

async function serveLab(root: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(here, 'miglab.js'), 'serve', '--port', '0', '--root', root], {
    env: { ...process.env, XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'miglab-bench-config-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`miglab serve printed no URL:\n${out}`)), 30_000)
    child.stdout?.on('data', (d) => {
      out += String(d)
      const m = /(http:\/\/\S+\?token=\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    })
    child.once('exit', (code) => fail(new Error(`miglab serve exited with ${code}:\n${out}`)))
  })
  return { url, child }
}

// Browser-side helpers (serialised into the page by Playwright; the bench compiles without DOM types).
interface Frames {
  frames_: number[]
  stop_: boolean
  requestAnimationFrame(f: (t: number) => void): void
}
type Doc = { document: { querySelector(s: string): { dataset: Record<string, string> } | null } }

interface UiFigures {
  firstRenderMs: number
  frames: number[]
  zoomMs: number
  exactMs: number
  finalSpan: number
}

/** Opens `name` in the app, its one run in the run view, and zooms it from the whole run to ~1 ms. */
async function measureUi(page: Page, url: string, name: string, at: number): Promise<UiFigures> {
  await page.goto(url)
  await page.getByTestId('welcome-open').click()
  await page.getByTestId('folder-dialog').getByText(name, { exact: true }).click()
  await page.getByTestId('folder-dialog-confirm').click()
  await page.getByTestId('pane-results').waitFor()
  await page.getByTestId('results-maximise').click()
  await page.getByTestId('results-tab-runs').click()
  const row = page.getByTestId('browser-row').first()
  await row.waitFor({ timeout: 60_000 })
  const chart = page.getByTestId('timeline-chart')
  const t0 = Date.now()
  await row.dblclick()
  await page.waitForFunction(
    () => {
      const d = (globalThis as unknown as Doc).document.querySelector('[data-testid=timeline-chart]')?.dataset
      return d !== undefined && Number(d.records ?? 0) > 0 && Number(d.rendered ?? 0) > 0
    },
    undefined,
    { timeout: 120_000, polling: 'raf' },
  )
  const firstRenderMs = Date.now() - t0

  // Frame times: the gaps between animation frames while zooming.
  await page.evaluate(() => {
    const w = globalThis as unknown as Frames
    w.frames_ = []
    w.stop_ = false
    let last = performance.now()
    const tick = (t: number) => {
      w.frames_.push(t - last)
      last = t
      if (!w.stop_) w.requestAnimationFrame(tick)
    }
    w.requestAnimationFrame(tick)
  })
  const box = (await chart.boundingBox())!
  const z0 = Date.now()
  const span = async () => {
    const [from, to] = await chart.evaluate((el) => {
      const d = (el as unknown as { dataset: Record<string, string> }).dataset
      return [Number(d.viewFrom), Number(d.viewTo)]
    })
    return to - from
  }
  for (let i = 0; i < 40 && (await span()) > 1.2e6; i++) {
    const p = await chart.evaluate(
      (el, t) =>
        (
          el as unknown as { miglabChart: { convertToPixel(f: object, v: number[]): number[] } }
        ).miglabChart.convertToPixel({ xAxisIndex: 0, yAxisIndex: 0 }, [t, 0]),
      at,
    )
    await page.mouse.move(box.x + p[0], box.y + p[1])
    for (let j = 0; j < 4; j++) {
      await page.mouse.wheel(0, -100)
      await page.waitForTimeout(16)
    }
  }
  const zoomMs = Date.now() - z0
  const e0 = Date.now()
  await page.waitForFunction(
    () =>
      (globalThis as unknown as Doc).document.querySelector('[data-testid=timeline-chart]')?.dataset.exact === 'true',
    undefined,
    { timeout: 60_000 },
  )
  const exactMs = Date.now() - e0
  const frames = await page.evaluate(() => {
    const w = globalThis as unknown as Frames
    w.stop_ = true
    return w.frames_.slice(1)
  })
  return { firstRenderMs, frames, zoomMs, exactMs, finalSpan: await span() }
}

export async function benchTimeline(flags: BenchArgs): Promise<void> {
  const reps = intFlag(flags, 'reps', 5)
  const root = mkdtempSync(join(tmpdir(), 'miglab-bench-timeline-'))
  const service = new LabService({
    transport: 'browser',
    version: 'bench',
    workers: { scenario: join(here, 'scenario-worker.js'), run: join(here, 'run-worker.js') },
    resourcesDir: join(ROOT, 'resources'),
    recentFile: join(root, 'recent.json'),
    roots: [root],
  })
  let served: { url: string; child: ChildProcess } | undefined
  try {
    const s0 = performance.now()
    const big = await makeRun(service, join(root, 'million'), '256MiB')
    const simulateMs = performance.now() - s0
    const small = await makeRun(service, join(root, 'baseline'), '256KiB')
    if (big.records < 1_000_000) throw new Error(`the large run has only ${big.records} timeline records`)
    console.log(
      `# runs: ${big.records} records (simulated and stored in ${(simulateMs / 1000).toFixed(1)} s), baseline ${small.records}`,
    )

    // The service: one window call per span, `reps` times each (the first call of all parses the run).
    const duration = 240e9
    const at = 30e9 // inside the first round of page faults
    for (const [label, run] of [
      ['million', big],
      ['baseline', small],
    ] as const) {
      const p0 = performance.now()
      await service.timeline(join(root, label), run.key, { from: 0, to: duration, maxRecords: BUDGET })
      const parseMs = performance.now() - p0
      const fields: Record<string, string | number> = {
        bench: 'timeline-service',
        run: label,
        records: run.records,
        first_ms: parseMs,
      }
      for (const span of [240e9, 24e9, 2.4e9, 240e6, 24e6, 2.4e6, 1e6]) {
        const from = Math.max(0, at - span / 2)
        const times: number[] = []
        let got = 0
        for (let i = 0; i < reps; i++) {
          const t0 = performance.now()
          const w = await service.timeline(join(root, label), run.key, { from, to: from + span, maxRecords: BUDGET })
          times.push(performance.now() - t0)
          got = w.timeline.segments.lane.length + w.timeline.points.lane.length
        }
        fields[`ms_${span / 1e6}ms`] = median(times)
        fields[`n_${span / 1e6}ms`] = got
      }
      console.log(resultLine(fields))
    }

    // The browser: the same two runs opened and zoomed in the app.
    const { chromium } = await import('playwright-core')
    served = await serveLab(root)
    const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'miglab-bench-chromium-')), {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-sync'],
    })
    try {
      const figures: Record<string, UiFigures> = {}
      for (const label of ['baseline', 'million']) {
        const page = await ctx.newPage()
        figures[label] = await measureUi(page, served.url, label, at)
        await page.close()
        const f = figures[label]
        console.log(
          resultLine({
            bench: 'timeline-ui',
            run: label,
            first_render_ms: f.firstRenderMs,
            zoom_ms: f.zoomMs,
            frames: f.frames.length,
            frame_median_ms: median(f.frames),
            frame_p95_ms: quantile(f.frames, 0.95),
            frame_max_ms: Math.max(...f.frames),
            exact_after_ms: f.exactMs,
            final_span_us: Math.round(f.finalSpan / 1e3),
          }),
        )
      }
      const [a, b] = [figures.million, figures.baseline]
      console.log(
        resultLine({
          bench: 'timeline-ratio',
          records_ratio: big.records / small.records,
          first_render_ratio: a.firstRenderMs / b.firstRenderMs,
          frame_median_ratio: median(a.frames) / median(b.frames),
          frame_p95_ratio: quantile(a.frames, 0.95) / quantile(b.frames, 0.95),
          renderer: 'headless-chromium-software',
        }),
      )
    } finally {
      await ctx.close()
    }
  } finally {
    served?.child.kill('SIGINT')
    await service.close()
    rmSync(root, { recursive: true, force: true })
  }
}

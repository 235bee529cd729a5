// A run with a failed job, end to end in headless Chromium against a real `miglab serve`: the
// founding study reduced to Mobile IPv4 and HIP, with the remote user's host made legacy (an
// unmodified stack). HIP needs a HIP stack at both ends, so its job is refused when it starts; the
// queue must say so — the failed count on the run, the job marked failed with the reason — while
// the Mobile IPv4 job runs and lands in the results.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, SCREENSHOTS } from './browser'
import { type Served, serve } from './serve'

const EXAMPLE = resolve('resources/examples/founding-study')

describe('a run with a failed job, in the browser against miglab serve', () => {
  let server: Served
  let ctx: BrowserContext
  let page: Page
  const errors: string[] = []

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'miglab-runs-e2e-'))
    const project = join(root, 'legacy-user')
    cpSync(EXAMPLE, project, { recursive: true })
    const manifest = JSON.parse(readFileSync(join(project, 'miglab.json'), 'utf8'))
    const user = manifest.spec.topology.nodes.find((n: { name: string }) => n.name === 'user')
    if (!user) throw new Error('the founding study has no node "user": update this test')
    user.legacy = true
    writeFileSync(join(project, 'miglab.json'), `${JSON.stringify(manifest, null, 2)}\n`)
    const script = readFileSync(join(project, 'scenario.ts'), 'utf8')
    const reduced = script
      .replace(/architectures: \[[^\]]*\]/, "architectures: ['mobile-ipv4', 'hip']")
      .replace(/mechanisms: \[[^\]]*\]/, "mechanisms: ['eager-all']")
      .replace(/baseline: \{[^}]*\},?/, '')
      .replace('const s = scenario()', "const s = scenario({ duration: '40s' })")
      .replace('s.replications(2)', 's.replications(1)')
    if (reduced === script) throw new Error('the founding study script changed shape: update this test')
    writeFileSync(join(project, 'scenario.ts'), reduced)

    server = await serve(root)
    ctx = await launch()
    page = await ctx.newPage()
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(server.url)
    await page.getByTestId('welcome-open').click()
    await page.getByTestId('folder-dialog').getByText('legacy-user', { exact: true }).click()
    await page.getByTestId('folder-dialog-confirm').click()
    await page.getByTestId('pane-results').waitFor()
  }, 180_000)

  afterAll(async () => {
    await ctx?.close()
    await server?.stop()
  })

  it("says which of the study's drawn settings the script replaces", async () => {
    // Nothing selected: the inspector shows the study, whose drawn duration (60 s) the script replaces.
    const note = page.getByTestId('study-override-note')
    await expect
      .poll(() => note.textContent(), { timeout: 30_000 })
      .toContain("the script replaces the project's duration")
    expect(await note.textContent()).toContain("the script replaces the project's compare")
  })

  it('marks the refused job failed with its reason; the other job runs and lands in the results', async () => {
    await expect.poll(() => page.getByTestId('run-summary').textContent(), { timeout: 30_000 }).toContain('2 runs')
    await page.getByTestId('run-start').click()
    const row = page.getByTestId('run-row').first()
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 120_000 }).toBe('done')
    await expect.poll(() => row.getByTestId('run-count').textContent()).toBe('2/2 jobs')
    await expect.poll(() => row.locator('.failed-count').textContent()).toBe('1 failed')
    await row.getByRole('button', { name: 'Show jobs' }).click()
    const jobs = row.getByTestId('job-row')
    await expect.poll(() => jobs.count()).toBe(2)
    // Failed jobs are listed first, with the engine's reason.
    const failed = jobs.first()
    expect(await failed.locator('.state-badge').textContent()).toBe('failed')
    expect(await failed.locator('.job-label').textContent()).toContain('hip × eager-all')
    const why = (await failed.locator('.job-error').textContent()) ?? ''
    expect(why).toContain('hip cannot serve workload "typing"')
    expect(why).toContain('user is a legacy host without a HIP stack')
    const other = jobs.nth(1)
    expect(await other.locator('.state-badge').textContent()).toBe('done')
    expect(await other.locator('.job-label').textContent()).toContain('mobile-ipv4 × eager-all')
    // The successful configuration, and only it, is in the results table (architectures by short name).
    const rows = page.locator('[data-testid="results-table"] tbody tr')
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1)
    expect(await rows.first().textContent()).toContain('MIPv4')
    await page.screenshot({ path: resolve(SCREENSHOTS, 'run-failed-job.png'), style: '.notices { display: none }' })
    expect(errors).toEqual([])
  })
})

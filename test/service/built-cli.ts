// The built CLI bundle (miglab.js and the worker entries the lab service starts), built once per
// test run into a private folder under out/ and shared by the test files of that run: vitest's
// test processes are children of one vitest process, so its pid names the run. The first file to
// get here builds; the others wait for it. Folders left by earlier runs are removed.

import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const PREFIX = 'service-test-'
const dir = join(ROOT, 'out', `${PREFIX}${process.ppid}`)

export interface BuiltCli {
  dir: string
  cli: string
  scenarioWorker: string
  runWorker: string
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export async function builtCli(): Promise<BuiltCli> {
  const built: BuiltCli = {
    dir,
    cli: join(dir, 'miglab.js'),
    scenarioWorker: join(dir, 'scenario-worker.js'),
    runWorker: join(dir, 'run-worker.js'),
  }
  const marker = join(dir, '.built')
  const failed = join(dir, '.failed')
  for (const name of readdirSync(join(ROOT, 'out'), { withFileTypes: true })) {
    const pid = Number(name.name.slice(PREFIX.length))
    if (name.isDirectory() && name.name.startsWith(PREFIX) && pid !== process.ppid && !alive(pid))
      rmSync(join(ROOT, 'out', name.name), { recursive: true, force: true })
  }
  try {
    mkdirSync(dir, { recursive: false })
  } catch {
    const until = Date.now() + 120_000
    while (!existsSync(marker)) {
      if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'))
      if (Date.now() > until) throw new Error(`the CLI build in ${dir} did not finish within 120 s`)
      await new Promise((r) => setTimeout(r, 200))
    }
    return built
  }
  try {
    execFileSync('npx', ['vite', 'build', '-c', 'vite.cli.config.ts', '--outDir', dir, '--logLevel', 'error'], {
      cwd: ROOT,
      stdio: 'pipe',
    })
  } catch (e) {
    const message = `building the CLI into ${dir} failed: ${String((e as { stderr?: unknown }).stderr ?? e)}`
    writeFileSync(failed, message)
    throw new Error(message)
  }
  writeFileSync(marker, '')
  return built
}

// Builds the CLI (and its worker entries) once if it is missing, for tests that need real workers.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

export const OUT = resolve('out/cli')
export const RUN_WORKER = resolve(OUT, 'run-worker.js')
export const CLI = resolve(OUT, 'miglab.js')

export function ensureBuilt(): void {
  if (existsSync(RUN_WORKER) && existsSync(CLI)) return
  execFileSync('npx', ['vite', 'build', '-c', 'vite.cli.config.ts'], { stdio: 'inherit' })
}

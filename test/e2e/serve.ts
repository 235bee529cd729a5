// Starts a real `miglab serve` (the built CLI and renderer, as `npm run build` leaves them) on a
// free port, over a temporary root folder, with its own user configuration folder so the tests
// never touch the machine's list of recent projects.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const CLI = resolve(process.env.MIGLAB_CLI ?? 'out/cli/miglab.js')

export interface Served {
  url: string
  root: string
  process: ChildProcess
  output: () => string
  stop: () => Promise<void>
}

export async function serve(root = mkdtempSync(join(tmpdir(), 'miglab-e2e-root-'))): Promise<Served> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is not built: run \`npm run build\` first (or set MIGLAB_CLI)`)
  if (!existsSync(resolve('out/renderer/index.html')))
    throw new Error('out/renderer is not built: run `npm run build` first')
  const config = mkdtempSync(join(tmpdir(), 'miglab-e2e-config-'))
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--root', root, '--workers', '2'], {
    env: { ...process.env, XDG_CONFIG_HOME: config },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d) => {
    out += String(d)
  })
  child.stderr.on('data', (d) => {
    out += String(d)
  })
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`miglab serve printed no URL within 30 s:\n${out}`)), 30_000)
    const look = () => {
      const m = /(http:\/\/\S+\?token=\S+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m[1]!)
      }
    }
    child.stdout.on('data', look)
    child.once('exit', (code) => fail(new Error(`miglab serve exited with ${code}:\n${out}`)))
  })
  // A server that dies under a test says why in the test's output, not only as refused connections.
  let stopping = false
  child.once('exit', (code, signal) => {
    if (!stopping)
      process.stderr.write(`miglab serve exited (code ${code}, signal ${signal}) during the tests:\n${out}\n`)
  })
  return {
    url,
    root,
    process: child,
    output: () => out,
    stop: () =>
      new Promise<void>((done) => {
        stopping = true
        if (child.exitCode !== null) return done()
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000)
        child.once('exit', () => {
          clearTimeout(kill)
          done()
        })
        child.kill('SIGINT')
      }),
  }
}

// What `miglab serve` does (loaded only when the command runs): start the lab service on the
// chosen root folder, serve it with the built renderer, print the URL with the token, and on
// Ctrl+C stop cleanly — runs in progress are cancelled, the jobs they finished stay stored.
import { readFileSync, statSync } from 'node:fs'
import { availableParallelism, hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { LabService } from '../service/lab'
import { isLoopback, startLabServer } from '../service/lab-server'
import { userConfigDir } from '../service/user-config'
import type { ServeCommandOptions, ServeFiles } from './commands/serve'

function fail(message: string, code = 2): void {
  console.error(`miglab serve: ${message}`)
  process.exitCode = code
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

export async function serveCommand(o: ServeCommandOptions, files: ServeFiles): Promise<void> {
  const port = Number(o.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return fail(`--port must be a TCP port number (0-65535), got "${o.port}"`)
  const workers = o.workers === undefined ? availableParallelism() : Number(o.workers)
  if (!Number.isInteger(workers) || workers < 1) return fail(`--workers must be a positive integer, got "${o.workers}"`)
  const root = resolve(o.root ?? process.cwd())
  if (!isFolder(root)) return fail(`--root ${root}: no such folder`)
  const rendererDir = join(files.packageRoot, 'out', 'renderer')
  const rendered = isFolder(rendererDir) ? rendererDir : null
  if (!rendered) console.error(`miglab serve: ${rendererDir} is not built (npm run build): serving the lab API only`)
  const pkg = JSON.parse(readFileSync(join(files.packageRoot, 'package.json'), 'utf8')) as { version: string }

  const service = new LabService({
    transport: 'browser',
    version: pkg.version,
    workers: { scenario: files.scenarioWorker, run: files.runWorker },
    resourcesDir: join(files.packageRoot, 'resources'),
    recentFile: join(userConfigDir(), 'recent-projects.json'),
    roots: [root],
    runWorkers: workers,
  })
  let server: Awaited<ReturnType<typeof startLabServer>>
  try {
    server = await startLabServer({ service, rendererDir: rendered, host: o.host, port })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') return fail(`port ${port} is in use: choose another with --port (0: any free port)`, 1)
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      return fail(`--host ${o.host}: not an address of this machine`)
    throw e
  }

  if (!isLoopback(o.host)) {
    console.error(
      `miglab serve: WARNING: listening on ${o.host}, not only on this machine. Anyone who can reach port ${server.port} ` +
        `and has the token can open, change and run the projects under ${root}. The connection is plain HTTP ` +
        '(not encrypted): use it on a network you trust, or tunnel it (ssh -L).',
    )
  }
  console.log(`MigLab lab service: projects under ${root}`)
  console.log("Open this URL in a browser (it holds this start's token: keep it to yourself):")
  console.log(`    ${server.url}`)
  if (!isLoopback(o.host))
    console.log(`    from other machines: http://${hostname()}:${server.port}/?token=${server.token}`)
  console.log('Press Ctrl+C to stop.')

  await new Promise<void>((done) => {
    let stopping = false
    const stop = () => {
      if (stopping) {
        console.error('miglab serve: stopping now')
        process.exit(130)
      }
      stopping = true
      console.error('\nmiglab serve: stopping (runs in progress are cancelled; finished jobs stay in the results)')
      void Promise.all([server.close(), service.close()]).then(() => done())
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

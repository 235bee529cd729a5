// The WebSocket transport end to end: the lab service behind a real HTTP server, driven by a
// real WebSocket client speaking wire.ts. Without the token (or with a wrong one, or from another
// site's page) the connection is refused; bad calls get clear, located errors; events stream;
// the built renderer is served with its media types and the CSP; and `miglab serve` itself starts,
// prints the URL with the token, answers on it and stops on Ctrl+C.

import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { RunStatus } from '../../src/service/api'
import { type LabServer, startLabServer } from '../../src/service/lab-server'
import { type WireCall, type WireEvent, type WireReply, WS_PATH } from '../../src/service/wire'
import { type BuiltCli, builtCli } from './built-cli'
import { draft, type LabFixture, labFixture } from './lab-fixture'

let built: BuiltCli
beforeAll(async () => {
  built = await builtCli()
}, 150_000)

/** A tiny built renderer, so the static side is tested without a full build. */
const renderer = mkdtempSync(join(tmpdir(), 'miglab-renderer-'))
mkdirSync(join(renderer, 'assets'))
writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>MigLab</title>')
writeFileSync(join(renderer, 'assets/app.js'), 'export {}')
writeFileSync(join(renderer, 'assets/sandbox.wasm'), Buffer.from([0, 97, 115, 109]))
afterAll(() => rmSync(renderer, { recursive: true, force: true }))

let fx: LabFixture
let server: LabServer
afterEach(async () => {
  await server?.close()
  await fx?.cleanup()
})

async function start(): Promise<void> {
  fx = labFixture({
    confined: true,
    transport: 'browser',
    workers: { scenario: built.scenarioWorker, run: built.runWorker },
  })
  server = await startLabServer({ service: fx.service, rendererDir: renderer, port: 0 })
}

/** Connects; resolves with the open socket, or rejects with the HTTP status of the refusal. */
function connect(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${WS_PATH}${query}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

/** A wire client: calls by id, events collected. */
function client(ws: WebSocket) {
  let next = 1
  const pending = new Map<number, (r: WireReply) => void>()
  const events: WireEvent[] = []
  const strays: WireReply[] = []
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as WireReply | WireEvent
    if ('event' in m) events.push(m)
    else if (pending.has(m.id)) pending.get(m.id)?.(m)
    else strays.push(m)
  })
  return {
    events,
    strays,
    call(method: string, ...params: unknown[]): Promise<WireReply> {
      const id = next++
      const call: WireCall = { id, method: method as WireCall['method'], params }
      ws.send(JSON.stringify(call))
      return new Promise((resolve) => pending.set(id, resolve))
    },
  }
}

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = ''
      res.on('data', (c) => {
        body += c
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
      .on('error', reject)
      .end()
  })
}

describe('who may connect', () => {
  it('refuses a connection without the token, with a wrong token, or from another site', async () => {
    await start()
    await expect(connect('')).rejects.toThrow('HTTP 401')
    await expect(connect('?token=guess')).rejects.toThrow('HTTP 401')
    await expect(connect(`?token=${server.token.slice(0, -1)}x`)).rejects.toThrow('HTTP 401')
    await expect(connect(`?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow('HTTP 403')
    await expect(connect(`?token=${server.token}`, { host: 'evil.example' })).rejects.toThrow('HTTP 403')
    const ws = await connect(`?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` })
    const reply = await client(ws).call('info')
    expect(reply).toMatchObject({ ok: true, value: { transport: 'browser', miglab: '0.1.0-test' } })
    ws.close()
  })

  it('prints a URL that carries the token', async () => {
    await start()
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    expect(server.token.length).toBeGreaterThanOrEqual(32)
  })
})

describe('calls', () => {
  it('carries answers and located errors, and refuses unknown methods and bad arguments clearly', async () => {
    await start()
    const ws = await connect(`?token=${server.token}`)
    const c = client(ws)
    const dir = join(fx.home, 'study')
    const created = await c.call('createProject', dir, 'Study')
    expect(created).toMatchObject({ ok: true, value: { path: dir, draft: { name: 'Study' } } })
    expect(await c.call('listDir')).toMatchObject({ ok: true, value: { path: fx.home, parent: null } })

    expect(await c.call('deleteEverything')).toMatchObject({
      ok: false,
      error: { name: 'BadRequest', message: expect.stringContaining('unknown method "deleteEverything"') },
    })
    expect(await c.call('constructor')).toMatchObject({ ok: false, error: { name: 'BadRequest' } })
    expect(await c.call('openProject', 42)).toMatchObject({
      ok: false,
      error: { name: 'BadRequest', errors: [{ path: 'params[0]', message: expect.stringContaining('string') }] },
    })
    expect(await c.call('saveProject', dir, { name: 'Study' })).toMatchObject({
      ok: false,
      error: {
        name: 'BadRequest',
        errors: expect.arrayContaining([expect.objectContaining({ path: 'params[1].spec' })]),
      },
    })
    expect(await c.call('openProject', 'study')).toMatchObject({
      ok: false,
      error: { errors: [{ path: 'params[0]', message: 'must be an absolute path' }] },
    })
    expect(await c.call('openProject', '/etc')).toMatchObject({ ok: false, error: { name: 'NotAllowed' } })

    writeFileSync(join(dir, 'miglab.json'), '{ "formatVersion": 1, "name": 3 }')
    expect(await c.call('openProject', dir)).toMatchObject({
      ok: false,
      error: { name: 'ProjectError', errors: [{ path: 'name', line: 1, file: join(dir, 'miglab.json') }] },
    })

    ws.send('{ not json')
    ws.send(JSON.stringify({ method: 'info', params: [] }))
    await expect.poll(() => c.strays.length).toBe(2)
    expect(c.strays.map((r) => r.ok === false && r.error.name)).toEqual(['BadRequest', 'BadRequest'])
    ws.close()
  })

  it('streams a run’s progress as events to the connection', async () => {
    await start()
    const ws = await connect(`?token=${server.token}`)
    const c = client(ws)
    const project = join(fx.home, 'study')
    await c.call('createProject', project, 'Study')
    const spec = {
      specVersion: 1,
      name: 'Study',
      duration: '10s',
      topology: {
        networks: [{ name: 'cluster', kind: 'lan', prefix: '10.1.0.0/24', bandwidth: '100Mbps' }],
        nodes: [
          { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
          { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
          { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
          { name: 'remote', kind: 'host', role: 'remote' },
        ],
        links: [{ a: 'gw', b: 'remote', latency: '20ms', bandwidth: '10Mbps' }],
      },
      processes: [{ name: 'shell', host: 'ws1', memory: { size: '8MB' } }],
      workloads: [{ kind: 'interactive', name: 'typing', process: 'shell', client: 'remote' }],
      migrations: [{ process: 'shell', to: 'ws2', at: '3s' }],
      compare: { architectures: ['none'], mechanisms: ['eager-all'] },
    }
    const started = await c.call('startRun', { project, draft: draft({ name: 'Study', spec }), workers: 1 })
    expect(started).toMatchObject({ ok: true, value: { state: 'running', total: 1 } })
    const id = (started as { value: RunStatus }).value.id
    await expect
      .poll(
        () =>
          c.events.some((e) => e.event.kind === 'run' && e.event.status.id === id && e.event.status.state === 'done'),
        {
          timeout: 30_000,
        },
      )
      .toBe(true)
    const results = await c.call('listResults', project)
    expect(results).toMatchObject({ ok: true, value: [{ status: 'ok', job: { architecture: 'none' } }] })
    ws.close()
  })
})

describe('the page', () => {
  it('serves the built renderer with media types, the CSP and no way out of its folder', async () => {
    await start()
    const page = await get('/?token=x')
    expect(page.status).toBe(200)
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(page.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`)
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await get('/assets/sandbox.wasm')).headers['content-type']).toBe('application/wasm')
    expect((await get('/../../etc/passwd')).status).toBe(404)
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404)
    expect((await get('/missing.js')).status).toBe(404)
    expect((await get('/', { host: 'rebound.example' })).status).toBe(403)
  })
})

describe('miglab serve', () => {
  let child: ChildProcess | undefined
  afterEach(() => {
    if (child?.exitCode === null) child.kill('SIGKILL')
  })

  it('prints the URL with the token, answers on it only with the token, and stops on Ctrl+C', async () => {
    const root = mkdtempSync(join(tmpdir(), 'miglab-serve-'))
    child = spawn(process.execPath, [built.cli, 'serve', '--port', '0', '--root', root], { stdio: 'pipe' })
    let out = ''
    let err = ''
    child.stdout?.on('data', (d) => {
      out += d
    })
    child.stderr?.on('data', (d) => {
      err += d
    })
    await expect.poll(() => /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.test(out), { timeout: 20_000 }).toBe(true)
    const url = new URL(/http:\/\/\S+/.exec(out)?.[0] ?? '')
    const token = url.searchParams.get('token') ?? ''
    const lab = `ws://${url.host}${WS_PATH}`
    const refused = await new Promise<number>((resolve) => {
      new WebSocket(lab).once('unexpected-response', (_q, res) => resolve(res.statusCode ?? 0))
    })
    expect(refused).toBe(401)
    const ws = new WebSocket(`${lab}?token=${encodeURIComponent(token)}`)
    await new Promise((resolve) => ws.once('open', resolve))
    const c = client(ws)
    expect(await c.call('listDir')).toMatchObject({ ok: true, value: { path: root } })
    ws.close()

    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(err).toContain('stopping')
    rmSync(root, { recursive: true, force: true })
  })

  it('refuses a bad port and a root that is not there', async () => {
    const run = (...args: string[]) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const p = spawn(process.execPath, [built.cli, 'serve', ...args], { stdio: 'pipe' })
        let err = ''
        p.stderr.on('data', (d) => {
          err += d
        })
        p.once('exit', (code) => resolve({ code, err }))
      })
    expect(await run('--port', 'eighty')).toMatchObject({ code: 2, err: expect.stringContaining('--port must be') })
    expect(await run('--port', '0', '--root', '/no/such/folder')).toMatchObject({
      code: 2,
      err: expect.stringContaining('no such folder'),
    })
  })
})

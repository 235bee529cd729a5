// `miglab serve`: the lab service over a WebSocket, and the built renderer over HTTP, so the app
// runs in a browser against this machine's projects (and browser tests drive the real service).
// Whoever holds the per-start token can do what the app can with files under the served root,
// so the token is required on the WebSocket (401 without it), a browser's connection must come
// from a page this server served (same origin), and bound to loopback the server answers only to
// loopback host names, so a web page that rebinds its own name to 127.0.0.1 gets nowhere.

import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import type { LabApi } from './api'
import { dispatch } from './dispatch'
import { securityHeaders, serveFile } from './static-files'
import { type WireEvent, type WireReply, WS_PATH } from './wire'

export interface LabServerOptions {
  service: LabApi
  /** The built renderer (out/renderer); null serves only the WebSocket (and says why on /). */
  rendererDir: string | null
  /** Interface to listen on: loopback by default. */
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** The token a client must give; default a fresh random one. */
  token?: string
}

export interface LabServer {
  /** The page to open, token included. */
  url: string
  token: string
  host: string
  port: number
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost'])
/** Largest message a client may send (a draft with a big topology and script fits easily). */
const MAX_MESSAGE_BYTES = 32 * 1024 * 1024

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.')
}

/** `host:port` from a Host header, without brackets around IPv6. */
function hostName(header: string | undefined): string | null {
  if (!header) return null
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::\d+)?$/.exec(header)
  return m ? (m[1] ?? m[2] ?? null) : null
}

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function refuse(socket: Duplex, code: number, reason: string, message: string): void {
  socket.end(
    `HTTP/1.1 ${code} ${reason}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  )
}

export async function startLabServer(o: LabServerOptions): Promise<LabServer> {
  const host = o.host ?? '127.0.0.1'
  const token = o.token ?? randomBytes(24).toString('base64url')
  const loopbackOnly = isLoopback(host)
  const hostAllowed = (req: IncomingMessage) => {
    if (!loopbackOnly) return true
    const name = hostName(req.headers.host)
    return name !== null && isLoopback(name)
  }

  const server = createServer((req, res) => {
    if (!hostAllowed(req)) {
      res.writeHead(403, { ...securityHeaders(''), 'content-type': 'text/plain; charset=utf-8' })
      res.end('this MigLab server answers only to loopback addresses (127.0.0.1, localhost)')
      return
    }
    void serveFile(o.rendererDir, req, res)
  })
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname !== WS_PATH) return refuse(socket, 404, 'Not Found', `the lab is at ${WS_PATH}`)
    if (!hostAllowed(req)) return refuse(socket, 403, 'Forbidden', 'loopback host names only')
    if (!sameToken(url.searchParams.get('token'), token))
      return refuse(socket, 401, 'Unauthorized', 'a valid token is needed: open the URL `miglab serve` printed')
    const origin = req.headers.origin
    if (origin !== undefined && origin !== `http://${req.headers.host}`)
      return refuse(socket, 403, 'Forbidden', `connections from ${origin} are not accepted`)
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
  })

  wss.on('connection', (ws: WebSocket) => {
    const send = (m: WireReply | WireEvent) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m))
    }
    const unsubscribe = o.service.subscribe((event) => send({ event }))
    ws.on('message', (data, isBinary) => {
      let call: unknown
      try {
        if (isBinary) throw new Error('binary frames are not calls')
        call = JSON.parse(String(data))
      } catch (e) {
        send({ id: -1, ok: false, error: { name: 'BadRequest', message: `not a JSON call: ${(e as Error).message}` } })
        return
      }
      void dispatch(o.service, call).then(send)
    })
    ws.on('close', unsubscribe)
    ws.on('error', unsubscribe)
  })

  await new Promise<void>((ok, fail) => {
    server.once('error', fail)
    server.listen(o.port ?? 0, host, () => {
      server.off('error', fail)
      ok()
    })
  })
  const { port } = server.address() as AddressInfo
  // Listening on every interface, this machine reaches itself on loopback; else on the address given.
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host
  return {
    url: `http://${shown}:${port}/?token=${token}`,
    token,
    host,
    port,
    close: async () => {
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((ok) => wss.close(() => ok()))
      server.closeAllConnections()
      await new Promise<void>((ok) => server.close(() => ok()))
    },
  }
}

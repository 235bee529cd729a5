// Serving the built renderer (out/renderer) to a browser, for `miglab serve`: files only from that
// folder, with their media types, and the same Content-Security-Policy the desktop window has,
// sent as a header so it also forbids framing (a meta tag cannot). The page itself holds no data:
// everything the lab knows goes over the WebSocket, which needs the token.

import { readFile, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, relative, resolve } from 'node:path'

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

/** The policy of src/renderer/index.html, tightened: WebSockets only back to this server. */
export function contentSecurityPolicy(host: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "img-src 'self' data: blob:",
    "worker-src 'self' blob:",
    // The Host header is the client's to write: only a plain host[:port] goes into the policy.
    /^[\w.:[\]-]+$/.test(host) ? `connect-src 'self' ws://${host}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

export function securityHeaders(host: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(host),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'x-frame-options': 'DENY',
  }
}

/** Answers a GET or HEAD for a file of `root` (null: the renderer is not built). */
export async function serveFile(root: string | null, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const host = req.headers.host ?? ''
  const headers = securityHeaders(host)
  const send = (code: number, text: string) => {
    res.writeHead(code, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
    res.end(req.method === 'HEAD' ? undefined : text)
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD')
    return send(405, 'method not allowed')
  }
  if (root === null)
    return send(503, 'the MigLab renderer is not built here: run `npm run build`, then start `miglab serve` again')
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  } catch {
    return send(400, 'bad path')
  }
  const file = resolve(join(root, pathname === '/' ? 'index.html' : pathname))
  const rel = relative(root, file)
  if (rel.startsWith('..') || rel.includes('\0')) return send(404, 'not found')
  try {
    if (!(await stat(file)).isFile()) return send(404, 'not found')
    const body = await readFile(file)
    res.writeHead(200, {
      ...headers,
      'content-type': MEDIA_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': body.length,
      // The page is always fetched fresh (a new build, a new token); hashed assets may be revalidated.
      'cache-control': extname(file) === '.html' ? 'no-store' : 'no-cache',
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  } catch {
    send(404, 'not found')
  }
}

// Session-wide security of the desktop app: the renderer may ask for no permission (camera,
// notifications, clipboard reads, ...) — MigLab needs none — and every web contents, whoever
// created it, opens no window and attaches no <webview>. Responses served over http (the dev
// server) get the same Content-Security-Policy as the page's meta tag, so development runs under
// the policy the built app has.
import type { App, Session } from 'electron'

/** The renderer's policy (src/renderer/index.html); the dev server also needs its HMR WebSocket. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; " +
  "img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self' ws://localhost:* ws://127.0.0.1:*; " +
  "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders }
    if (/^https?:/.test(details.url)) headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]
    callback({ responseHeaders: headers })
  })
}

export function hardenEveryContents(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })
}

// Session-wide rules: every permission refused, the CSP on responses from the dev server, and no
// web contents (whoever made it) opening windows or webviews.
import { beforeEach, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, hardenEveryContents, hardenSession } from '../../src/main/security'
import { FakeWebContents, fakeApp, fakeSession, resetFakes } from './fake-electron'

beforeEach(resetFakes)
const session = () => fakeSession.defaultSession as unknown as Electron.Session

describe('session', () => {
  it('refuses every permission request and check', () => {
    hardenSession(session())
    const asked: boolean[] = []
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read'] as const) {
      fakeSession.defaultSession.permissionRequest?.({} as Electron.WebContents, permission, (ok) => asked.push(ok), {
        requestingUrl: 'file:///x',
        isMainFrame: true,
      } as Electron.PermissionRequest)
    }
    expect(asked).toEqual([false, false, false, false])
    expect(fakeSession.defaultSession.permissionCheck?.(null, 'media', 'file://', {} as never)).toBe(false)
  })

  it('puts the CSP on http responses (the dev server) and leaves others alone', () => {
    hardenSession(session())
    const headersOf = (url: string) => {
      let out: Record<string, string[]> | undefined
      fakeSession.defaultSession.headers?.({ url, responseHeaders: { 'X-A': ['1'] } }, (r) => {
        out = r.responseHeaders
      })
      return out
    }
    expect(headersOf('http://localhost:5173/')).toEqual({
      'X-A': ['1'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    })
    expect(headersOf('file:///app/index.html')).toEqual({ 'X-A': ['1'] })
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';")
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
  })
})

describe('every web contents', () => {
  it('opens no window and attaches no webview', () => {
    hardenEveryContents(fakeApp as unknown as Electron.App)
    const c = new FakeWebContents()
    fakeApp.emit('web-contents-created', {}, c)
    expect(c.fire('will-attach-webview', {}, {})).toBe(true)
    expect(c.windowOpenHandler?.({ url: 'https://x' } as Electron.HandlerDetails)).toEqual({ action: 'deny' })
  })
})

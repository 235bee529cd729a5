// One call as a transport received it, checked and carried out: the method must be one LabApi
// has, the arguments must fit it, and whatever happens the caller gets a WireReply — the value,
// or an error with a name, a message and the located problems. Shared by the WebSocket server and
// the Electron IPC handler, so both refuse the same things with the same words.

import { formatPath } from '../engine/scenario/errors'
import type { LabApi } from './api'
import { CALL_PARAMS, isLabMethod } from './call-schemas'
import { toWireError } from './lab-error'
import type { WireReply } from './wire'

const bad = (id: number, message: string, errors?: { path: string; message: string }[]): WireReply => ({
  id,
  ok: false,
  error: errors ? { name: 'BadRequest', message, errors } : { name: 'BadRequest', message },
})

/** Carries out `call` (anything: it came from outside) on `api`. Never throws. */
export async function dispatch(api: LabApi, call: unknown): Promise<WireReply> {
  if (typeof call !== 'object' || call === null || Array.isArray(call))
    return bad(-1, 'a call is an object { id, method, params }')
  const { id, method, params } = call as Record<string, unknown>
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return bad(-1, 'a call needs an integer id')
  if (!isLabMethod(method))
    return bad(id, `unknown method ${JSON.stringify(method)}; the lab has: ${Object.keys(CALL_PARAMS).join(', ')}`)
  if (!Array.isArray(params)) return bad(id, `${method}: params must be an array of arguments`)
  const checked = CALL_PARAMS[method].safeParse(params)
  if (!checked.success) {
    const errors = checked.error.issues.map((i) => ({
      path: `params${formatPath(i.path).replace(/^([^[])/, '.$1')}`,
      message: i.message,
    }))
    return bad(id, `${method}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, errors)
  }
  try {
    const fn = api[method] as (...args: unknown[]) => Promise<unknown>
    const value = await fn.apply(api, checked.data)
    return { id, ok: true, value: value ?? null }
  } catch (e) {
    return { id, ok: false, error: toWireError(e) }
  }
}

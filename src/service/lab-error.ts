// Errors the lab service gives its callers, in the one shape both transports carry: a name the
// renderer can switch on, a message a researcher can act on, and the located problems (a spec
// with errors, a damaged project file) so the editor can underline them where they are.

import type { LabError } from './api'
import { ProjectError } from './project'
import type { WireError } from './wire'

/** Why a call was refused; the renderer shows the message and, when there are some, the errors. */
export type LabErrorName =
  | 'BadRequest' // a method or argument the API does not have
  | 'NotAllowed' // a path outside the folders this service may touch
  | 'NotFound' // a run, example or folder that is not there
  | 'SpecErrors' // the scenario has errors (each one located)
  | 'Busy' // the project already has a run going
  | 'RunFailed' // a rerun of a stored job did not complete

export class LabCallError extends Error {
  constructor(
    override readonly name: LabErrorName,
    message: string,
    readonly errors: LabError[] = [],
  ) {
    super(message)
  }
}

/** Turns anything a call threw into what goes over the wire (never a stack trace). */
export function toWireError(e: unknown): WireError {
  if (e instanceof LabCallError) return { name: e.name, message: e.message, errors: e.errors }
  if (e instanceof ProjectError) return { name: e.name, message: e.message, errors: e.errors }
  if (e instanceof Error) return { name: e.name, message: e.message }
  return { name: 'Error', message: String(e) }
}

// A failed call to the lab service, as the renderer sees it whatever carried it: the service's
// error name and message, and the located problems it sent (a damaged project file, a spec with
// errors), so dialogs can say where.
import type { LabError } from '../../../service/api'
import type { WireError } from '../../../service/wire'

export class LabCallError extends Error {
  readonly errors: LabError[]

  constructor(error: WireError) {
    super(error.message)
    this.name = error.name
    this.errors = error.errors ?? []
  }
}

/** The message of anything thrown, for a notice. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

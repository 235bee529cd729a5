// Which folders the lab service may touch. Behind `miglab serve`, a browser names paths on the
// serving machine, so every path a call names must lie inside the folders the server was started
// on (its --root); in the desktop app the user picks folders in native dialogs and any folder
// goes. Either way the bundled examples are read-only: they are opened as copies, so nothing a
// researcher does changes the app's own files. Symbolic links are resolved before the check, so a
// link inside a root cannot lead outside it.

import { realpathSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { LabCallError } from './lab-error'

export interface PathPolicy {
  /** Folders calls may read and write under; null: anywhere (the desktop app). */
  roots: readonly string[] | null
  /** Folders that may be read but never written (the bundled examples). */
  readOnly: readonly string[]
}

/** The real path of `path`, resolving links in the part that exists (the rest may be created later). */
function realPath(path: string): string {
  const missing: string[] = []
  let at = resolve(path)
  for (;;) {
    try {
      return join(realpathSync(at), ...missing.reverse())
    } catch {
      const up = dirname(at)
      if (up === at) return resolve(path)
      missing.push(basename(at))
      at = up
    }
  }
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

export class PathGuard {
  readonly roots: readonly string[] | null
  private readonly readOnly: readonly string[]

  constructor(policy: PathPolicy) {
    this.roots = policy.roots?.map(realPath) ?? null
    this.readOnly = policy.readOnly.map(realPath)
  }

  /** `path`, resolved, when calls may read it; otherwise a NotAllowed error naming `what`. */
  readable(path: string, what: string): string {
    const real = this.absolute(path, what)
    if (this.roots && ![...this.roots, ...this.readOnly].some((r) => inside(r, real)))
      throw new LabCallError(
        'NotAllowed',
        `${what} ${path} is outside the folders this lab serves (${this.describe()})`,
      )
    return real
  }

  /** `path`, resolved, when calls may write under it. */
  writable(path: string, what: string): string {
    const real = this.absolute(path, what)
    if (this.readOnly.some((r) => inside(r, real)))
      throw new LabCallError(
        'NotAllowed',
        `${what} ${path} is inside the bundled examples, which are read-only: open a copy of the example instead`,
      )
    if (this.roots && !this.roots.some((r) => inside(r, real)))
      throw new LabCallError(
        'NotAllowed',
        `${what} ${path} is outside the folders this lab serves (${this.describe()})`,
      )
    return real
  }

  /** Whether `path` is one of the roots (a folder browser stops going up there). */
  isRoot(path: string): boolean {
    const real = realPath(path)
    return (this.roots ?? []).some((r) => r === real) || this.readOnly.some((r) => r === real)
  }

  private absolute(path: string, what: string): string {
    if (!isAbsolute(path)) throw new LabCallError('BadRequest', `${what} must be an absolute path, got "${path}"`)
    return realPath(path)
  }

  private describe(): string {
    return (this.roots ?? []).join(', ')
  }
}

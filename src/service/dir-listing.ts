// The folder browser's view of the serving machine (the browser has no native dialog): one
// folder's subfolders and files, projects marked, hidden entries left out, never above a root.

import { access, readdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { DirEntry, DirListing } from './api'
import { LabCallError } from './lab-error'
import type { PathGuard } from './path-guard'
import { MANIFEST_FILE } from './project'

export async function listDirectory(guard: PathGuard, requested: string): Promise<DirListing> {
  const path = guard.readable(requested, 'the folder')
  let entries: import('node:fs').Dirent[]
  try {
    entries = await readdir(path, { withFileTypes: true })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new LabCallError('NotFound', `${requested}: no such folder`)
    if (code === 'ENOTDIR') throw new LabCallError('BadRequest', `${requested} is a file, not a folder`)
    throw new LabCallError('NotAllowed', `${requested} cannot be read (${code ?? (e as Error).message})`)
  }
  const listed: DirEntry[] = await Promise.all(
    entries
      .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || e.isFile()))
      .map(async (e) => {
        const full = join(path, e.name)
        const folder = e.isDirectory()
        const project =
          folder &&
          (await access(join(full, MANIFEST_FILE)).then(
            () => true,
            () => false,
          ))
        return { name: e.name, path: full, kind: folder ? 'folder' : 'file', project } satisfies DirEntry
      }),
  )
  listed.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1))
  const up = dirname(path)
  const parent = guard.isRoot(path) || up === path ? null : up
  return { path, parent, entries: listed }
}

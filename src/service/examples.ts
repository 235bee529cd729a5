// The example projects bundled with MigLab (resources/examples/<id>/, each a project folder):
// listed with the title and description their manifests give, and copied into a new folder when a
// researcher opens one, so the bundle itself is never changed.

import { access, cp, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { ExampleInfo } from './api'
import { AUTOSAVE_FILE } from './autosave'
import { LabCallError } from './lab-error'
import { MANIFEST_FILE, RESULTS_DIR, readProject } from './project'

/** Examples in `dir`, by id; one whose manifest cannot be read is reported through `warn` and left out. */
export async function listExamples(dir: string, warn: (message: string) => void): Promise<ExampleInfo[]> {
  let names: string[]
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name)
  } catch {
    return []
  }
  const out: ExampleInfo[] = []
  for (const id of names.sort()) {
    const path = join(dir, id)
    const isProject = await access(join(path, MANIFEST_FILE)).then(
      () => true,
      () => false,
    )
    if (!isProject) continue
    try {
      const { manifest } = await readProject(path)
      const description = typeof manifest.spec.description === 'string' ? manifest.spec.description : ''
      out.push({ id, title: manifest.name, description, path })
    } catch (e) {
      warn(`example ${id} is left out: ${(e as Error).message}`)
    }
  }
  return out
}

/**
 * Copies example `id` into `target`, which must not exist yet (a researcher's folder is never
 * overwritten). Results and autosaves the example folder may hold are not copied.
 */
export async function copyExampleTo(dir: string, id: string, target: string): Promise<void> {
  if (!/^[\w.-]+$/.test(id) || id.startsWith('.')) throw new LabCallError('BadRequest', `"${id}" is not an example id`)
  const source = join(dir, id)
  await access(join(source, MANIFEST_FILE)).catch(() => {
    throw new LabCallError('NotFound', `there is no example "${id}"`)
  })
  const taken = await access(target).then(
    () => true,
    () => false,
  )
  if (taken) throw new LabCallError('BadRequest', `${target} already exists: choose a new folder for the copy`)
  await cp(source, target, {
    recursive: true,
    errorOnExist: true,
    force: false,
    filter: (src) => {
      const rel = src.slice(source.length + 1)
      return rel !== RESULTS_DIR && !rel.startsWith(`${RESULTS_DIR}/`) && !rel.startsWith(AUTOSAVE_FILE)
    },
  })
}

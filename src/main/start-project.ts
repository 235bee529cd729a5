// Which project the window opens with: one named on the command line (`miglab-desktop DIR`, or a
// folder dropped on the app icon), else the last one worked on, else — the first time MigLab
// starts — a copy of the bundled founding study in Documents/MigLab, so a new user lands on a
// complete study they can run at once.
import { access } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import type { LabApi } from '../service/api'
import { MANIFEST_FILE } from '../service/project'

/** The founding study's folder under resources/examples/. */
export const FOUNDING_STUDY = 'founding-study'

async function isProject(dir: string): Promise<boolean> {
  return access(join(dir, MANIFEST_FILE)).then(
    () => true,
    () => false,
  )
}

/** A project folder named among the arguments (after the executable and Electron's own flags). */
export async function projectInArgs(args: readonly string[], cwd: string): Promise<string | null> {
  for (const arg of args.slice(1).reverse()) {
    if (arg.startsWith('-')) continue
    const dir = isAbsolute(arg) ? arg : resolve(cwd, arg)
    if (await isProject(dir)) return dir
  }
  return null
}

export async function startProject(
  service: Pick<LabApi, 'recentProjects' | 'examples' | 'copyExample'>,
  o: { args: readonly string[]; cwd: string; projectsHome: string },
): Promise<string | null> {
  const named = await projectInArgs(o.args, o.cwd)
  if (named) return named
  const [last] = await service.recentProjects()
  if (last) return last
  const founding = (await service.examples()).find((e) => e.id === FOUNDING_STUDY)
  if (!founding) return null
  const copy = join(o.projectsHome, founding.title.replace(/[/\\:*?"<>|]+/g, ' ').trim() || FOUNDING_STUDY)
  if (await isProject(copy)) return copy
  return (await service.copyExample(founding.id, copy)).path
}

// The recent projects list: a small JSON file in the user's configuration folder, newest first.
// Projects that have gone (moved, deleted, on an unplugged disk) are left out when listing, not
// forgotten, so they come back when the disk does.

import { access, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { MANIFEST_FILE } from './project'
import { atomicWrite } from './store'

const RecentFile = z.object({ format: z.literal('miglab-recent'), projects: z.array(z.string()) })

export class RecentProjects {
  constructor(
    readonly file: string,
    private readonly limit = 12,
  ) {}

  /** Every remembered project folder, newest first (a missing or damaged file is an empty list). */
  private async stored(): Promise<string[]> {
    try {
      const parsed = RecentFile.safeParse(JSON.parse(await readFile(this.file, 'utf8')))
      return parsed.success ? parsed.data.projects : []
    } catch {
      return []
    }
  }

  /** The remembered projects that are still there, newest first. */
  async list(): Promise<string[]> {
    const all = await this.stored()
    const present = await Promise.all(
      all.map((dir) =>
        access(join(dir, MANIFEST_FILE)).then(
          () => true,
          () => false,
        ),
      ),
    )
    return all.filter((_, i) => present[i])
  }

  async clear(): Promise<void> {
    atomicWrite(this.file, `${JSON.stringify({ format: 'miglab-recent', projects: [] }, null, 2)}\n`)
  }

  async add(dir: string): Promise<void> {
    const projects = [dir, ...(await this.stored()).filter((d) => d !== dir)].slice(0, this.limit)
    atomicWrite(this.file, `${JSON.stringify({ format: 'miglab-recent', projects }, null, 2)}\n`)
  }
}

// Unsaved work kept safe: the renderer sends its draft every few seconds while it differs from
// the saved project, and it is written (atomically) to a side file in the project folder, so a
// crash, a power cut or a killed browser loses at most those seconds. Opening the project offers
// the draft back when it differs from what was saved. The file is named in .gitignore, so a
// project kept in git does not commit it. A damaged side file is moved aside, never deleted.

import { readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { ProjectDraft } from './api'
import { ProjectDraftShape } from './project-draft'
import { atomicWrite } from './store'

export const AUTOSAVE_FILE = '.miglab-autosave'

const AutosaveFile = z.strictObject({
  format: z.literal('miglab-autosave'),
  version: z.literal(1),
  savedAt: z.string(),
  draft: ProjectDraftShape,
})

export type AutosaveRead =
  | { kind: 'none' }
  | { kind: 'draft'; draft: ProjectDraft; savedAt: string }
  | { kind: 'damaged'; keptAs: string; why: string }

export function writeAutosave(dir: string, draft: ProjectDraft, now = new Date()): void {
  const file: z.infer<typeof AutosaveFile> = {
    format: 'miglab-autosave',
    version: 1,
    savedAt: now.toISOString(),
    draft: draft as z.infer<typeof ProjectDraftShape>,
  }
  atomicWrite(join(dir, AUTOSAVE_FILE), `${JSON.stringify(file)}\n`)
}

export async function readAutosave(dir: string): Promise<AutosaveRead> {
  const path = join(dir, AUTOSAVE_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return { kind: 'none' }
  }
  let why: string
  try {
    const parsed = AutosaveFile.safeParse(JSON.parse(text))
    if (parsed.success) return { kind: 'draft', draft: parsed.data.draft as ProjectDraft, savedAt: parsed.data.savedAt }
    why = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')
  } catch (e) {
    why = (e as Error).message
  }
  const keptAs = `${path}.damaged-${Date.now()}`
  await rename(path, keptAs)
  return { kind: 'damaged', keptAs, why }
}

export async function discardAutosave(dir: string): Promise<void> {
  await rm(join(dir, AUTOSAVE_FILE), { force: true })
}

// A project's editable content as the renderer holds it (ProjectDraft) and as the project folder
// stores it (manifest + scenario.ts): the conversion both ways, the shape check a draft coming
// from a transport or an autosave file must pass, and whether two drafts are the same.

import { z } from 'zod'
import { canonicalJson } from '../engine/run/canonical'
import type { ProjectDraft } from './api'
import { PROJECT_FORMAT, type Project, type ProjectManifestInput } from './project'

/** The shape of a draft; the spec inside is checked in depth by compile, which locates errors. */
export const ProjectDraftShape = z.strictObject({
  name: z.string().min(1, 'a project needs a name'),
  spec: z.record(z.string(), z.unknown()),
  layout: z.record(z.string(), z.unknown()),
  settings: z.strictObject({ scriptTimeLimit: z.string(), scriptMemoryLimit: z.string() }),
  script: z.string().max(1_000_000, 'scenario.ts is limited to 1 MB').nullable(),
})

export function draftOf(project: Project): ProjectDraft {
  const { name, spec, layout, settings } = project.manifest
  return { name, spec: spec as ProjectDraft['spec'], layout, settings, script: project.script }
}

export function manifestOf(draft: ProjectDraft): ProjectManifestInput {
  return {
    formatVersion: PROJECT_FORMAT,
    name: draft.name,
    spec: draft.spec as Record<string, unknown>,
    layout: draft.layout,
    settings: draft.settings,
  }
}

/** Same content, whatever the order of keys. */
export function sameDraft(a: ProjectDraft, b: ProjectDraft): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

// A MigLab project is a folder a researcher can keep in git:
//   miglab.json   the manifest: name, format version, the part of the scenario drawn on the canvas,
//                 the editor's layout and the project's settings
//   scenario.ts   optional: the script that starts from the drawn part and adds to it
//   results/      the results store (written by the run layer)
// Every write is atomic (a temporary file renamed over the old one), so a crash leaves the old
// file or the new one, never half of each. A manifest this MigLab cannot read, because it is
// damaged or written by a newer version, is reported with what is wrong and never overwritten.

import { access, mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { z } from 'zod'
import { parseDuration, parseSize } from '../engine/core/units'
import { type CompileResult, compileScenario, type ScriptRunner } from '../engine/scenario/compile'
import { formatSpecError, issuesToErrors, type SpecError } from '../engine/scenario/errors'
import { locateInJson, parseJsonText } from '../engine/scenario/json-text'
import type { MeaningOptions } from '../engine/scenario/meaning'
import { PositiveDuration, PositiveSize } from '../engine/scenario/spec'
import { upgradeDocument, type VersionChain } from '../engine/scenario/versions'

export const MANIFEST_FILE = 'miglab.json'
export const SCRIPT_FILE = 'scenario.ts'
export const RESULTS_DIR = 'results'
export const PROJECT_FORMAT = 1

export const ProjectSettings = z.strictObject({
  scriptTimeLimit: PositiveDuration.default('2s').describe('how long scenario.ts may run in the sandbox'),
  scriptMemoryLimit: PositiveSize.default('64MiB').describe('how much memory scenario.ts may use in the sandbox'),
})

export const ProjectManifest = z.strictObject({
  formatVersion: z.literal(PROJECT_FORMAT),
  name: z.string().min(1),
  spec: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('the scenario as drawn on the canvas: a ScenarioSpec, complete unless scenario.ts completes it'),
  layout: z.record(z.string(), z.unknown()).default({}).describe("the editor's panels and viewport; the app's own"),
  settings: ProjectSettings.default({ scriptTimeLimit: '2s', scriptMemoryLimit: '64MiB' }),
})
export type ProjectManifest = z.infer<typeof ProjectManifest>
export type ProjectManifestInput = z.input<typeof ProjectManifest>

/** Project format 1 is the first, so there is nothing to upgrade yet. */
export const MANIFEST_VERSIONS: VersionChain = {
  what: 'project manifest',
  field: 'formatVersion',
  current: PROJECT_FORMAT,
  steps: {},
}

/** A project that cannot be read or written; `errors` say where, `file` which file. */
export class ProjectError extends Error {
  readonly errors: SpecError[]
  constructor(
    readonly file: string,
    errors: SpecError[],
    summary: string,
  ) {
    const located = errors.map((e) => ({ ...e, file: e.file ?? file }))
    super(`${summary}:\n${located.map((e) => `  ${formatSpecError(e)}`).join('\n')}`)
    this.name = 'ProjectError'
    this.errors = located
  }
}

export interface Project {
  dir: string
  manifest: ProjectManifest
  /** scenario.ts, or null when the project has none. */
  script: string | null
  /** E.g. that the manifest was upgraded from an older format (it is rewritten only on save). */
  notes: string[]
}

export function newManifest(name: string): ProjectManifest {
  return ProjectManifest.parse({ formatVersion: PROJECT_FORMAT, name })
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}

/** Reads and checks the manifest, with its text (for locating errors in it). */
async function readManifest(dir: string): Promise<{ manifest: ProjectManifest; text: string; notes: string[] }> {
  const path = join(dir, MANIFEST_FILE)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    const message =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found: this folder is not a MigLab project' : String(e)
    throw new ProjectError(path, [{ path: '', message }], `cannot open the project in ${dir}`)
  }
  const parsed = parseJsonText(text, path)
  if (!parsed.ok) throw new ProjectError(path, parsed.errors, `${path} is damaged`)
  const upgraded = upgradeDocument(parsed.value, MANIFEST_VERSIONS)
  if (!upgraded.ok) throw new ProjectError(path, locateInJson(text, path, [upgraded.error]), `cannot read ${path}`)
  const checked = ProjectManifest.safeParse(upgraded.doc, { reportInput: true })
  if (!checked.success) {
    throw new ProjectError(path, locateInJson(text, path, issuesToErrors(checked.error.issues)), `${path} is damaged`)
  }
  return { manifest: checked.data, text, notes: upgraded.notes }
}

export async function readProject(dir: string): Promise<Project> {
  const { manifest, notes } = await readManifest(dir)
  const scriptPath = join(dir, SCRIPT_FILE)
  const script = (await exists(scriptPath)) ? await readFile(scriptPath, 'utf8') : null
  return { dir, manifest, script, notes }
}

/**
 * Saves a project: the manifest, and scenario.ts when `script` is a string (undefined leaves the
 * file as it is; a script is never deleted by a save). Refuses to overwrite a manifest this
 * version cannot read, and to write a manifest that is not valid.
 */
export async function writeProject(dir: string, project: { manifest: ProjectManifestInput; script?: string }) {
  const path = join(dir, MANIFEST_FILE)
  const checked = ProjectManifest.safeParse(project.manifest, { reportInput: true })
  if (!checked.success)
    throw new ProjectError(path, issuesToErrors(checked.error.issues), 'the manifest to save is not valid')
  if (await exists(path)) {
    try {
      await readManifest(dir)
    } catch (e) {
      if (!(e instanceof ProjectError)) throw e
      throw new ProjectError(path, e.errors, `${path} was not overwritten, because this MigLab cannot read it`)
    }
  }
  await mkdir(dir, { recursive: true })
  await writeFileAtomic(path, `${JSON.stringify(checked.data, null, 2)}\n`)
  if (project.script !== undefined) await writeFileAtomic(join(dir, SCRIPT_FILE), project.script)
}

export interface CompileProjectOptions extends MeaningOptions {
  /** How to run scenario.ts; default in this thread (the CLI and the app pass a worker runner). */
  runScript?: ScriptRunner
}

// Loaded on first use: callers that run scripts in a worker never load QuickJS in this thread.
const inThisThread: ScriptRunner = async (input, limits) =>
  (await import('../engine/scenario/sandbox')).runScenarioScript(input, limits)

/** The project's validated spec: the drawn part, and scenario.ts starting from it when there is one. */
// Errors name the files by their path from `dir` as given, so the CLI can print them as they are.
export async function compileProject(dir: string, options: CompileProjectOptions = {}): Promise<CompileResult> {
  const { manifest, text, notes } = await readManifest(dir)
  const scriptPath = join(dir, SCRIPT_FILE)
  const source = (await exists(scriptPath)) ? await readFile(scriptPath, 'utf8') : null
  const result = await compileScenario(
    {
      drawn: manifest.spec,
      drawnFile: { name: join(dir, MANIFEST_FILE), text, at: ['spec'] },
      script: source === null ? null : { source, filename: scriptPath },
    },
    {
      ...options,
      runScript: options.runScript ?? inThisThread,
      limits: {
        timeLimitMs: parseDuration(manifest.settings.scriptTimeLimit) / 1e6,
        memoryBytes: parseSize(manifest.settings.scriptMemoryLimit),
      },
    },
  )
  return result.ok ? { ...result, notes: [...notes, ...result.notes] } : result
}

// A LabService on temporary folders for tests: its own recent-projects file, a resources folder
// with the shipped scenario typings and one example (the cluster project of the scenario tests),
// and optionally a root the service is confined to, as behind `miglab serve --root`.

import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ProjectDraft } from '../../src/service/api'
import { LabService, type LabServiceOptions } from '../../src/service/lab'
import { ROOT } from './built-cli'

export const CLUSTER_FIXTURE = join(ROOT, 'test/scenario/fixtures/cluster')

export interface LabFixture {
  service: LabService
  /** A scratch folder for projects (the root, when the service is confined). */
  home: string
  resources: string
  recentFile: string
  warnings: string[]
  cleanup(): Promise<void>
}

export function labFixture(
  o: { confined?: boolean; workers?: LabServiceOptions['workers']; transport?: 'desktop' | 'browser' } = {},
): LabFixture {
  const base = mkdtempSync(join(tmpdir(), 'miglab-lab-'))
  const home = join(base, 'home')
  const resources = join(base, 'resources')
  mkdirSync(home)
  mkdirSync(join(resources, 'examples'), { recursive: true })
  cpSync(join(ROOT, 'resources/scenario-api.d.ts'), join(resources, 'scenario-api.d.ts'))
  cpSync(CLUSTER_FIXTURE, join(resources, 'examples', 'cluster'), { recursive: true })
  const warnings: string[] = []
  const recentFile = join(base, 'config', 'recent-projects.json')
  const service = new LabService({
    transport: o.transport ?? 'desktop',
    version: '0.1.0-test',
    // Project tests never start a worker; compile and run tests pass the built ones.
    workers: o.workers ?? { scenario: join(base, 'no-scenario-worker.js'), run: join(base, 'no-run-worker.js') },
    resourcesDir: resources,
    recentFile,
    roots: o.confined ? [home] : null,
    runWorkers: 1,
    warn: (m) => warnings.push(m),
  })
  return {
    service,
    home,
    resources,
    recentFile,
    warnings,
    cleanup: async () => {
      await service.close()
      rmSync(base, { recursive: true, force: true })
    },
  }
}

/**
 * The drawn part of a draft. api.ts types it as a complete spec input, but what is drawn is often
 * partial (a new project's is empty; a script completes it), which the service accepts.
 */
export const drawn = (spec: Record<string, unknown>) => spec as ProjectDraft['spec']

/** A draft as the renderer would send it; `spec` may be partial. */
export function draft(
  over: Omit<Partial<ProjectDraft>, 'spec'> & { spec?: Record<string, unknown> } = {},
): ProjectDraft {
  const { spec, ...rest } = over
  return {
    name: 'Eviction study',
    layout: {},
    settings: { scriptTimeLimit: '2s', scriptMemoryLimit: '64MiB' },
    script: null,
    ...rest,
    spec: drawn(spec ?? {}),
  }
}

/** What a promise rejected with (fails the test when it resolved). */
export async function rejection(p: Promise<unknown>): Promise<Error & { errors?: unknown[] }> {
  const outcome = await p.then(
    (v) => ({ resolved: v }),
    (e: unknown) => ({ error: e }),
  )
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.resolved)}`)
  return outcome.error as Error & { errors?: unknown[] }
}

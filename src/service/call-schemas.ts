// The arguments of every LabApi method a transport may carry, as zod schemas: a call from a
// browser tab or the renderer is checked here before the service sees it, so a wrong method or a
// malformed argument gets a clear, located message instead of a failure deep inside. The spec in
// a draft is only checked for being an object here; compile checks it in depth and locates errors.

import { isAbsolute } from 'node:path'
import { z } from 'zod'
import { ProjectDraftShape } from './project-draft'
import type { LabMethod } from './wire'

const Path = z
  .string()
  .min(1, 'a path is needed')
  .refine((p) => isAbsolute(p), 'must be an absolute path')
const Name = z.string().min(1).max(200)
const Ids = z.array(z.string().min(1)).min(1, 'choose at least one')
const RunKey = z.string().regex(/^[0-9a-f]{64}$/, 'not a run key')

const RunRequest = z.strictObject({
  project: Path,
  draft: ProjectDraftShape,
  architectures: Ids.optional(),
  mechanisms: Ids.optional(),
  replications: z.int().min(1).max(10_000).optional(),
  workers: z.int().min(1).max(256).optional(),
})

const RunQuery = z.strictObject({
  architecture: z.string().optional(),
  mechanism: z.string().optional(),
  pointIndex: z.int().min(0).optional(),
  seed: z.int().min(0).optional(),
  scope: z.enum(['study', 'store']).optional(),
})

const TimelineWindow = z.strictObject({
  from: z.number().min(0),
  to: z.number().min(0),
  maxRecords: z.int().min(1).max(1_000_000).optional(),
})

const Configuration = z.strictObject({ architecture: z.string().min(1), mechanism: z.string().min(1) })
const FigureFields = {
  figure: z.enum([
    'outage-freeze',
    'overhead-stacked',
    'metric-vs-parameter',
    'cdf',
    'timeline',
    'metric-bars',
    'paired-difference',
  ]),
  metric: z.string().optional(),
  metrics: z.array(z.string().min(1)).min(1).max(12).optional(),
  parameter: z.string().optional(),
  runKey: RunKey.optional(),
  migration: z.int().min(0).optional(),
  point: z.int().min(0).optional(),
  baseline: Configuration.optional(),
  mechanisms: z.array(z.string().min(1)).min(1).optional(),
  scale: z.enum(['linear', 'log', 'auto']).optional(),
}
const FigureQuery = z.strictObject(FigureFields)
const Figure = z.strictObject({
  kind: z.literal('figure'),
  ...FigureFields,
  width: z.enum(['single', 'double']).optional(),
})
const Table = z.strictObject({
  kind: z.literal('table'),
  table: z.enum(['metrics', 'intrusiveness']),
  metrics: z.array(z.string()).optional(),
})
const ExportRequest = z.strictObject({
  project: Path,
  what: z.discriminatedUnion('kind', [Figure, Table]),
  format: z.enum(['svg', 'pdf', 'tex', 'csv', 'md']),
})

/** Each callable method's parameter list. */
export const CALL_PARAMS: Record<LabMethod, z.ZodType<unknown[]>> = {
  info: z.tuple([]),
  catalog: z.tuple([]),
  examples: z.tuple([]),
  listDir: z.tuple([Path.optional()]),
  createProject: z.tuple([Path, Name]),
  openProject: z.tuple([Path]),
  copyExample: z.tuple([z.string().min(1), Path]),
  saveProject: z.tuple([Path, ProjectDraftShape]),
  autosave: z.tuple([Path, ProjectDraftShape]),
  discardAutosave: z.tuple([Path]),
  recentProjects: z.tuple([]),
  compile: z.tuple([ProjectDraftShape, z.string().min(1).max(200).optional()]),
  typings: z.tuple([ProjectDraftShape]),
  startRun: z.tuple([RunRequest]),
  cancelRun: z.tuple([z.string().min(1)]),
  runs: z.tuple([]),
  listResults: z.tuple([Path, RunQuery.optional()]),
  getResult: z.tuple([Path, RunKey]),
  analysis: z.tuple([Path]),
  timeline: z.tuple([Path, RunKey, TimelineWindow.optional()]),
  tracePackets: z.tuple([
    Path,
    RunKey,
    z.number().int().min(0),
    z.number().int().min(0),
    z.int().min(1).max(1_000_000).optional(),
  ]),
  runInfo: z.tuple([Path, RunKey]),
  runTraffic: z.tuple([
    Path,
    RunKey,
    z
      .array(z.strictObject({ from: z.number().int().min(0), to: z.number().int().min(0) }))
      .min(1)
      .max(16),
  ]),
  figure: z.tuple([Path, FigureQuery]),
  resultsTable: z.tuple([Path]),
  export: z.tuple([ExportRequest]),
}

export function isLabMethod(name: unknown): name is LabMethod {
  return typeof name === 'string' && Object.hasOwn(CALL_PARAMS, name)
}

// Provenance: what a reviewer needs to rebuild an exported number. Every artefact (SVG and PDF
// metadata, a comment in LaTeX and CSV, a block in the report) carries it. Wall-clock time is
// left out unless a caller asks for it, because it would make two exports of the same results
// differ byte for byte.

import type { SweepValue } from '../scenario/spec'
import type { StudyResults } from './study-results'

export interface Provenance {
  study: string
  /** Hash of the scenario spec the results came from (the results store's key part). */
  scenarioHash: string
  engineVersion: string
  /** The spec's base seed, when the spec was at hand. */
  baseSeed: number | null
  /** Sweep points the artefact shows: index and parameter values (path -> value). */
  points: { index: number; point: Record<string, SweepValue> }[]
  /** Seeds of the runs behind the artefact, ascending; empty when only the analysis table was at hand. */
  seeds: number[]
  /** Result keys of the runs behind the artefact. */
  runIds: string[]
  /** ISO time of the export, only when the caller asked for it (it breaks byte-identical output). */
  generatedAt?: string
}

/**
 * Provenance of an artefact covering `pointIndices` (all points of the table when absent): the
 * runs of those points when the runs are at hand, else the table's run keys.
 */
export function provenanceOf(study: StudyResults, pointIndices?: readonly number[]): Provenance {
  const { table, spec, runs, generatedAt } = study
  const wanted = pointIndices ? new Set(pointIndices) : null
  const points = new Map<number, Record<string, SweepValue>>()
  for (const row of table.rows) {
    if ((wanted === null || wanted.has(row.pointIndex)) && !points.has(row.pointIndex)) {
      points.set(row.pointIndex, row.point)
    }
  }
  const usedRuns = (runs ?? []).filter((r) => wanted === null || wanted.has(r.job.pointIndex))
  const runIds = runs ? usedRuns.map((r) => r.key) : [...table.runKeys]
  const provenance: Provenance = {
    study: table.study,
    scenarioHash: table.specHash,
    engineVersion: table.engineVersion,
    baseSeed: spec ? spec.seed : null,
    points: [...points.entries()].sort((a, b) => a[0] - b[0]).map(([index, point]) => ({ index, point })),
    seeds: [...new Set(usedRuns.map((r) => r.job.seed))].sort((a, b) => a - b),
    runIds: [...new Set(runIds)].sort(),
  }
  if (generatedAt !== undefined) provenance.generatedAt = generatedAt
  return provenance
}

/** `path=value, path=value` for one sweep point; "no sweep" for the empty point. */
export function formatPoint(point: Record<string, SweepValue>): string {
  const entries = Object.entries(point)
  return entries.length === 0 ? 'no sweep' : entries.map(([k, v]) => `${k}=${String(v)}`).join(', ')
}

/**
 * Provenance as plain text lines, for comments (LaTeX `%`, CSV `#`) and metadata. Long run-id
 * lists stay on one line each so a comment never breaks a table parser.
 */
export function provenanceLines(p: Provenance): string[] {
  const lines = [
    `MigLab engine ${p.engineVersion}; study "${p.study}"`,
    `scenario hash: ${p.scenarioHash}`,
    `sweep points: ${p.points.map((pt) => `#${pt.index} (${formatPoint(pt.point)})`).join('; ') || 'none'}`,
    `base seed: ${p.baseSeed ?? 'unknown (spec not given)'}; run seeds: ${p.seeds.join(' ') || 'unknown (runs not given)'}`,
    `runs (${p.runIds.length}): ${p.runIds.join(' ')}`,
  ]
  if (p.generatedAt !== undefined) lines.push(`generated at: ${p.generatedAt}`)
  return lines
}

/** A compact one-line form for PDF Keywords and SVG descriptions. */
export function provenanceKeywords(p: Provenance): string {
  return provenanceLines(p).join(' | ')
}

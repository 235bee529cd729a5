// Errors in a scenario, in one shape whatever found them (the schema, the meaning checks, the
// sandbox, the project reader): a dot path into the spec (`topology.links[3].latency`), a message
// a researcher can act on, and where the text that caused it is, when it came from a file or a
// script. The CLI prints them as `file:line:column: path: message`; the editor underlines them.

import type { z } from 'zod'

export interface SpecError {
  /** Dot path into the spec, array elements by index: `topology.links[3].latency`; '' for the whole spec. */
  path: string
  message: string
  /** The file the text came from (`scenario.ts`, `miglab.json`, `spec.json`), when known. */
  file?: string
  /** 1-based line and column in that file, when known. */
  line?: number
  column?: number
}

export type SpecPath = readonly PropertyKey[]

/** `['topology', 'links', 3, 'latency']` -> `topology.links[3].latency`. */
export function formatPath(path: SpecPath): string {
  let out = ''
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out
}

/** `topology.links[3].latency` -> `['topology', 'links', 3, 'latency']` (the inverse of formatPath). */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = []
  for (const part of path.split('.')) {
    if (part === '') continue
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part)
    if (!m) {
      out.push(part)
      continue
    }
    if (m[1]) out.push(m[1])
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]))
  }
  return out
}

/** `file:line:column: path: message`, leaving out what is not known. */
export function formatSpecError(e: SpecError): string {
  const where = e.file
    ? [e.file, e.line, e.line !== undefined ? e.column : undefined].filter((x) => x !== undefined)
    : []
  const head = where.length > 0 ? `${where.join(':')}: ` : ''
  return `${head}${e.path ? `${e.path}: ` : ''}${e.message}`
}

type Issue = z.core.$ZodIssue

/**
 * Turns zod issues into SpecErrors. A union that matched no branch reports the branch the input
 * most resembles (the one that found the fewest unknown fields, then the fewest problems), so a
 * sweep parameter written as a range is told what its range lacks rather than that it is not a
 * list of values.
 */
export function issuesToErrors(issues: readonly Issue[], prefix: SpecPath = []): SpecError[] {
  const out: SpecError[] = []
  for (const issue of issues) {
    const path = [...prefix, ...issue.path]
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      out.push(...issuesToErrors(closestBranch(issue.errors), path))
      continue
    }
    if (issue.code === 'unrecognized_keys') {
      // One error per field, at the field itself, so a location points at the misspelt key.
      for (const key of issue.keys) out.push({ path: formatPath([...path, key]), message: `unknown field "${key}"` })
      continue
    }
    out.push({ path: formatPath(path), message: describe(issue) })
  }
  return out
}

function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] {
  const unknownFields = (b: readonly Issue[]) =>
    b.reduce((n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 0), 0)
  return [...branches].sort((x, y) => unknownFields(x) - unknownFields(y) || x.length - y.length)[0]!
}

function describe(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      // `input` is there because validation asks zod to report it.
      if (issue.input === undefined) return `missing: expected ${article(issue.expected)}`
      return `expected ${article(issue.expected)}, got ${describeValue(issue.input)}`
    case 'invalid_union':
      if (issue.discriminator !== undefined && 'options' in issue && issue.options) {
        return `${describeValue(issue.input)} is not one of ${issue.options.map((o) => `"${String(o)}"`).join(', ')}`
      }
      return issue.message
    case 'invalid_value':
      return `${describeValue(issue.input)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    default:
      return issue.message
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`
}

function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'an object'
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`
  return typeof v
}

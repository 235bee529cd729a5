// Parameter paths: how a study names one value of its spec, for sweeps and for the editor's
// completions. Paths go through element *names*, the way a researcher thinks of the setup
// (`topology.links.uplink.latency`, `processes.shell.memory.dirtyRate`,
// `architectureOptions.hip.signCost`); an element of a list without names is addressed by its
// index (`migrations.0.at`). A path is resolved against the schema (is it a field?) and the spec
// (is there such an element?), giving the concrete path to set and the field's schema, so a swept
// value is checked exactly as the field itself would be.

import type { z } from 'zod'
import { ScenarioSpec, type ScenarioSpecInput } from './spec'

type Schema = z.core.$ZodType
type Def = {
  type: string
  innerType?: Schema
  shape?: Record<string, Schema>
  element?: Schema
  valueType?: Schema
  options?: Schema[]
  in?: Schema
}

/** Subtrees that describe the study rather than the system, so sweeping them means nothing. */
const NOT_SWEPT: Record<string, string> = {
  specVersion: 'the spec version is not a parameter',
  name: 'the study name is not a parameter',
  description: 'the description is not a parameter',
  compare: 'architectures and mechanisms are compared by `compare`, not swept',
  sweep: 'a sweep cannot sweep itself',
  replications: 'replications are not a parameter of one run',
  metrics: 'the metrics a study reports are not a parameter',
  figures: 'figures are not a parameter',
}
/** Fields that identify, classify or decorate an element, and are never swept. */
const NOT_SWEPT_FIELDS = new Set(['name', 'kind', 'dist', 'label', 'position', 'generated'])

export type ResolvedPath = { ok: true; path: (string | number)[]; schema: Schema } | { ok: false; message: string }

function def(schema: Schema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def
}

/** Strips optional/default/pipe wrappers down to the schema that says what the value is. */
function unwrap(schema: Schema): Schema {
  let s = schema
  for (;;) {
    const d = def(s)
    if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable') && d.innerType) s = d.innerType
    else if (d.type === 'pipe' && d.in) s = d.in
    else return s
  }
}

function isLeaf(schema: Schema): boolean {
  const d = def(unwrap(schema))
  if (d.type === 'union') return (d.options ?? []).every(isLeaf)
  return ['string', 'number', 'boolean', 'enum', 'literal', 'unknown'].includes(d.type)
}

/** For a union (a distribution, a policy), the option the spec's value actually uses. */
function branchFor(schema: Schema, value: unknown): Schema | undefined {
  const options = def(schema).options ?? []
  return (
    options.find((o) => (o as unknown as z.ZodType).safeParse(value).success) ??
    options.find((o) => {
      // A value with an error elsewhere still picks its branch by its discriminating fields.
      const shape = def(unwrap(o)).shape
      if (!shape || typeof value !== 'object' || value === null) return false
      return Object.entries(shape).some(([k, s]) => {
        const d = def(unwrap(s)) as Def & { values?: unknown[] }
        return d.type === 'literal' && d.values?.includes((value as Record<string, unknown>)[k])
      })
    })
  )
}

/** The name an element goes by in paths: its `name`, or for a link without one, "<a>-<b>". */
export function elementName(element: unknown): string | undefined {
  if (typeof element !== 'object' || element === null) return undefined
  const e = element as { name?: unknown; a?: unknown; b?: unknown }
  if (typeof e.name === 'string') return e.name
  if (typeof e.a === 'string' && typeof e.b === 'string') return `${e.a}-${e.b}`
  return undefined
}

/**
 * Resolves a dot path through names against a spec (validated or as written). Every step is
 * checked: a field the schema has, an element the spec has, ending at a single value.
 */
export function resolvePath(spec: ScenarioSpecInput | Record<string, unknown>, path: string): ResolvedPath {
  const segments = path.split('.')
  if (segments.some((s) => s === '')) return { ok: false, message: `"${path}" is not a path: write names between dots` }
  const refused = NOT_SWEPT[segments[0]!]
  if (refused) return { ok: false, message: `"${path}" cannot be swept: ${refused}` }
  let schema: Schema = ScenarioSpec
  let value: unknown = spec
  const concrete: (string | number)[] = []
  for (const [i, segment] of segments.entries()) {
    const here = concrete.length === 0 ? 'the spec' : `"${segments.slice(0, i).join('.')}"`
    let s = unwrap(schema)
    if (def(s).type === 'union') {
      const branch = branchFor(s, value)
      if (!branch) return { ok: false, message: `${here} is not set in the spec, so "${path}" does not exist` }
      s = unwrap(branch)
    }
    const d = def(s)
    if (d.type === 'object' && d.shape) {
      if (!(segment in d.shape)) {
        return {
          ok: false,
          message: `${here} has no field "${segment}"; its fields: ${Object.keys(d.shape).join(', ')}`,
        }
      }
      if (NOT_SWEPT_FIELDS.has(segment)) return { ok: false, message: `"${path}" cannot be swept: it names an element` }
      schema = d.shape[segment]!
      value = (value as Record<string, unknown> | undefined)?.[segment]
      concrete.push(segment)
    } else if (d.type === 'array' && d.element) {
      const list = Array.isArray(value) ? value : []
      const index = /^\d+$/.test(segment) ? Number(segment) : list.findIndex((e) => elementName(e) === segment)
      if (index < 0 || index >= list.length) {
        const names = list.map((e, j) => elementName(e) ?? String(j))
        return {
          ok: false,
          message: `${here} has no element "${segment}"${names.length > 0 ? `; it has: ${names.join(', ')}` : ' (it is empty)'}`,
        }
      }
      schema = d.element
      value = list[index]
      concrete.push(index)
    } else if (d.type === 'record' && d.valueType) {
      schema = d.valueType
      value = (value as Record<string, unknown> | undefined)?.[segment]
      concrete.push(segment)
    } else {
      return { ok: false, message: `${here} is a single value; "${path}" goes past it` }
    }
  }
  if (!isLeaf(schema)) {
    return { ok: false, message: `"${path}" is not a single value; sweep one of its fields` }
  }
  return { ok: true, path: concrete, schema }
}

/**
 * Every path a spec offers to sweep, for the editor's completions: every single-valued field of
 * every element (whether set or left to its default), plus the option keys already given.
 */
export function sweepablePaths(spec: ScenarioSpecInput | Record<string, unknown>): string[] {
  const out: string[] = []
  const walk = (schema: Schema, value: unknown, prefix: string) => {
    let s = unwrap(schema)
    if (def(s).type === 'union' && !isLeaf(s)) {
      const branch = branchFor(s, value)
      if (!branch) return
      s = unwrap(branch)
    }
    const d = def(s)
    if (isLeaf(s)) out.push(prefix)
    else if (d.type === 'object' && d.shape) {
      for (const [key, field] of Object.entries(d.shape)) {
        if (prefix === '' && key in NOT_SWEPT) continue
        if (NOT_SWEPT_FIELDS.has(key)) continue
        walk(field, (value as Record<string, unknown> | undefined)?.[key], prefix ? `${prefix}.${key}` : key)
      }
    } else if (d.type === 'array' && d.element && Array.isArray(value)) {
      value.forEach((e, i) => {
        walk(d.element!, e, `${prefix}.${elementName(e) ?? i}`)
      })
    } else if (d.type === 'record' && d.valueType && typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) walk(d.valueType, v, `${prefix}.${key}`)
    }
  }
  walk(ScenarioSpec, spec, '')
  return out
}

/** Sets the value at a concrete path in a plain JSON tree, creating the objects on the way. */
export function setAtPath(tree: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = tree
  for (const [i, key] of path.entries()) {
    if (i === path.length - 1) {
      node[key] = value
      return
    }
    const next = node[key]
    if (typeof next !== 'object' || next === null) node[key] = {}
    node = node[key] as Record<string | number, unknown>
  }
}

/**
 * The fields the schema allows at a concrete path (`['processes', 0, 'memory']`) of a spec as
 * written, or undefined where the path does not lead to an object. Used to suggest the field a
 * misspelt one was meant to be.
 */
export function fieldsAt(spec: unknown, path: readonly (string | number)[]): string[] | undefined {
  let schema: Schema = ScenarioSpec
  let value: unknown = spec
  for (const key of [...path, undefined]) {
    let s = unwrap(schema)
    if (def(s).type === 'union') {
      const branch = branchFor(s, value)
      if (!branch) return undefined
      s = unwrap(branch)
    }
    const d = def(s)
    if (key === undefined) return d.type === 'object' && d.shape ? Object.keys(d.shape) : undefined
    const next = typeof key === 'number' ? d.element : (d.shape?.[key] ?? d.valueType)
    if (!next) return undefined
    schema = next
    value = (value as Record<string | number, unknown> | undefined)?.[key]
  }
  return undefined
}

// TypeScript to the JavaScript the sandbox runs. Sucrase strips the types and turns `import` into
// `require` (which the sandbox answers for "miglab" only); it keeps every line where it was, and
// its source map moves columns back to where the user typed them, so an error in the sandbox points
// at the scenario.ts text. Type *checking* is the editor's job (Monaco), not the sandbox's.

import { originalPositionFor, type SourceMapInput, TraceMap } from '@jridgewell/trace-mapping'
import { transform } from 'sucrase'
import type { SpecError } from './errors'

export interface Transpiled {
  code: string
  map: TraceMap
}

export type TranspileResult = { ok: true; script: Transpiled } | { ok: false; error: SpecError }

export function transpileScript(source: string, filename: string): TranspileResult {
  try {
    const out = transform(source, {
      transforms: ['typescript', 'imports'],
      disableESTransforms: true,
      filePath: filename,
      sourceMapOptions: { compiledFilename: `${filename}.js` },
    })
    // Sucrase types the map's version as a number; it is always a version 3 map.
    return { ok: true, script: { code: out.code, map: new TraceMap(out.sourceMap as SourceMapInput) } }
  } catch (e) {
    const err = e as Error & { loc?: { line: number; column: number } }
    // "Error transforming scenario.ts: Unexpected token (2:6)" -> "Unexpected token"
    const message = err.message.replace(/^Error transforming [^:]*: /, '').replace(/ \(\d+:\d+\)$/, '')
    return {
      ok: false,
      error: {
        path: '',
        message: `syntax error: ${message}`,
        file: filename,
        // Sucrase's loc is 1-based in both line and column.
        ...(err.loc ? { line: err.loc.line, column: err.loc.column } : {}),
      },
    }
  }
}

/** A 1-based line and column in the transpiled code -> the same place in the TypeScript source. */
export function sourceLocation(script: Transpiled, line: number, column: number): { line: number; column: number } {
  const p = originalPositionFor(script.map, { line, column: column - 1 })
  // Sucrase keeps lines, so a column it has no mapping for still has the right line.
  return p.line === null ? { line, column } : { line: p.line, column: p.column + 1 }
}

// Specs and manifests are JSON files people edit by hand, so an error in one says where in the
// file it is: a syntax error at its line and column, and a schema error at the line of the value
// its path names. jsonc-parser (the parser VS Code uses for JSON) keeps the offsets JSON.parse
// throws away.

import { findNodeAtLocation, type ParseError, parse, parseTree, printParseErrorCode } from 'jsonc-parser'
import { parsePath, type SpecError } from './errors'

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; errors: SpecError[] }

/** Parses strict JSON (no comments, no trailing commas), reporting errors with their position. */
export function parseJsonText(text: string, file: string): JsonParseResult {
  const problems: ParseError[] = []
  const value = parse(text, problems, { disallowComments: true, allowTrailingComma: false })
  const first = problems[0]
  if (first) {
    // Only the first: the parser recovers and reports knock-on errors at the same place.
    const message = `not valid JSON: ${describeParseError(printParseErrorCode(first.error))}`
    return { ok: false, errors: [{ path: '', message, file, ...lineColumn(text, first.offset) }] }
  }
  return { ok: true, value }
}

/**
 * Adds the file and the position of each error's path in the JSON text. A path that goes past
 * what the file holds (a missing field) points at the deepest part that exists. `prefix` is
 * where the spec sits inside the file (`['spec']` in a project manifest).
 */
export function locateInJson(
  text: string,
  file: string,
  errors: readonly SpecError[],
  prefix: (string | number)[] = [],
): SpecError[] {
  const root = parseTree(text)
  return errors.map((e) => {
    if (!root) return { ...e, file }
    const path = [...prefix, ...parsePath(e.path)]
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(root, path.slice(0, n))
      if (node) {
        // A property's value node; point at its key when there is one, where the eye looks.
        const at = node.parent?.type === 'property' ? node.parent.offset : node.offset
        return { ...e, file, ...lineColumn(text, at) }
      }
    }
    return { ...e, file }
  })
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

function describeParseError(code: string): string {
  const words: Record<string, string> = {
    InvalidSymbol: 'unexpected character',
    InvalidNumberFormat: 'malformed number',
    PropertyNameExpected: 'expected a property name in double quotes',
    ValueExpected: 'expected a value',
    ColonExpected: 'expected ":"',
    CommaExpected: 'expected ","',
    CloseBraceExpected: 'expected "}"',
    CloseBracketExpected: 'expected "]"',
    EndOfFileExpected: 'unexpected text after the end',
    InvalidCommentToken: 'comments are not allowed in JSON',
    UnexpectedEndOfComment: 'unterminated comment',
    UnexpectedEndOfString: 'unterminated string',
    UnexpectedEndOfNumber: 'unterminated number',
    InvalidUnicode: 'invalid \\u escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character in a string',
  }
  return words[code] ?? code
}

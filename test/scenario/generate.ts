// Generates what is derived from the scenario API's source and shipped in the repo:
//   src/engine/scenario/api/bundle.ts   builder.ts with types stripped, as a string the sandbox evaluates
//   resources/scenario-api.d.ts         the API's typings for the editor (Monaco addExtraLib)
//   docs/scripting-api.md               the API reference
//   resources/scenario.schema.json      the ScenarioSpec JSON Schema
// `npm run generate:scenario` writes them, formatted as Biome would; artifacts.test.ts fails when
// one is out of date. It lives with the tests because it needs the TypeScript compiler, a dev
// dependency that nothing at run time may import.

import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { transform } from 'sucrase'
import ts from 'typescript'
import { ARCHITECTURES, MECHANISMS } from '../../src/engine/catalog'
import { scenarioJsonSchema } from '../../src/engine/scenario/json-schema'

const root = fileURLToPath(new URL('../../', import.meta.url))
const API_DIR = `${root}src/engine/scenario/api/`
export const PATHS = {
  bundle: `${API_DIR}bundle.ts`,
  dts: `${root}resources/scenario-api.d.ts`,
  docs: `${root}docs/scripting-api.md`,
  schema: `${root}resources/scenario.schema.json`,
}

/** builder.ts as JavaScript that evaluates to its installScenarioApi function. */
export function bundleJs(): string {
  const source = readFileSync(`${API_DIR}builder.ts`, 'utf8')
  const { code } = transform(source, { transforms: ['typescript', 'imports'], disableESTransforms: true })
  return `(function () {\nvar exports = {};\n${code}\nreturn exports.installScenarioApi;\n})()\n`
}

function bundleModule(): string {
  return [
    '// Generated from builder.ts by `npm run generate:scenario`; do not edit.',
    '// The sandbox evaluates this string in QuickJS before a scenario script (see sandbox.ts).',
    '// biome-ignore-all lint/suspicious/noTemplateCurlyInString: JavaScript source held as a string',
    `export const SCENARIO_API_JS = ${JSON.stringify(bundleJs())}`,
    '',
  ].join('\n')
}

// Building the program is most of the cost; the typings and the docs share one.
let built: { program: ts.Program; file: ts.SourceFile } | undefined
function program(): { program: ts.Program; file: ts.SourceFile } {
  if (built) return built
  const path = `${API_DIR}types.ts`
  const p = ts.createProgram([path], {
    strict: true,
    declaration: true,
    emitDeclarationOnly: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    skipLibCheck: true,
  })
  built = { program: p, file: p.getSourceFile(path)! }
  return built
}

const ids = (entries: readonly { id: string }[]) => entries.map((e) => `'${e.id}'`).join(' | ')

/** The typings as an ambient module 'miglab', plus the same names as globals. */
export function apiDts(): string {
  const { program: p, file } = program()
  let emitted = ''
  p.emit(file, (_name, text) => {
    emitted = text
  })
  const body = emitted
    .replace(/^export \{\};\n/m, '')
    .replace(/^export declare /gm, 'export ')
    .replace(/^declare /gm, '')
    .trimEnd()
    .split('\n')
    .map((l) => (l === '' ? l : `  ${l}`))
    .join('\n')
  return [
    '// MigLab scenario scripting API. Generated from src/engine/scenario/api/types.ts by',
    '// `npm run generate:scenario`; do not edit. Scripts import from "miglab" or use the globals.',
    "declare module 'miglab' {",
    body,
    '',
    '  /** The ids `miglab list` shows. */',
    '  export interface KnownNames {',
    `    architecture: ${ids(ARCHITECTURES)}`,
    `    mechanism: ${ids(MECHANISMS)}`,
    '  }',
    '}',
    '',
    "declare const scenario: typeof import('miglab').scenario",
    "declare const dist: typeof import('miglab').dist",
    '',
  ].join('\n')
}

/** The reference: every exported declaration of types.ts, with its documentation. */
export function apiDocs(): string {
  const { program: p, file } = program()
  const checker = p.getTypeChecker()
  const doc = (node: ts.Node) => {
    const symbol = (node as ts.Node & { name?: ts.Node }).name
      ? checker.getSymbolAtLocation((node as ts.Node & { name: ts.Node }).name)
      : undefined
    return symbol ? ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() : ''
  }
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ')
  // Signatures as written in the source: the checker's printing orders union members by creation.
  const signature = (f: ts.SignatureDeclarationBase) =>
    `(${f.parameters.map((p) => p.getText(file)).join(', ')}): ${f.type?.getText(file) ?? 'void'}`
  const exported = (n: ts.Node) => ts.getCombinedModifierFlags(n as ts.Declaration) & ts.ModifierFlags.Export
  const out: string[] = [
    '# Scenario scripting API',
    '',
    '<!-- Generated from src/engine/scenario/api/types.ts by `npm run generate:scenario`; do not edit. -->',
    '',
    'A `scenario.ts` builds one study with the `miglab` API. Scripts run in a sandbox (QuickJS): they can',
    'import only from `miglab` (or use `scenario` and `dist` as globals), and have no files, network,',
    'timers or process. In a project, `scenario()` starts from what is drawn on the canvas.',
    '',
    '```ts',
    "import { dist, scenario } from 'miglab'",
    '',
    "const s = scenario({ name: 'Interactive job', duration: '60s' })",
    "const lan = s.lan('cluster', { prefix: '10.1.0.0/24', bandwidth: '100Mbps' })",
    "const wan = s.wan('internet', { latency: '20ms' })",
    "s.router('gw', { attach: [lan, wan] })",
    "const ws1 = s.host('ws1', { attach: [lan] })",
    "s.host('ws2', { attach: [lan] })",
    "const remote = s.host('remote', { attach: [wan] })",
    "const shell = s.process('shell', { host: ws1, memory: { size: '64MB', dirtyRate: '1MB/s' } })",
    "s.interactive('typing', { process: shell, client: remote, thinkTime: dist.exponential('200ms') })",
    "s.migrate(shell, { to: 'ws2', at: '10s' })",
    "s.compare({ architectures: ['none', 'mobile-ipv4', 'tcp-migrate'], mechanisms: ['eager-all', 'pre-copy'] })",
    "s.sweep('topology.networks.internet.latency', ['10ms', '50ms'])",
    's.replications(5)',
    '```',
    '',
    'Errors name the line and column of the call that caused them. Quantities are strings with units:',
    'durations `ns us µs ms s min h`, rates `bps kbps Mbps Gbps` and `B/s kB/s MB/s GB/s KiB/s MiB/s GiB/s`,',
    'sizes `B kB MB GB TB KiB MiB GiB TiB` (`KB` is refused as ambiguous).',
    '',
  ]
  // The entry points first, then the types they take, in the order of the source.
  const first = ['scenario', 'dist', 'ScenarioBuilder', 'ScenarioHeader', 'Distributions']
  const nameOf = (n: ts.Statement) =>
    ts.isVariableStatement(n)
      ? n.declarationList.declarations[0]!.name.getText(file)
      : ((n as { name?: ts.Identifier }).name?.text ?? '')
  const rank = (n: ts.Statement) => (first.includes(nameOf(n)) ? first.indexOf(nameOf(n)) : first.length)
  const ordered = file.statements.filter(exported).sort((a, b) => rank(a) - rank(b))
  for (const stmt of ordered) {
    if (ts.isFunctionDeclaration(stmt) && stmt.name) {
      out.push(`## \`${stmt.name.text}${signature(stmt)}\``, '', doc(stmt), '')
    } else if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        out.push(`## \`${d.name.getText(file)}: ${d.type?.getText(file) ?? 'unknown'}\``, '', doc(d), '')
      }
    } else if (ts.isInterfaceDeclaration(stmt)) {
      out.push(`## ${stmt.name.text}`, '')
      const text = doc(stmt)
      if (text) out.push(text, '')
      const methods = stmt.members.filter(ts.isMethodSignature)
      const props = stmt.members.filter(ts.isPropertySignature)
      for (const m of methods) {
        const text = cell(doc(m))
        out.push(`- \`${m.name.getText(file)}${signature(m)}\`${text ? `: ${text}` : ''}`)
      }
      if (props.length > 0) {
        out.push('| field | type | description |', '| --- | --- | --- |')
        for (const m of props) {
          const optional = m.questionToken ? '?' : ''
          // A union Biome wrapped over several lines reads as one line in a table cell.
          const type = m.type
            ? m.type
                .getText(file)
                .replace(/^\|\s*/, '')
                .replace(/\s+/g, ' ')
            : 'unknown'
          out.push(`| \`${m.name.getText(file)}${optional}\` | \`${cell(type)}\` | ${cell(doc(m))} |`)
        }
      }
      out.push('')
    } else if (ts.isTypeAliasDeclaration(stmt)) {
      out.push(`## ${stmt.name.text}`, '')
      const text = doc(stmt)
      if (text) out.push(text, '')
      out.push('```ts', stmt.getText(file).replace(/^\/\*\*[\s\S]*?\*\/\s*/, ''), '```', '')
    }
  }
  return `${out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`
}

export function schemaJson(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`
}

/** Text as Biome formats it (it formats Markdown and JSON too), so `biome ci` and the up-to-date test agree. */
export function biomeFormatted(text: string, path: string): string {
  return execFileSync(`${root}node_modules/.bin/biome`, ['format', `--stdin-file-path=${path}`], {
    input: text,
    encoding: 'utf8',
  })
}

export function artifacts(): Record<keyof typeof PATHS, string> {
  return {
    bundle: biomeFormatted(bundleModule(), PATHS.bundle),
    dts: apiDts(),
    docs: biomeFormatted(apiDocs(), PATHS.docs),
    schema: biomeFormatted(schemaJson(), PATHS.schema),
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const all = artifacts()
  for (const key of Object.keys(PATHS) as (keyof typeof PATHS)[]) {
    writeFileSync(PATHS[key], all[key])
    console.log(`wrote ${PATHS[key].slice(root.length)}`)
  }
}

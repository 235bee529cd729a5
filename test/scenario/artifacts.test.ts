import { readFileSync } from 'node:fs'
import ts from 'typescript'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import { parseDuration, parseRate, parseSize } from '../../src/engine/core/units'
import { SCENARIO_API_JS } from '../../src/engine/scenario/api/bundle'
import { knownNamesDts } from '../../src/engine/scenario/api/known-names'
import type {
  DurationUnit,
  LinkOptions,
  MemoryOptions,
  NetworkOptions,
  RateUnit,
  SizeUnit,
  TransportOptions,
} from '../../src/engine/scenario/api/types'
import { scenarioJsonSchema } from '../../src/engine/scenario/json-schema'
import type { Link, Memory, Network, TransportConfig } from '../../src/engine/scenario/spec'
import { apiDocs, apiDts, biomeFormatted, bundleJs, PATHS } from './generate'

const STALE = 'out of date: run `npm run generate:scenario` and commit the result'

describe('generated files are current', () => {
  it('the sandbox bundle matches builder.ts', () => {
    expect(SCENARIO_API_JS, `src/engine/scenario/api/bundle.ts is ${STALE}`).toBe(bundleJs())
  })
  it('resources/scenario-api.d.ts matches types.ts', () => {
    expect(readFileSync(PATHS.dts, 'utf8'), `resources/scenario-api.d.ts is ${STALE}`).toBe(apiDts())
  })
  it('docs/scripting-api.md matches types.ts', () => {
    expect(readFileSync(PATHS.docs, 'utf8'), `docs/scripting-api.md is ${STALE}`).toBe(
      biomeFormatted(apiDocs(), PATHS.docs),
    )
  })
  it('resources/scenario.schema.json matches spec.ts', () => {
    expect(JSON.parse(readFileSync(PATHS.schema, 'utf8')), `resources/scenario.schema.json is ${STALE}`).toEqual(
      scenarioJsonSchema(),
    )
  })
})

describe('the API typings', () => {
  it('name exactly the units the parsers accept', () => {
    // `satisfies` makes these lists exhaustive and exact at type-check time; the parsers check them here.
    const durations = { ns: 1, us: 1, µs: 1, ms: 1, s: 1, min: 1, h: 1 } satisfies Record<DurationUnit, 1>
    const sizes = { B: 1, kB: 1, MB: 1, GB: 1, TB: 1, KiB: 1, MiB: 1, GiB: 1, TiB: 1 } satisfies Record<SizeUnit, 1>
    const rates = {
      bps: 1,
      'b/s': 1,
      'bit/s': 1,
      kbps: 1,
      Kbps: 1,
      'kb/s': 1,
      'kbit/s': 1,
      Mbps: 1,
      'Mb/s': 1,
      'Mbit/s': 1,
      Gbps: 1,
      'Gb/s': 1,
      'Gbit/s': 1,
      Tbps: 1,
      'Tb/s': 1,
      'Tbit/s': 1,
      'B/s': 1,
      'kB/s': 1,
      'MB/s': 1,
      'GB/s': 1,
      'KiB/s': 1,
      'MiB/s': 1,
      'GiB/s': 1,
    } satisfies Record<RateUnit, 1>
    for (const u of Object.keys(durations)) expect(() => parseDuration(`2${u}`), u).not.toThrow()
    for (const u of Object.keys(sizes)) expect(() => parseSize(`2${u}`), u).not.toThrow()
    for (const u of Object.keys(rates)) expect(() => parseRate(`2${u}`), u).not.toThrow()
  })

  it('describe options the spec accepts (checked by tsc)', () => {
    expectTypeOf<NetworkOptions>().toExtend<Omit<z.input<typeof Network>, 'name' | 'kind'>>()
    expectTypeOf<LinkOptions>().toExtend<Omit<z.input<typeof Link>, 'a' | 'b'>>()
    expectTypeOf<MemoryOptions>().toExtend<z.input<typeof Memory>>()
    expectTypeOf<TransportOptions>().toExtend<z.input<typeof TransportConfig>>()
  })
})

/** A TypeScript language service over the shipped typings, the project's names and scripts, as Monaco has. */
function editor(scripts: Record<string, string>, names: string) {
  const files: Record<string, string> = {
    '/scenario-api.d.ts': readFileSync(PATHS.dts, 'utf8'),
    '/names.d.ts': names,
    ...scripts,
  }
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    noEmit: true,
    types: [],
  }
  const lib = (f: string) => (ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined)
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => Object.keys(files),
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => (f in files ? ts.ScriptSnapshot.fromString(files[f]!) : lib(f)),
    getCurrentDirectory: () => '/',
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (f) => f in files || ts.sys.fileExists(f),
    readFile: (f) => files[f] ?? ts.sys.readFile(f),
  }
  const service = ts.createLanguageService(host)
  return {
    errors: (file: string) =>
      [...service.getSyntacticDiagnostics(file), ...service.getSemanticDiagnostics(file)].map((d) =>
        ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      ),
    completionsAfter: (file: string, marker: string) =>
      service
        .getCompletionsAtPosition(file, files[file]!.indexOf(marker) + marker.length, {})
        ?.entries.map((e) => e.name) ?? [],
  }
}

describe('the editor, with the shipped typings', () => {
  const fixture = new URL('./fixtures/cluster/', import.meta.url)
  const drawn = JSON.parse(readFileSync(new URL('miglab.json', fixture), 'utf8')).spec
  const names = knownNamesDts(drawn)
  // The fixture skips tsc -b (the 'miglab' module exists only in the sandbox); here it is checked as the editor would.
  const script = readFileSync(new URL('scenario.ts', fixture), 'utf8').replace(/^\/\/ @ts-nocheck.*\n/, '')
  // One language service for all cases: building it is most of the cost.
  const e = editor(
    {
      '/good.ts': script,
      '/bad.ts': `${script}\ns.migrate('shell', { to: 'ws2', at: 40 })\ns.host('ws5', { cpus: 2 })\n`,
      '/complete.ts': `${script}\ns.migrate('')\ns.sweep('')\ns.compare({ architectures: [''], mechanisms: [] })\n`,
    },
    names,
  )

  it('type-checks the example project script without errors', () => {
    expect(e.errors('/good.ts')).toEqual([])
  })

  it('flags a wrong unit and a wrong option', () => {
    const errors = e.errors('/bad.ts')
    expect(errors).toHaveLength(2)
    expect(errors[0]).toContain("Type 'number' is not assignable to type 'Duration'")
    expect(errors[1]).toContain("'cpus' does not exist")
  })

  it("offers the project's names and the catalog ids as completions", () => {
    expect(e.completionsAfter('/complete.ts', "s.migrate('")).toEqual(['shell'])
    expect(e.completionsAfter('/complete.ts', "s.sweep('")).toContain('processes.shell.memory.dirtyRate')
    expect(e.completionsAfter('/complete.ts', "architectures: ['")).toContain('tcp-migrate')
  })

  it('writes the names as literal types', () => {
    expect(names).toContain('node: "gw" | "ws1" | "ws2" | "ws3" | "remote"')
    expect(names).toContain('link: never')
  })
})

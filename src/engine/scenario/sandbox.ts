// Scenario scripts are untrusted code (papers share them), so they run in QuickJS compiled to
// WebAssembly: a separate JavaScript engine whose only contents are the language and the MigLab
// API. There is no require, process, file, network, timer or host object in it, because nothing
// of the host is ever put in; the host passes one JSON string in and takes one out. Each run gets
// a fresh runtime with a memory limit, a stack limit and a deadline checked between bytecodes;
// everything is disposed afterwards, whatever happened. A native builtin can run past the
// deadline (STACK.md §6), so callers that must stay responsive run this in a worker
// (service/run-script-in-worker.ts) and terminate it.

import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten'
import { getQuickJS, shouldInterruptAfterDeadline } from 'quickjs-emscripten'
import type { GuestConfig, GuestResult } from './api/builder'
import { SCENARIO_API_JS } from './api/bundle'
import type { SpecError } from './errors'
import { DEFAULT_LIMITS, type ScriptInput, type ScriptLimits, type ScriptLocation, type ScriptResult } from './script'
import { SPEC_VERSION } from './spec'
import { sourceLocation, type Transpiled, transpileScript } from './transpile'

// Well below what the host thread can give: deeper, and the host (not QuickJS) overflows first.
const STACK_BYTES = 256 * 1024
/** The script is evaluated inside a function (its `require`); the wrapper's line comes first. */
const WRAPPER_LINES = 1

// Globals a script written for Node or a browser reaches for; their absence gets a hint.
const HOST_GLOBALS =
  /'(process|module|exports|fetch|setTimeout|setInterval|setImmediate|queueMicrotask|Buffer|window|document|navigator|XMLHttpRequest|WebSocket|__dirname|__filename|global|Deno|Bun)' is not defined/

/** Loads and compiles the WebAssembly engine (once per thread; later runs reuse it). */
export async function loadSandbox(): Promise<void> {
  await getQuickJS()
}

export async function runScenarioScript(input: ScriptInput, limits: ScriptLimits = {}): Promise<ScriptResult> {
  const filename = input.filename ?? 'scenario.ts'
  const { timeLimitMs, memoryBytes } = { ...DEFAULT_LIMITS, ...limits }
  const transpiled = transpileScript(input.source, filename)
  if (!transpiled.ok) return transpiled
  const script = transpiled.script

  const QuickJS = await getQuickJS()
  const runtime = QuickJS.newRuntime()
  runtime.setMemoryLimit(memoryBytes)
  runtime.setMaxStackSize(STACK_BYTES)
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + timeLimitMs))
  const vm = runtime.newContext()
  const handles: QuickJSHandle[] = []
  const keep = (h: QuickJSHandle) => {
    handles.push(h)
    return h
  }
  const failure = (error: QuickJSHandle): ScriptResult => {
    const dumped = dumpError(vm, error)
    error.dispose()
    return { ok: false, error: describeFailure(dumped, script, filename, { timeLimitMs, memoryBytes }) }
  }
  try {
    const install = vm.evalCode(SCENARIO_API_JS, 'miglab-api.js')
    if (install.error) return failure(install.error)
    keep(install.value)
    const config: GuestConfig = {
      drawn: input.drawn ?? null,
      specVersion: SPEC_VERSION,
      filename,
      lineOffset: WRAPPER_LINES,
    }
    const api = vm.callFunction(install.value, vm.undefined, keep(vm.newString(JSON.stringify(config))))
    if (api.error) return failure(api.error)
    keep(api.value)
    const requireFn = keep(vm.getProp(api.value, 'require'))
    const finish = keep(vm.getProp(api.value, 'finish'))

    const wrapped = vm.evalCode(`(function (exports, require, module) {\n${script.code}\n})`, filename)
    if (wrapped.error) return failure(wrapped.error)
    keep(wrapped.value)
    const exportsObj = keep(vm.newObject())
    const moduleObj = keep(vm.newObject())
    vm.setProp(moduleObj, 'exports', exportsObj)
    const ran = vm.callFunction(wrapped.value, vm.undefined, exportsObj, requireFn, moduleObj)
    if (ran.error) return failure(ran.error)
    keep(ran.value)
    // Promise callbacks the script queued (including a rejected `import()`) run now, under the same limits.
    const jobs = runtime.executePendingJobs()
    if (jobs.error) return failure(jobs.error)

    const out = vm.callFunction(finish, vm.undefined)
    if (out.error) return failure(out.error)
    keep(out.value)
    const text = vm.typeof(out.value) === 'string' ? vm.getString(out.value) : undefined
    const result = parseGuestResult(text)
    if (!result) {
      return {
        ok: false,
        error: {
          path: '',
          message: 'the script replaced parts of the JavaScript runtime the scenario API needs',
          file: filename,
        },
      }
    }
    const denied = result.denied[0]
    if (denied) {
      return {
        ok: false,
        error: {
          path: '',
          message: `cannot import "${denied.module}": a scenario script can import only from "miglab" (no files, network or Node modules)`,
          file: filename,
          ...(denied.at ? located(script, denied.at) : {}),
        },
      }
    }
    if (!result.called) {
      return {
        ok: false,
        error: {
          path: '',
          message: 'the script never calls scenario(...), so it describes no scenario',
          file: filename,
        },
      }
    }
    return {
      ok: true,
      spec: result.spec,
      origins: result.origins.map((o) => ({ path: o.path, at: located(script, o.at) })),
      overrides: result.overrides.map((o) => ({ ...o, at: o.at ? located(script, o.at) : null })),
    }
  } finally {
    for (const h of handles.reverse()) if (h.alive) h.dispose()
    vm.dispose()
    runtime.dispose()
  }
}

/** A location in the transpiled script -> the TypeScript source. */
function located(script: Transpiled, at: ScriptLocation): ScriptLocation {
  return sourceLocation(script, at.line, at.column)
}

interface DumpedError {
  name?: string
  message?: string
  stack?: string
}

function dumpError(vm: QuickJSContext, error: QuickJSHandle): DumpedError | null {
  try {
    const d: unknown = vm.dump(error)
    if (typeof d === 'object' && d !== null) return d as DumpedError
    return { message: String(d) }
  } catch {
    // After running out of memory the thrown value may not even be readable.
    return null
  }
}

function describeFailure(
  e: DumpedError | null,
  script: Transpiled,
  filename: string,
  limits: Required<ScriptLimits>,
): SpecError {
  const where = e?.stack ? firstScriptFrame(e.stack, filename) : undefined
  const at = where ? located(script, where) : {}
  const base = { path: '', file: filename, ...at }
  if (!e || (e.name === 'InternalError' && /out of memory/.test(e.message ?? ''))) {
    return { ...base, message: `the script ran out of memory (limit ${Math.round(limits.memoryBytes / 2 ** 20)} MiB)` }
  }
  if (e.name === 'InternalError' && e.message === 'interrupted') {
    return {
      ...base,
      message: `the script ran longer than its time limit of ${limits.timeLimitMs} ms (an endless loop?)`,
    }
  }
  if (e.name === 'InternalError' && /stack overflow/.test(e.message ?? '')) {
    return { ...base, message: 'the script recursed too deeply (stack overflow)' }
  }
  // The API's own errors are plain Errors whose message says it all; others keep their kind.
  const message = !e.name || e.name === 'Error' ? (e.message ?? 'error') : `${e.name}: ${e.message ?? ''}`
  const hint = HOST_GLOBALS.test(e.message ?? '')
    ? '; scenario scripts run in a sandbox without Node.js or browser globals (files, network, timers, process)'
    : ''
  return { ...base, message: `${message}${hint}` }
}

/** The first stack frame in the script itself (frames inside the API come first for API errors). */
function firstScriptFrame(stack: string, filename: string): ScriptLocation | undefined {
  const marker = `${filename}:`
  for (const line of stack.split('\n')) {
    const i = line.indexOf(marker)
    if (i < 0) continue
    const m = /^(\d+):(\d+)/.exec(line.slice(i + marker.length))
    if (m) return { line: Math.max(1, Number(m[1]) - WRAPPER_LINES), column: Number(m[2]) }
  }
  return undefined
}

function parseGuestResult(text: string | undefined): GuestResult | undefined {
  if (text === undefined) return undefined
  try {
    const r = JSON.parse(text) as GuestResult
    const ok =
      typeof r === 'object' &&
      r !== null &&
      typeof r.called === 'boolean' &&
      typeof r.spec === 'object' &&
      Array.isArray(r.origins) &&
      Array.isArray(r.overrides) &&
      Array.isArray(r.denied)
    return ok ? r : undefined
  } catch {
    return undefined
  }
}

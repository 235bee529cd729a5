// The scripting API's implementation. It runs INSIDE the QuickJS sandbox, not in Node: the
// generated bundle.ts holds this file with its types stripped, and the sandbox evaluates it before
// the user's script. So it imports only types, touches no host facility, and keeps the boundary
// coarse: the host passes one JSON string in (the drawn spec) and takes one JSON string out (the
// assembled spec, where each element was defined, and the notes), with no host call per element.

import type {
  Attachment,
  BspOptions,
  BulkOptions,
  CompareOptions,
  Distribution,
  Distributions,
  ElementKind,
  EvictionOptions,
  FailureOptions,
  FigureOptions,
  Handle,
  InteractiveOptions,
  LinkOptions,
  LoadBalanceOptions,
  MigrateOptions,
  NetworkOptions,
  NodeOptions,
  ProcessOptions,
  ReplicateUntil,
  ScenarioBuilder,
  ScenarioHeader,
  SweepRange,
  SweepValue,
  TransportOptions,
  WebOptions,
} from './types'

/** What the host passes in. */
export interface GuestConfig {
  /** The spec drawn on the canvas, as written (may be incomplete); null for a lone script. */
  drawn: Record<string, unknown> | null
  specVersion: number
  /** The name the script was evaluated under, to find its frames in stack traces. */
  filename: string
  /** Lines the sandbox's wrapper puts before the script, taken off reported lines. */
  lineOffset: number
}

/** A place in the transpiled script: its lines are the source's; the host maps the column back. */
export interface GuestLocation {
  line: number
  column: number
}

/** A drawn element the script changed, so the canvas can say so. */
export interface GuestOverride {
  kind: ElementKind | 'setting'
  name: string
  fields: string[]
  at: GuestLocation | null
}

/** What the host takes out, as one JSON string. */
export interface GuestResult {
  /** False when the script never called scenario(). */
  called: boolean
  spec: Record<string, unknown>
  /** Spec path (`topology.nodes[3]`, `duration`) -> where the script set it. */
  origins: { path: string; at: GuestLocation }[]
  overrides: GuestOverride[]
  /** Modules the script tried to load (each attempt fails; an `import()` fails asynchronously). */
  denied: { module: string; at: GuestLocation | null }[]
}

type Json = Record<string, unknown>
type Category = { kind: ElementKind; path: string; list: () => Json[] }

/**
 * Installs `scenario` and `dist` as globals and returns what the host needs: the `require` the
 * script's imports are compiled to, and `finish`, which hands the result out.
 */
export function installScenarioApi(configJson: string): { require: (name: string) => unknown; finish: () => string } {
  // Captured before the script runs, so a script replacing globals breaks only its own result.
  const GuestError = Error
  const stringify = JSON.stringify
  const config = JSON.parse(configJson) as GuestConfig
  const spec: Json = config.drawn ? (JSON.parse(stringify(config.drawn)) as Json) : {}
  const drawnNames = new Map<ElementKind, Set<string>>()
  const scriptNames = new Map<string, GuestLocation | null>()
  const origins: GuestResult['origins'] = []
  const overrides: GuestOverride[] = []
  const denied: GuestResult['denied'] = []
  let called = false

  const object = (parent: Json, key: string): Json => {
    const v = parent[key]
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Json
    const created: Json = {}
    parent[key] = created
    return created
  }
  const array = (parent: Json, key: string): Json[] => {
    const v = parent[key]
    if (Array.isArray(v)) return v as Json[]
    const created: Json[] = []
    parent[key] = created
    return created
  }
  const categories: Record<ElementKind, Category> = {
    network: { kind: 'network', path: 'topology.networks', list: () => array(object(spec, 'topology'), 'networks') },
    node: { kind: 'node', path: 'topology.nodes', list: () => array(object(spec, 'topology'), 'nodes') },
    link: { kind: 'link', path: 'topology.links', list: () => array(object(spec, 'topology'), 'links') },
    process: { kind: 'process', path: 'processes', list: () => array(spec, 'processes') },
    workload: { kind: 'workload', path: 'workloads', list: () => array(spec, 'workloads') },
  }
  const nameOf = (e: Json): string | undefined =>
    typeof e.name === 'string'
      ? e.name
      : typeof e.a === 'string' && typeof e.b === 'string'
        ? `${e.a}-${e.b}`
        : undefined
  for (const c of Object.values(categories)) {
    drawnNames.set(c.kind, new Set(c.list().flatMap((e) => nameOf(e) ?? [])))
  }

  /** Where in the script the current API call was made: the first stack frame in the script. */
  const callSite = (): GuestLocation | null => {
    const stack = String(new GuestError().stack ?? '')
    const marker = `${config.filename}:`
    for (const line of stack.split('\n')) {
      const i = line.indexOf(marker)
      if (i < 0) continue
      const m = /^(\d+):(\d+)/.exec(line.slice(i + marker.length))
      if (m) return { line: Number(m[1]) - config.lineOffset, column: Number(m[2]) }
    }
    return null
  }
  const fail = (message: string): never => {
    throw new GuestError(message)
  }
  const origin = (path: string, at: GuestLocation | null) => {
    if (at) origins.push({ path, at })
  }

  const refName = (ref: unknown, kind: ElementKind, what: string): string => {
    if (typeof ref === 'string') return ref
    if (typeof ref === 'object' && ref !== null && typeof (ref as Handle<ElementKind>).name === 'string') {
      const handle = ref as Handle<ElementKind>
      if (handle.kind !== kind) fail(`${what}: expected a ${kind}, got the ${handle.kind} "${handle.name}"`)
      return handle.name
    }
    return fail(`${what}: expected a ${kind} (its handle or its name), got ${ref === null ? 'null' : typeof ref}`)
  }
  const refNames = (refs: unknown, kind: ElementKind, what: string): string[] => {
    if (!Array.isArray(refs)) return fail(`${what}: expected a list of ${kind}s`)
    return refs.map((r) => refName(r, kind, what))
  }
  const requireName = (name: unknown, what: string): string =>
    typeof name === 'string' && name !== '' ? name : fail(`${what}: the first argument is the element's name`)
  const distribution = (d: unknown): unknown => (typeof d === 'string' ? { dist: 'constant', value: d } : d)

  // Fields given replace the drawn ones; nested objects (memory) merge, lists are replaced.
  const merge = (into: Json, from: Json) => {
    for (const [k, v] of Object.entries(from)) {
      if (v === undefined) continue
      const old = into[k]
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && typeof old === 'object' && old !== null) {
        merge(old as Json, v as Json)
      } else into[k] = v
    }
  }

  /** Adds an element, or changes the drawn one of that name; the script may define each name once. */
  const define = (kind: ElementKind, name: string, element: Json, what: string): Handle<ElementKind> => {
    const at = callSite()
    const key = `${kind}:${name}`
    if (scriptNames.has(key)) {
      const first = scriptNames.get(key)
      fail(`${what}: ${kind} "${name}" is already defined by this script${first ? ` (line ${first.line})` : ''}`)
    }
    scriptNames.set(key, at)
    const c = categories[kind]
    const list = c.list()
    const index = drawnNames.get(kind)!.has(name) ? list.findIndex((e) => nameOf(e) === name) : -1
    if (index >= 0) {
      const drawn = list[index]!
      const fields = Object.keys(element).filter(
        (k) => element[k] !== undefined && stringify(element[k]) !== stringify(drawn[k]),
      )
      merge(drawn, element)
      overrides.push({ kind, name, fields, at })
      origin(`${c.path}[${index}]`, at)
    } else {
      const generated = kind === 'workload' ? element : { ...element, generated: true }
      origin(`${c.path}[${list.length}]`, at)
      list.push(generated)
    }
    return Object.freeze({ kind, name })
  }

  /** Sets a study-wide setting, noting when it replaces one the project already had. */
  const setting = (key: string, value: unknown) => {
    const at = callSite()
    if (spec[key] !== undefined && config.drawn?.[key] !== undefined && !scriptNames.has(`setting:${key}`)) {
      overrides.push({ kind: 'setting', name: key, fields: [key], at })
    }
    scriptNames.set(`setting:${key}`, at)
    spec[key] = value
    origin(key, at)
  }
  const push = (key: string, value: Json) => {
    const list = array(spec, key)
    origin(`${key}[${list.length}]`, callSite())
    list.push(value)
  }
  const sweep = () => object(spec, 'sweep')

  const attachment = (a: unknown): Json => {
    if (typeof a === 'object' && a !== null && 'network' in a) {
      const att = a as Attachment
      return { ...att, network: refName(att.network, 'network', 'attach') }
    }
    return { network: refName(a, 'network', 'attach') }
  }
  const node = (kind: 'host' | 'router', name: unknown, options: NodeOptions = {}) => {
    const n = requireName(name, kind)
    const { attach, ...rest } = options
    const element: Json = { name: n, kind, ...rest }
    if (attach !== undefined) element.attach = attach.map(attachment)
    return define('node', n, element, kind) as Handle<'node'>
  }
  const network = (kind: 'lan' | 'wan', name: unknown, options: NetworkOptions = {}) => {
    const n = requireName(name, kind)
    return define('network', n, { name: n, kind, ...options }, kind) as Handle<'network'>
  }
  const workload = (kind: string, name: unknown, fields: Json) => {
    const n = requireName(name, kind)
    return define('workload', n, { kind, name: n, ...fields }, kind) as Handle<'workload'>
  }

  const builder: ScenarioBuilder = {
    lan: (name, options) => network('lan', name, options),
    wan: (name, options) => network('wan', name, options),
    host: (name, options) => node('host', name, options),
    router: (name, options) => node('router', name, options),
    link(a, b, options: LinkOptions) {
      if (typeof options !== 'object' || options === null) fail('link: options with bandwidth and latency are needed')
      const from = refName(a, 'node', 'link')
      const to = refName(b, 'node', 'link')
      const name = options.name ?? `${from}-${to}`
      return define('link', name, { ...options, name, a: from, b: to }, 'link') as Handle<'link'>
    },
    process(name, options: ProcessOptions) {
      const n = requireName(name, 'process')
      const element: Json = { ...options, name: n, host: refName(options?.host, 'node', 'process host') }
      if (options.home !== undefined) element.home = refName(options.home, 'node', 'process home')
      return define('process', n, element, 'process') as Handle<'process'>
    },
    interactive: (name, o: InteractiveOptions) =>
      workload('interactive', name, {
        ...o,
        process: refName(o?.process, 'process', 'interactive process'),
        client: refName(o.client, 'node', 'interactive client'),
        thinkTime: distribution(o.thinkTime),
      }),
    bsp: (name, o: BspOptions) =>
      workload('bsp', name, {
        ...o,
        ranks: refNames(o?.ranks, 'process', 'bsp ranks'),
        compute: distribution(o.compute),
        external: o.external?.map((x) => ({
          ...x,
          rank: refName(x.rank, 'process', 'bsp external rank'),
          peer: refName(x.peer, 'node', 'bsp external peer'),
        })),
      }),
    web: (name, o: WebOptions) =>
      workload('web', name, {
        ...o,
        servers: refNames(o?.servers, 'process', 'web servers'),
        clients: (Array.isArray(o.clients) ? o.clients : fail('web clients: expected a list')).map((c) =>
          typeof c === 'object' && c !== null && 'node' in c
            ? { ...c, node: refName(c.node, 'node', 'web client') }
            : { node: refName(c, 'node', 'web client') },
        ),
        interArrival: distribution(o.interArrival),
        serviceTime: distribution(o.serviceTime),
      }),
    bulk: (name, o: BulkOptions) =>
      workload('bulk', name, {
        ...o,
        process: refName(o?.process, 'process', 'bulk process'),
        peer: refName(o.peer, 'node', 'bulk peer'),
      }),
    migrate(process, o: MigrateOptions) {
      push('migrations', {
        process: refName(process, 'process', 'migrate'),
        to: refName(o?.to, 'node', 'migrate to'),
        at: o.at,
      })
      return builder
    },
    evict(host, o: EvictionOptions) {
      const returns = o?.ownerReturns
      push('policies', {
        kind: 'eviction',
        host: refName(host, 'node', 'evict'),
        ownerReturns: Array.isArray(returns) ? returns : [returns],
        targets: o.targets === undefined ? undefined : refNames(o.targets, 'node', 'evict targets'),
      })
      return builder
    },
    loadBalance(o: LoadBalanceOptions = {}) {
      push('policies', {
        kind: 'load-balance',
        ...o,
        hosts: o.hosts === undefined ? undefined : refNames(o.hosts, 'node', 'loadBalance hosts'),
      })
      return builder
    },
    failNode(target, o: FailureOptions) {
      push('failures', { kind: 'node', target: refName(target, 'node', 'failNode'), ...o })
      return builder
    },
    failLink(target, o: FailureOptions) {
      push('failures', { kind: 'link', target: refName(target, 'link', 'failLink'), ...o })
      return builder
    },
    agent(role, target) {
      const agents = object(spec, 'agents')
      agents[requireName(role, 'agent')] = refName(target, 'node', 'agent')
      origin(`agents.${role}`, callSite())
      return builder
    },
    architectureOptions(id, options) {
      merge(object(object(spec, 'architectureOptions'), requireName(id, 'architectureOptions')), options)
      origin(`architectureOptions.${id}`, callSite())
      return builder
    },
    mechanismOptions(id, options) {
      merge(object(object(spec, 'mechanismOptions'), requireName(id, 'mechanismOptions')), options)
      origin(`mechanismOptions.${id}`, callSite())
      return builder
    },
    transport(o: TransportOptions) {
      setting('transport', { ...object(spec, 'transport'), ...o })
      return builder
    },
    compare(o: CompareOptions) {
      setting('compare', o)
      return builder
    },
    sweep(path, values: SweepValue[] | SweepRange) {
      const parameters = array(sweep(), 'parameters')
      origin(`sweep.parameters[${parameters.length}]`, callSite())
      parameters.push(Array.isArray(values) ? { path, values } : { path, ...values })
      return builder
    },
    sweepMode(mode) {
      sweep().mode = mode
      origin('sweep.mode', callSite())
      return builder
    },
    exclude(combination) {
      const list = array(sweep(), 'exclude')
      origin(`sweep.exclude[${list.length}]`, callSite())
      list.push(combination)
      return builder
    },
    replications(count: number | ReplicateUntil) {
      setting('replications', typeof count === 'number' ? { count } : { until: count })
      return builder
    },
    metrics(...names) {
      // Added to the project's metrics, not replacing them.
      spec.metrics = [...(Array.isArray(spec.metrics) ? spec.metrics : []), ...names]
      origin('metrics', callSite())
      return builder
    },
    figure(o: FigureOptions) {
      push('figures', { ...o })
      return builder
    },
  }

  const scenario = (header: ScenarioHeader = {}): ScenarioBuilder => {
    if (called) fail('scenario() is called twice; a script builds one scenario')
    called = true
    spec.specVersion = config.specVersion
    origin('', callSite())
    for (const [key, value] of Object.entries(header)) {
      if (value !== undefined) setting(key, value)
    }
    return builder
  }

  const dist: Distributions = {
    constant: (value) => ({ dist: 'constant', value }),
    exponential: (mean) => ({ dist: 'exponential', mean }),
    uniform: (min, max) => ({ dist: 'uniform', min, max }),
    normal: (mean, sd) => ({ dist: 'normal', mean, sd }),
    lognormal: (mean, sd) => ({ dist: 'lognormal', mean, sd }),
    pareto: (scale, shape) => ({ dist: 'pareto', scale, shape }),
    empirical: (points, interpolate) =>
      (interpolate === undefined
        ? { dist: 'empirical', points }
        : { dist: 'empirical', points, interpolate }) as Distribution,
  }

  const api = Object.freeze({ scenario, dist })
  const g = globalThis as unknown as Record<string, unknown>
  g.scenario = scenario
  g.dist = dist

  return {
    // What `import ... from 'miglab'` compiles to. Anything else is refused, and the attempt
    // recorded: an `import()` fails inside a promise the script may never look at.
    require(name: string) {
      if (name === 'miglab') return api
      const at = callSite()
      denied.push({ module: String(name), at })
      return fail(
        `cannot import "${String(name)}": a scenario script runs in a sandbox and can import only from "miglab" (no files, network or Node modules)`,
      )
    },
    finish() {
      const result: GuestResult = { called, spec: called ? spec : {}, origins, overrides, denied }
      return stringify(result)
    },
  }
}

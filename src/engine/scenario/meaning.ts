// What the schema cannot see: a spec whose every field is well formed can still describe a system
// that cannot exist (a link to a node nobody defined, a process placed on a router, a migration
// to the host the process is already on) or a study MigLab cannot run (an architecture it does not
// know). Each check names the path of the offending field, so the editor and the CLI point at it.

import { ARCHITECTURES, type CatalogEntry, MECHANISMS } from '../catalog'
import { parseDuration, parseSize } from '../core/units'
import { ArchitectureOptionError } from '../naming/option-reader'
import { checkArchitectureOptions, hasOptionCheck } from '../naming/options'
import { MECHANISM_REGISTRY } from '../proc/mechanisms/registry'
import { checkMechanismOptions, MechanismOptionError } from '../proc/migrator'
import type { SpecError } from './errors'
import { elementName, resolvePath } from './paths'
import { parameterValues } from './ranges'
import type { NodeSpec, ScenarioSpec } from './spec'

export interface MeaningOptions {
  /**
   * Architecture and mechanism ids the engine implements. Ids in the catalog but not here get
   * "not yet available in this version"; when absent, every catalog id is accepted.
   */
  available?: Iterable<string>
}

type Role = 'cluster' | 'remote' | 'infrastructure'

/** Elements by name; with a duplicate (reported once), the first definition is the one checked against. */
function byName<T extends { name: string }>(list: readonly T[]): Map<string, T> {
  const map = new Map<string, T>()
  for (const e of list) if (!map.has(e.name)) map.set(e.name, e)
  return map
}

export function checkMeaning(spec: ScenarioSpec, options: MeaningOptions = {}): SpecError[] {
  const errors: SpecError[] = []
  const err = (path: string, message: string) => errors.push({ path, message })
  const end = parseDuration(spec.duration)

  // ---- names: unique per category, nodes and networks share one namespace (attachments) ----
  const unique = <T>(list: readonly T[], path: string, what: string, name: (e: T) => string | undefined) => {
    const seen = new Map<string, number>()
    list.forEach((e, i) => {
      const n = name(e)
      if (n === undefined) return
      const first = seen.get(n)
      if (first !== undefined) err(`${path}[${i}].name`, `${what} "${n}" is defined twice (first at ${path}[${first}])`)
      else seen.set(n, i)
    })
    return seen
  }
  const { topology } = spec
  const networks = byName(topology.networks)
  const nodes = byName(topology.nodes)
  unique(topology.networks, 'topology.networks', 'network', (n) => n.name)
  unique(topology.nodes, 'topology.nodes', 'node', (n) => n.name)
  topology.nodes.forEach((n, i) => {
    if (networks.has(n.name)) err(`topology.nodes[${i}].name`, `"${n.name}" is already the name of a network`)
  })
  const links = unique(topology.links, 'topology.links', 'link', elementName)
  const processes = byName(spec.processes)
  unique(spec.processes, 'processes', 'process', (p) => p.name)
  unique(spec.workloads, 'workloads', 'workload', (w) => w.name)

  const known = (map: Map<string, unknown>, what: string) =>
    map.size === 0 ? `there is no ${what} at all` : `known ${what}s: ${[...map.keys()].join(', ')}`
  const needNode = (path: string, name: string) => {
    const node = nodes.get(name)
    if (!node) err(path, `unknown node "${name}"; ${known(nodes, 'node')}`)
    return node
  }
  const needHost = (path: string, name: string) => {
    const node = needNode(path, name)
    if (node?.kind === 'router') err(path, `"${name}" is a router; only hosts run processes and workloads`)
    return node
  }
  const needProcess = (path: string, name: string) => {
    const p = processes.get(name)
    if (!p) err(path, `unknown process "${name}"; ${known(processes, 'process')}`)
    return p
  }
  const role = (node: NodeSpec): Role =>
    node.role ??
    (node.kind === 'router'
      ? 'infrastructure'
      : node.attach.some((a) => networks.get(a.network)?.kind === 'lan')
        ? 'cluster'
        : 'remote')
  const needClusterHost = (path: string, name: string) => {
    const node = needHost(path, name)
    if (node && node.kind === 'host' && role(node) !== 'cluster') {
      err(
        path,
        `"${name}" is not a cluster host (its role is ${role(node)}); processes run and move only in the cluster`,
      )
    }
  }
  const needTime = (path: string, at: string) => {
    if (parseDuration(at) > end) err(path, `${at} is after the end of the run (${spec.duration})`)
  }

  // ---- topology ----
  topology.nodes.forEach((n, i) => {
    const seen = new Set<string>()
    n.attach.forEach((a, j) => {
      const path = `topology.nodes[${i}].attach[${j}].network`
      if (!networks.has(a.network)) err(path, `unknown network "${a.network}"; ${known(networks, 'network')}`)
      if (seen.has(a.network)) err(path, `"${n.name}" is attached to "${a.network}" twice`)
      seen.add(a.network)
    })
  })
  topology.links.forEach((l, i) => {
    needNode(`topology.links[${i}].a`, l.a)
    needNode(`topology.links[${i}].b`, l.b)
    if (l.a === l.b) err(`topology.links[${i}].b`, `a link from "${l.a}" to itself`)
  })

  // ---- processes ----
  spec.processes.forEach((p, i) => {
    needClusterHost(`processes[${i}].host`, p.host)
    if (p.home !== undefined) needHost(`processes[${i}].home`, p.home)
    const page = parseSize(p.memory.pageSize)
    if ((page & (page - 1)) !== 0)
      err(`processes[${i}].memory.pageSize`, `"${p.memory.pageSize}" is not a power of two`)
    else if (page > parseSize(p.memory.size)) {
      err(
        `processes[${i}].memory.pageSize`,
        `a page (${p.memory.pageSize}) larger than the address space (${p.memory.size})`,
      )
    }
  })

  // ---- workloads ----
  spec.workloads.forEach((w, i) => {
    const at = `workloads[${i}]`
    needTime(`${at}.start`, w.start)
    if (w.stop !== undefined) {
      needTime(`${at}.stop`, w.stop)
      if (parseDuration(w.stop) <= parseDuration(w.start)) err(`${at}.stop`, `stop (${w.stop}) is not after start`)
    }
    switch (w.kind) {
      case 'interactive':
        needProcess(`${at}.process`, w.process)
        needHost(`${at}.client`, w.client)
        break
      case 'bsp': {
        const ranks = new Set<string>()
        w.ranks.forEach((r, j) => {
          needProcess(`${at}.ranks[${j}]`, r)
          if (ranks.has(r)) err(`${at}.ranks[${j}]`, `process "${r}" is a rank twice`)
          ranks.add(r)
        })
        w.external.forEach((x, j) => {
          if (!ranks.has(x.rank)) err(`${at}.external[${j}].rank`, `"${x.rank}" is not one of this computation's ranks`)
          needHost(`${at}.external[${j}].peer`, x.peer)
        })
        break
      }
      case 'web':
        w.servers.forEach((s, j) => {
          needProcess(`${at}.servers[${j}]`, s)
        })
        // Server k listens on port + k.
        if (w.port + w.servers.length - 1 > 65535) {
          err(
            `${at}.port`,
            `ports ${w.port}..${w.port + w.servers.length - 1} for ${w.servers.length} servers go past 65535`,
          )
        }
        w.clients.forEach((c, j) => {
          needHost(`${at}.clients[${j}].node`, c.node)
        })
        break
      case 'bulk':
        needProcess(`${at}.process`, w.process)
        needHost(`${at}.peer`, w.peer)
        break
    }
  })

  // ---- migrations: replayed in time order, so "already there" means at that moment ----
  const order = spec.migrations.map((m, i) => ({ m, i, t: parseDuration(m.at) })).sort((x, y) => x.t - y.t || x.i - y.i)
  const location = new Map([...processes.values()].map((p) => [p.name, p.host]))
  for (const { m, i } of order) {
    const at = `migrations[${i}]`
    needTime(`${at}.at`, m.at)
    const p = needProcess(`${at}.process`, m.process)
    needClusterHost(`${at}.to`, m.to)
    if (!p) continue
    if (!p.migratable) err(`${at}.process`, `process "${m.process}" is not migratable (migratable: false)`)
    if (location.get(m.process) === m.to) {
      err(`${at}.to`, `process "${m.process}" is already on "${m.to}" at ${m.at}`)
    }
    location.set(m.process, m.to)
  }

  // ---- policies and failures ----
  spec.policies.forEach((p, i) => {
    const at = `policies[${i}]`
    if (p.kind === 'eviction') {
      needClusterHost(`${at}.host`, p.host)
      p.ownerReturns.forEach((t, j) => {
        needTime(`${at}.ownerReturns[${j}]`, t)
      })
      p.targets?.forEach((t, j) => {
        needClusterHost(`${at}.targets[${j}]`, t)
        if (t === p.host) err(`${at}.targets[${j}]`, `"${t}" is the workstation being evicted from`)
      })
      if (p.targets !== undefined && p.targets.length === 0)
        err(`${at}.targets`, 'an eviction needs at least one target host')
    } else {
      needTime(`${at}.start`, p.start)
      p.hosts?.forEach((h, j) => {
        needClusterHost(`${at}.hosts[${j}]`, h)
      })
      if (p.hosts !== undefined && new Set(p.hosts).size < 2)
        err(`${at}.hosts`, 'load balancing needs at least two distinct hosts')
    }
  })
  spec.failures.forEach((f, i) => {
    const at = `failures[${i}]`
    needTime(`${at}.at`, f.at)
    if (f.kind === 'node') needNode(`${at}.target`, f.target)
    else if (!links.has(f.target)) {
      err(`${at}.target`, `unknown link "${f.target}"; ${known(links, 'link')}`)
    }
  })
  for (const [agent, node] of Object.entries(spec.agents)) needNode(`agents.${agent}`, node)

  // ---- what to compare ----
  const available = options.available === undefined ? undefined : new Set(options.available)
  const checkIds = (path: string, ids: readonly string[], catalog: readonly CatalogEntry[], what: string) => {
    const seen = new Set<string>()
    ids.forEach((id, i) => {
      if (!catalog.some((e) => e.id === id)) {
        err(
          `${path}[${i}]`,
          `unknown ${what} "${id}"; known: ${catalog.map((e) => e.id).join(', ')} (see \`miglab list\`)`,
        )
      } else if (available && !available.has(id)) {
        err(`${path}[${i}]`, `${what} "${id}" is not yet available in this version of MigLab`)
      }
      if (seen.has(id)) err(`${path}[${i}]`, `"${id}" is listed twice`)
      seen.add(id)
    })
  }
  checkIds('compare.architectures', spec.compare.architectures, ARCHITECTURES, 'architecture')
  checkIds('compare.mechanisms', spec.compare.mechanisms, MECHANISMS, 'migration mechanism')
  const { baseline } = spec.compare
  if (baseline) {
    if (!spec.compare.architectures.includes(baseline.architecture)) {
      err('compare.baseline.architecture', `"${baseline.architecture}" is not among the compared architectures`)
    }
    if (!spec.compare.mechanisms.includes(baseline.mechanism)) {
      err('compare.baseline.mechanism', `"${baseline.mechanism}" is not among the compared mechanisms`)
    }
  }
  for (const [id, raw] of Object.entries(spec.architectureOptions)) {
    if (!ARCHITECTURES.some((e) => e.id === id)) err(`architectureOptions.${id}`, `unknown architecture "${id}"`)
    if (!hasOptionCheck(id)) continue
    // The architecture's own reader, the one its constructor uses, so a typo fails here.
    try {
      checkArchitectureOptions(id, raw)
    } catch (e) {
      if (!(e instanceof ArchitectureOptionError)) throw e
      err(e.path, e.reason)
    }
  }
  for (const [id, raw] of Object.entries(spec.mechanismOptions)) {
    if (!MECHANISMS.some((e) => e.id === id)) err(`mechanismOptions.${id}`, `unknown migration mechanism "${id}"`)
    const m = MECHANISM_REGISTRY.get(id)
    if (!m) continue
    // The mechanism's own check, the one a run makes before it starts, so a typo fails here.
    try {
      checkMechanismOptions(m, raw)
    } catch (e) {
      if (!(e instanceof MechanismOptionError)) throw e
      const at = /^(mechanismOptions\.[\w-]+\.\w+)[:\s]*(.*)$/.exec(e.message)
      if (at) err(at[1], at[2])
      else err(`mechanismOptions.${id}`, e.message)
    }
  }

  // ---- what the compared architectures require of the moves ----
  if (spec.compare.architectures.includes('arp-takeover')) {
    // A process keeps its address by gratuitous ARP only inside one broadcast domain.
    const lanOf = (host: string): string | undefined =>
      nodes.get(host)?.attach.find((a) => networks.get(a.network)?.kind === 'lan')?.network
    const why =
      "arp-takeover keeps a process's address only inside one broadcast domain; leave it out of compare.architectures or keep moves inside one LAN"
    for (const { m, i } of order) {
      const p = processes.get(m.process)
      if (!p) continue
      const home = lanOf(p.host)
      if (home !== undefined && lanOf(m.to) !== home) {
        err(
          `migrations[${i}].to`,
          `"${m.to}" is not on LAN "${home}" where "${m.process}" starts (on "${p.host}"): ${why}`,
        )
      }
    }
    spec.policies.forEach((pol, i) => {
      const hosts = pol.kind === 'eviction' ? [pol.host, ...(pol.targets ?? [])] : (pol.hosts ?? [])
      const lans = new Set(hosts.map(lanOf))
      if (lans.size > 1) err(`policies[${i}]`, `its hosts are on different LANs (${[...lans].join(', ')}): ${why}`)
    })
  }

  // ---- sweep ----
  errors.push(...checkSweep(spec))
  spec.figures.forEach((f, i) => {
    if (f.kind === 'metric-vs-parameter') {
      if (f.parameter === undefined)
        err(`figures[${i}].parameter`, 'missing: a metric-vs-parameter figure needs a parameter')
      if (f.metric === undefined) err(`figures[${i}].metric`, 'missing: a metric-vs-parameter figure needs a metric')
    }
    if (f.parameter !== undefined && !spec.sweep.parameters.some((p) => p.path === f.parameter)) {
      err(`figures[${i}].parameter`, `"${f.parameter}" is not a swept parameter`)
    }
  })
  return errors
}

/**
 * A network's latency or bandwidth is only the default of its attachments: when every attachment
 * to it sets its own, sweeping the network's value changes nothing, and the study would compare
 * identical runs. Returns why, or null.
 */
function shadowedByAttachments(spec: ScenarioSpec, path: string): string | null {
  const m = /^topology\.networks\.([^.]+)\.(latency|bandwidth)$/.exec(path)
  if (!m) return null
  const [, network, field] = m
  const attached = spec.topology.nodes.flatMap((n) =>
    n.attach
      .filter((a) => a.network === network)
      .map((a) => ({ node: n.name, own: a[field as 'latency' | 'bandwidth'] })),
  )
  if (attached.length === 0 || attached.some((a) => a.own === undefined)) return null
  const nodes = attached.map((a) => a.node)
  const shown = nodes.length > 4 ? `${nodes.slice(0, 4).join(', ')} and ${nodes.length - 4} more` : nodes.join(', ')
  return `sweeping ${path} changes nothing: every attachment to ${network} sets its own ${field} (${shown}); sweep those attachments' ${field}, or remove their own values`
}

/** Sweep paths resolve, every value (listed or generated) is valid for its field, exclusions make sense. */
function checkSweep(spec: ScenarioSpec): SpecError[] {
  const errors: SpecError[] = []
  const { parameters, mode, exclude } = spec.sweep
  const valuesByPath = new Map<string, unknown[]>()
  parameters.forEach((p, i) => {
    const at = `sweep.parameters[${i}]`
    if (valuesByPath.has(p.path)) errors.push({ path: `${at}.path`, message: `"${p.path}" is swept twice` })
    const resolved = resolvePath(spec, p.path)
    if (!resolved.ok) {
      errors.push({ path: `${at}.path`, message: resolved.message })
      return
    }
    if (!('values' in p) && p.scale === 'log' && (p.from <= 0 || p.to <= 0)) {
      errors.push({ path: at, message: 'a log range needs from and to above zero' })
      return
    }
    const shadowed = shadowedByAttachments(spec, p.path)
    if (shadowed) errors.push({ path: `${at}.path`, message: shadowed })
    const values = parameterValues(p)
    valuesByPath.set(p.path, values)
    values.forEach((v, j) => {
      const r = (
        resolved.schema as unknown as { safeParse(v: unknown): { success: boolean; error?: Error } }
      ).safeParse(v)
      if (!r.success) {
        const where = 'values' in p ? `${at}.values[${j}]` : at
        const why = (r.error as unknown as { issues: { message: string }[] }).issues.map((x) => x.message).join('; ')
        errors.push({ path: where, message: `${JSON.stringify(v)} is not a valid value of ${p.path}: ${why}` })
      }
    })
  })
  if (mode === 'zip' && parameters.length > 1) {
    const n = parameterValues(parameters[0]!).length
    parameters.forEach((p, i) => {
      const m = parameterValues(p).length
      if (m !== n) {
        errors.push({
          path: `sweep.parameters[${i}]`,
          message: `zip mode pairs the i-th values of every parameter: this one has ${m} values, the first has ${n}`,
        })
      }
    })
  }
  exclude.forEach((combo, i) => {
    for (const [path, value] of Object.entries(combo)) {
      const values = valuesByPath.get(path)
      if (!values) errors.push({ path: `sweep.exclude[${i}].${path}`, message: `"${path}" is not a swept parameter` })
      else if (!values.includes(value)) {
        errors.push({
          path: `sweep.exclude[${i}].${path}`,
          message: `${JSON.stringify(value)} is not one of its values (${values.map((v) => JSON.stringify(v)).join(', ')})`,
        })
      }
    }
  })
  return errors
}

// A readable summary of a scenario for the report: what was simulated, compared and swept, in
// the spec's own units, so a reader does not need the JSON to know what the figures are about.

import { ARCHITECTURES, catalogEntry, MECHANISMS } from '../catalog'
import type { AnalysisTable } from '../metrics/table'
import type { ScenarioSpec } from '../scenario/spec'

export interface ScenarioSummary {
  description: string
  items: [string, string][]
}

export function scenarioSummary(spec: ScenarioSpec | undefined, table: AnalysisTable): ScenarioSummary {
  if (!spec) {
    return {
      description: `Study "${table.study}" (the scenario spec was not given to the report).`,
      items: [['Study', table.study]],
    }
  }
  const title = (list: typeof ARCHITECTURES, id: string) => catalogEntry(list, id)?.title ?? id
  const nodes = spec.topology.nodes
  const items: [string, string][] = [
    ['Study', spec.name],
    ['Simulated time', `${spec.duration} per run, base seed ${spec.seed}`],
    [
      'Topology',
      `${nodes.filter((n) => n.kind === 'host').length} hosts, ${nodes.filter((n) => n.kind === 'router').length} routers, ` +
        `${spec.topology.networks.length} networks (${spec.topology.networks.map((n) => `${n.name}: ${n.kind}`).join(', ')}), ` +
        `${spec.topology.links.length} point-to-point links`,
    ],
    [
      'Processes',
      spec.processes
        .map((p) => `${p.name} on ${p.host} (${p.memory.size}, dirtying ${p.memory.dirtyRate})`)
        .join('; ') || 'none',
    ],
    ['Workloads', spec.workloads.map((w) => `${w.name} (${w.kind})`).join('; ') || 'none'],
    [
      'Migrations',
      [
        ...spec.migrations.map((m) => `${m.process} → ${m.to} at ${m.at}`),
        ...spec.policies.map((p) =>
          p.kind === 'eviction'
            ? `eviction from ${p.host} when its owner returns at ${p.ownerReturns.join(', ')}`
            : `load balancing every ${p.period}`,
        ),
      ].join('; ') || 'none',
    ],
    ['Architectures', spec.compare.architectures.map((a) => title(ARCHITECTURES, a)).join('; ')],
    ['Mechanisms', spec.compare.mechanisms.map((m) => title(MECHANISMS, m)).join('; ')],
    [
      'Sweep',
      spec.sweep.parameters
        .map((p) =>
          'values' in p
            ? `${p.path} ∈ {${p.values.join(', ')}}`
            : `${p.path} from ${p.from} to ${p.to} in ${p.steps} steps`,
        )
        .join('; ') || 'none',
    ],
    [
      'Replications',
      'count' in spec.replications
        ? `${spec.replications.count} per point`
        : `until the 95 % CI of ${spec.replications.until.metric} is within ${spec.replications.until.halfWidth}`,
    ],
    ['Transport', `${spec.transport.preset} timers; on a move without support: ${spec.transport.onMoveWithoutSupport}`],
  ]
  if (spec.failures.length > 0)
    items.push(['Failures', spec.failures.map((f) => `${f.kind} ${f.target} at ${f.at}`).join('; ')])
  return { description: spec.description || `Study "${spec.name}".`, items }
}

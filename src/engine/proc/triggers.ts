// What makes processes move: migrations at given times, eviction when a workstation's owner
// returns (foreign processes go home, or to the least loaded eligible host — Sprite's policy), and
// a simple load balancer (every period, if the most and least loaded hosts differ by more than a
// threshold, the busiest movable process on the most loaded host goes to the least loaded one).
// Also node and link failures, marked on the timeline.
//
// A policy that can never act (an eviction whose only target is the host being evicted, load
// balancing over fewer than two hosts) is a ScenarioError before the run starts. A policy that
// finds no eligible host at the moment it acts (targets down) is refused and recorded.

import { parseDuration } from '../core'
import type { Node } from '../net/node'
import type { PolicySpec } from '../scenario/spec'
import type { World } from '../sim/world'
import { nodeAt, processAt } from './elements'
import type { Process } from './process'
import { ScenarioError } from './scenario-error'

type EvictionPolicySpec = Extract<PolicySpec, { kind: 'eviction' }>
type LoadBalancePolicySpec = Extract<PolicySpec, { kind: 'load-balance' }>

/** A host's load: the CPU demand of the processes on it, counting a moving process at its destination. */
function loadOf(world: World, host: Node): number {
  let l = 0
  for (const p of world.processes.values()) if (p.alive && (p.migratingTo ?? p.host) === host) l += p.spec.cpuDemand
  return l
}

function leastLoaded(world: World, candidates: Node[]): Node | undefined {
  let best: Node | undefined
  let bestLoad = Number.POSITIVE_INFINITY
  for (const h of candidates) {
    if (!h.up) continue
    const l = loadOf(world, h)
    if (l < bestLoad) {
      best = h
      bestLoad = l
    }
  }
  return best
}

export function scheduleMigrations(world: World): void {
  world.spec.migrations.forEach((m, i) => {
    const p = processAt(world, `migrations[${i}].process`, m.process)
    const to = nodeAt(world, `migrations[${i}].to`, m.to)
    if (to.kind !== 'host' || to.role !== 'cluster') {
      throw new ScenarioError(`migrations[${i}].to: "${m.to}" is not a cluster host`)
    }
    world.sched.call(parseDuration(m.at), () => world.migrator.request(p, to, 'scheduled'))
  })
}

export function schedulePolicies(world: World): void {
  world.spec.policies.forEach((policy, i) => {
    if (policy.kind === 'eviction') scheduleEviction(world, policy, `policies[${i}]`)
    else scheduleLoadBalancing(world, policy, `policies[${i}]`)
  })
}

function scheduleEviction(world: World, policy: EvictionPolicySpec, path: string): void {
  const host = nodeAt(world, `${path}.host`, policy.host)
  const targets = (
    policy.targets ? policy.targets.map((n, j) => nodeAt(world, `${path}.targets[${j}]`, n)) : world.clusterHosts()
  ).filter((h) => h !== host)
  if (targets.length === 0) {
    throw new ScenarioError(
      `${path}${policy.targets ? '.targets' : ''}: no eligible host to evict processes to from "${host.name}"`,
    )
  }
  const lane = world.recorder.lane(`node:${host.name}`, 'node', host.name)
  for (const t of policy.ownerReturns) {
    world.sched.call(parseDuration(t), () => {
      world.recorder.point(lane, world.now, 'control', `owner of ${host.name} returns`)
      const foreign: Process[] = [...world.processes.values()].filter(
        (p) => p.alive && (p.migratingTo ?? p.host) === host && p.home !== host,
      )
      for (const p of foreign) {
        // Home if it can take the process back, else the least loaded eligible host (Sprite).
        const home = p.home.up && targets.includes(p.home) ? p.home : undefined
        const to = home ?? leastLoaded(world, targets)
        if (!to) {
          world.migrator.refusals.push({
            t: world.now,
            process: p.name,
            to: '-',
            reason: `${path}: no eligible host is up to evict it to from ${host.name}`,
          })
          world.recorder.count('migration.refused')
          world.recorder.point(p.lane, world.now, 'control', `eviction from ${host.name} refused: no eligible host up`)
          continue
        }
        world.recorder.point(p.lane, world.now, 'control', `evicted from ${host.name}`)
        world.migrator.request(p, to, 'eviction')
      }
    })
  }
}

function scheduleLoadBalancing(world: World, policy: LoadBalancePolicySpec, path: string): void {
  const hosts = policy.hosts
    ? policy.hosts.map((n, j) => nodeAt(world, `${path}.hosts[${j}]`, n))
    : world.clusterHosts()
  if (new Set(hosts).size < 2) {
    throw new ScenarioError(
      `${path}${policy.hosts ? '.hosts' : ''}: load balancing needs at least two hosts, got ${hosts.length}`,
    )
  }
  const period = parseDuration(policy.period)
  const tick = () => {
    const up = hosts.filter((h) => h.up)
    if (up.length >= 2) {
      const loads = up.map((h) => ({ h, l: loadOf(world, h) }))
      loads.sort((a, b) => b.l - a.l || a.h.id - b.h.id)
      const most = loads[0]
      const least = loads[loads.length - 1]
      if (most.l - least.l > policy.threshold) {
        const movable = [...world.processes.values()]
          .filter(
            (p) => p.alive && p.migratable && p.phase === 'running' && p.host === most.h && !world.migrator.isMoving(p),
          )
          .sort((a, b) => b.spec.cpuDemand - a.spec.cpuDemand || a.name.localeCompare(b.name))
        // Only worth it if the move narrows the gap.
        const p = movable.find((q) => least.l + q.spec.cpuDemand < most.l)
        if (p) world.migrator.request(p, least.h, 'load-balance')
      }
    }
    if (world.now + period <= world.duration) world.sched.call(world.now + period, tick)
  }
  world.sched.call(parseDuration(policy.start), tick)
}

export function scheduleFailures(world: World): void {
  const rec = world.recorder
  world.spec.failures.forEach((f, i) => {
    const at = parseDuration(f.at)
    const back = f.recover ? parseDuration(f.recover) : null
    if (f.kind === 'node') {
      const n = nodeAt(world, `failures[${i}].target`, f.target)
      const lane = rec.lane(`node:${n.name}`, 'node', n.name)
      world.sched.call(at, () => {
        rec.point(lane, world.now, 'failure', `${n.name} fails`)
        // The crash takes the processes running on the node with it (see buildWorld).
        world.net.setNodeUp(n, false)
      })
      if (back !== null)
        world.sched.call(back, () => {
          rec.point(lane, world.now, 'recovery', `${n.name} recovers`)
          world.net.setNodeUp(n, true)
        })
    } else {
      const l = world.net.findLink(f.target)
      if (!l) throw new ScenarioError(`failures[${i}].target: unknown link "${f.target}"`)
      const lane = rec.lane(`link:${l.name}`, 'node', `link ${l.name}`)
      world.sched.call(at, () => {
        rec.point(lane, world.now, 'failure', `${l.name} fails`)
        world.net.setLinkUp(l, false)
      })
      if (back !== null)
        world.sched.call(back, () => {
          rec.point(lane, world.now, 'recovery', `${l.name} recovers`)
          world.net.setLinkUp(l, true)
        })
    }
  })
}

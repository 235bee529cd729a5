// What makes processes move: migrations at given times, eviction when a workstation's owner
// returns (foreign processes go home, or to the least loaded eligible host — Sprite's policy), and
// a simple load balancer (every period, if the most and least loaded hosts differ by more than a
// threshold, the busiest movable process on the most loaded host goes to the least loaded one).

import { parseDuration } from '../core'
import type { Node } from '../net/node'
import type { PolicySpec } from '../scenario/spec'

type EvictionPolicySpec = Extract<PolicySpec, { kind: 'eviction' }>
type LoadBalancePolicySpec = Extract<PolicySpec, { kind: 'load-balance' }>

import type { World } from '../sim/world'
import type { Process } from './process'

function loadOf(world: World, host: Node): number {
  let l = 0
  for (const p of world.processes.values()) if (p.alive && p.host === host) l += p.spec.cpuDemand
  return l
}

function leastLoaded(world: World, candidates: Node[], exclude: Node): Node | undefined {
  let best: Node | undefined
  let bestLoad = Number.POSITIVE_INFINITY
  for (const h of candidates) {
    if (h === exclude || !h.up) continue
    const l = loadOf(world, h)
    if (l < bestLoad) {
      best = h
      bestLoad = l
    }
  }
  return best
}

export function scheduleMigrations(world: World): void {
  for (const m of world.spec.migrations) {
    const p = world.process(m.process)
    const to = world.node(m.to)
    world.sched.call(parseDuration(m.at), () => world.migrator.request(p, to, 'scheduled'))
  }
}

export function scheduleEviction(world: World, policy: EvictionPolicySpec): void {
  const host = world.node(policy.host)
  const targets = policy.targets ? policy.targets.map((n) => world.node(n)) : world.clusterHosts()
  for (const t of policy.ownerReturns) {
    world.sched.call(parseDuration(t), () => {
      const foreign: Process[] = [...world.processes.values()].filter(
        (p) => p.alive && p.host === host && p.home !== host,
      )
      for (const p of foreign) {
        const to = p.home !== host && p.home.up && targets.includes(p.home) ? p.home : leastLoaded(world, targets, host)
        if (!to) {
          world.migrator.refusals.push({
            t: world.now,
            process: p.name,
            to: '-',
            reason: `no eligible host to evict to from ${host.name}`,
          })
          continue
        }
        world.recorder.point(p.lane, world.now, 'control', `owner of ${host.name} returns: evict`)
        world.migrator.request(p, to, 'eviction')
      }
    })
  }
}

export function scheduleLoadBalancing(world: World, policy: LoadBalancePolicySpec): void {
  const hosts = policy.hosts ? policy.hosts.map((n) => world.node(n)) : world.clusterHosts()
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
          .filter((p) => p.alive && p.migratable && p.host === most.h && !world.migrator.isMoving(p))
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
  for (const f of world.spec.failures) {
    const at = parseDuration(f.at)
    const back = f.recover ? parseDuration(f.recover) : null
    if (f.kind === 'node') {
      const n = world.node(f.target)
      world.sched.call(at, () => {
        world.recorder.point(
          world.recorder.lane(`node:${n.name}`, 'node', n.name),
          world.now,
          'failure',
          `${n.name} fails`,
        )
        world.net.setNodeUp(n, false)
      })
      if (back !== null) {
        world.sched.call(back, () => {
          world.recorder.point(
            world.recorder.lane(`node:${n.name}`, 'node', n.name),
            world.now,
            'recovery',
            `${n.name} recovers`,
          )
          world.net.setNodeUp(n, true)
        })
      }
    } else {
      const l = world.net.link(f.target)
      world.sched.call(at, () => world.net.setLinkUp(l, false))
      if (back !== null) world.sched.call(back, () => world.net.setLinkUp(l, true))
    }
  }
}

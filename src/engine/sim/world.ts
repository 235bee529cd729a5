// The world of one simulation run: the scheduler, the network, the processes and their hosts'
// CPUs, the naming architecture in force, the recorder, and the spec and job being run. Engine
// layers above the network (processes, migration, naming, workloads) reach each other through it.

import { parseDuration, type RngStream, type Scheduler, type Time } from '../core'
import type { Metrics } from '../metrics/metrics'
import { Recorder } from '../metrics/recorder'
import { type DnsServer, Resolver } from '../names/dns'
import type { NamingArchitecture } from '../naming/architecture'
import { dnsOptions } from '../naming/dns/options'
import type { Net } from '../net/net'
import type { Node } from '../net/node'
import { HostCpu } from '../proc/cpu'
import { KernelLinks } from '../proc/kernel-link'
import type { Migrator } from '../proc/migrator'
import type { Process } from '../proc/process'
import type { RunJob } from '../run/result'
import type { ScenarioSpec } from '../scenario/spec'
import { TransportStack } from '../transport/stack'
import { type TcpConfig, tcpConfig } from '../transport/tcp-config'

export class World {
  readonly recorder = new Recorder()
  readonly processes = new Map<string, Process>()
  readonly kernel = new KernelLinks()
  readonly tcp: TcpConfig
  readonly duration: Time
  arch!: NamingArchitecture
  migrator!: Migrator
  metrics!: Metrics
  /** The cluster's name service (authoritative DNS), when one runs. */
  dns: DnsServer | null = null
  private readonly cpus = new Map<Node, HostCpu>()
  private readonly resolvers = new Map<Node, Resolver>()

  constructor(
    readonly spec: ScenarioSpec,
    readonly job: RunJob,
    readonly sched: Scheduler,
    readonly net: Net,
  ) {
    this.tcp = tcpConfig(spec.transport)
    this.duration = parseDuration(spec.duration)
  }

  get now(): Time {
    return this.sched.now
  }

  rng(key: string): RngStream {
    return this.net.rng(key)
  }

  cpu(node: Node): HostCpu {
    let c = this.cpus.get(node)
    if (!c) {
      c = new HostCpu(node)
      this.cpus.set(node, c)
    }
    return c
  }

  /** The transport stack of a node. */
  stack(node: Node): TransportStack {
    return TransportStack.of(node, this.tcp)
  }

  /** The node the cluster's DNS server runs on. */
  dnsNode(): Node {
    if (!this.dns) throw new Error('this run has no DNS server')
    return this.dns.node
  }

  /** Sets a name's record directly in the DNS zone (set-up, before the run starts). */
  register(name: string, addr: number, ttl: Time, extra: { hit?: number; rvs?: number } = {}): void {
    if (!this.dns) throw new Error('this run has no DNS server')
    this.dns.set(name, { addr, ttl, ...extra })
  }

  /** The stub resolver of a node (one per node, caching), pointed at the cluster's DNS server. */
  resolver(node: Node): Resolver {
    let r = this.resolvers.get(node)
    if (!r) {
      const server = this.dnsNode()
      r = new Resolver(node, server.address, node.role === 'remote' ? this.ignoreTtlFor(node) : null)
      this.resolvers.set(node, r)
    }
    return r
  }

  /** Resolvers that ignore TTLs (a configurable share of remote nodes, Flavel et al. 2014). */
  private ignoreTtlFor(node: Node): Time | null {
    const { staleResolverShare: share, staleFor } = dnsOptions(this.spec.architectureOptions.dns ?? {})
    if (share <= 0) return null
    return this.rng(`resolver:${node.name}`).uniform() < share ? staleFor : null
  }

  node(name: string): Node {
    return this.net.node(name)
  }

  process(name: string): Process {
    const p = this.processes.get(name)
    if (!p) throw new Error(`no process named "${name}"`)
    return p
  }

  /** Options the spec gives the architecture in force (architectureOptions[id]). */
  archOptions(id: string): Record<string, unknown> {
    return this.spec.architectureOptions[id] ?? {}
  }

  mechanismOptions(id: string): Record<string, unknown> {
    return this.spec.mechanismOptions[id] ?? {}
  }

  /** The node an infrastructure agent runs on: the spec's `agents` entry, or `fallback()`. */
  agentNode(role: string, fallback: () => Node): Node {
    const name = this.spec.agents[role]
    if (name !== undefined) return this.net.node(name)
    return fallback()
  }

  /** Cluster hosts (where processes may run). */
  clusterHosts(): Node[] {
    return this.net.nodes.filter((n) => n.kind === 'host' && n.role === 'cluster')
  }

  /** The gateway of a node's first LAN: the router attached to it (the conventional home-agent site). */
  gatewayOf(node: Node): Node | undefined {
    const lanIface = node.ifaces.find((i) => i.kind === 'lan')
    if (!lanIface) return undefined
    return this.net.nodes.find((n) => n.kind === 'router' && n.ifaceOn(lanIface.network) !== undefined)
  }
}

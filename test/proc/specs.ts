// Specs for the process-layer tests: a few cluster hosts on one switched Ethernet LAN, an
// optional file server, processes and migrations given by each test.

import type { RunJob } from '../../src/engine/run/result'
import type { ScenarioSpecInput } from '../../src/engine/scenario/spec'
import { ScenarioSpec } from '../../src/engine/scenario/spec'

/**
 * A full TCP segment carries 1460 payload bytes in 1538 bytes of Ethernet wire time (20 IP + 20
 * TCP + 18 framing + 20 preamble and gap). MODELS.md's formulas take B as the migration goodput,
 * so a LAN meant to move B bytes/s of state runs at B × 8 × 1538/1460 bit/s.
 */
export const ETHERNET_GOODPUT = 1460 / 1538

export function lanRateFor(goodputBytesPerSecond: number): string {
  return `${(goodputBytesPerSecond * 8) / ETHERNET_GOODPUT}bps`
}

export interface ClusterOptions {
  rate: string
  latency?: string
  hosts?: string[]
  fileServer?: boolean
}

export function clusterSpec(o: ClusterOptions, over: Partial<ScenarioSpecInput>): ScenarioSpec {
  const hosts = o.hosts ?? ['a', 'b']
  const nodes: NonNullable<ScenarioSpecInput['topology']['nodes']> = hosts.map((name) => ({
    name,
    kind: 'host' as const,
    attach: [{ network: 'lan' }],
  }))
  if (o.fileServer) nodes.push({ name: 'fs', kind: 'host', role: 'infrastructure', attach: [{ network: 'lan' }] })
  return ScenarioSpec.parse({
    specVersion: 1,
    name: 'proc-test',
    duration: '20s',
    topology: {
      networks: [{ name: 'lan', kind: 'lan', bandwidth: o.rate, latency: o.latency ?? '50us' }],
      nodes,
    },
    agents: o.fileServer ? { fileServer: 'fs' } : {},
    compare: { architectures: ['none'], mechanisms: ['eager-all'] },
    ...over,
  } satisfies ScenarioSpecInput)
}

export function job(mechanism: string, seed = 1): RunJob {
  return { architecture: 'none', mechanism, pointIndex: 0, point: {}, replication: 0, seed }
}

// RING-UDP (shared/bench/README.md): a ring of routers with hosts on point-to-point access links
// and UDP constant-bit-rate flows, run on MigLab's packet-level network and transport, and beside
// it ns-3's program with the same parameters (`--routing=nix --qdisc=none`, its fastest
// configuration) in the same run.

import { type Handler, MS, Mulberry32, Scheduler, SECOND } from '../src/engine/core'
import type { ChannelParams } from '../src/engine/net/channel'
import { Net } from '../src/engine/net/net'
import { PPP_OVERHEAD } from '../src/engine/net/packet'
import { TransportStack } from '../src/engine/transport/stack'
import type { UdpSocket } from '../src/engine/transport/udp'
import { type BenchArgs, intFlag, resultLine } from './args'
import { missingPeerNote, peerPath, runPeer } from './peers'

export interface RingParams {
  routers: number
  hosts: number
  flows: number
  pkts: number
  intervalMs: number
  seed: number
}

export interface RingResult {
  sent: number
  delivered: number
  pktHops: number
  expectedHops: number
  events: number
  setupS: number
  runS: number
  simTime: number
}

const p2p = (bandwidth: number, latency: number): ChannelParams => ({
  bandwidth,
  latency,
  loss: 0,
  queue: 100,
  mtu: 1500,
  overhead: PPP_OVERHEAD,
  minPayload: 0,
  gap: 0,
})

/** A UDP client sending `count` datagrams of 512 bytes, one every `interval`, from `start`. */
class CbrClient implements Handler {
  hid = -1
  sent = 0
  constructor(
    private readonly sched: Scheduler,
    private readonly socket: UdpSocket,
    private readonly dst: number,
    private readonly count: number,
    private readonly interval: number,
  ) {}
  handle(): void {
    this.socket.sendTo(this.dst, 9, 512)
    if (++this.sent < this.count) this.sched.after(this.interval, this)
  }
}

export function runRing(p: RingParams): RingResult {
  if (p.routers < 3 || p.routers % 2 === 0)
    throw new Error('--routers must be odd and at least 3 (unique shortest paths)')
  if (p.hosts < 2) throw new Error('--hosts must be at least 2')
  if (p.pkts < 1) throw new Error('--pkts must be at least 1')
  const t0 = performance.now()
  const sched = new Scheduler(1 << 16)
  const net = new Net(sched, p.seed)
  const routers = Array.from({ length: p.routers }, (_, i) => net.addNode(`r${i}`, 'router'))
  const hosts = Array.from({ length: p.hosts }, (_, j) => net.addNode(`h${j}`, 'host'))
  for (let k = 0; k < p.routers; k++) net.connect(routers[k], routers[(k + 1) % p.routers], p2p(1e9, 2 * MS))
  for (let j = 0; j < p.hosts; j++) net.connect(hosts[j], routers[j % p.routers], p2p(100e6, 1 * MS))
  net.finalize()
  net.pool.defaultTtl = 255 // as the peer program: ring paths exceed 64 hops

  // Flows, drawn from one mulberry32 stream in the order the peer program draws them.
  const rng = new Mulberry32(p.seed)
  const interval = Math.round(p.intervalMs * MS)
  const sinks = new Map<number, UdpSocket>()
  let expectedHops = 0
  const clients: CbrClient[] = []
  for (let i = 0; i < p.flows; i++) {
    const src = rng.below(p.hosts)
    let dst: number
    do dst = rng.below(p.hosts)
    while (dst === src)
    const offUs = rng.below(10000)
    const a = src % p.routers
    const b = dst % p.routers
    const d = Math.abs(a - b)
    expectedHops += p.pkts * (Math.min(d, p.routers - d) + 2)
    if (!sinks.has(dst)) sinks.set(dst, TransportStack.of(hosts[dst]).udpSocket(9))
    const socket = TransportStack.of(hosts[src]).udpSocket()
    const client = new CbrClient(sched, socket, hosts[dst].address, p.pkts, interval)
    clients.push(client)
    sched.at(SECOND + offUs * 1000, client)
  }
  const stop = SECOND + 10 * MS + p.pkts * interval + SECOND
  const t1 = performance.now()
  sched.run({ until: stop })
  const t2 = performance.now()
  let delivered = 0
  for (const s of sinks.values()) delivered += s.received
  let pktHops = 0
  for (const l of net.links) pktHops += l.ab.txPackets + l.ba.txPackets
  return {
    sent: clients.reduce((s, c) => s + c.sent, 0),
    delivered,
    pktHops,
    expectedHops,
    events: sched.events,
    setupS: (t1 - t0) / 1000,
    runS: (t2 - t1) / 1000,
    simTime: stop / SECOND,
  }
}

const SIZES: Record<string, RingParams> = {
  small: { routers: 11, hosts: 55, flows: 100, pkts: 200, intervalMs: 10, seed: 1 },
  medium: { routers: 51, hosts: 510, flows: 1000, pkts: 20, intervalMs: 10, seed: 1 },
  large: { routers: 201, hosts: 2010, flows: 5000, pkts: 2, intervalMs: 10, seed: 1 },
}

export function benchRing(flags: BenchArgs): void {
  const size = typeof flags.size === 'string' ? flags.size : undefined
  if (size && !SIZES[size]) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`)
  const base = SIZES[size ?? 'medium']
  const p: RingParams = {
    routers: intFlag(flags, 'routers', base.routers),
    hosts: intFlag(flags, 'hosts', base.hosts),
    flows: intFlag(flags, 'flows', base.flows),
    pkts: intFlag(flags, 'pkts', base.pkts),
    intervalMs: intFlag(flags, 'intervalMs', base.intervalMs),
    seed: intFlag(flags, 'seed', base.seed),
  }
  const reps = Math.max(1, intFlag(flags, 'reps', 1))
  const withPeer = flags.peer !== 'none'
  const peer = withPeer ? peerPath('ns3/build/ring_udp') : undefined
  if (withPeer && !peer) console.log(missingPeerNote('ns3/ring_udp'))
  const ours: number[] = []
  const theirs: number[] = []
  let last: RingResult | undefined
  for (let r = 0; r < reps; r++) {
    const res = runRing(p)
    last = res
    ours.push(res.runS)
    const rss = process.resourceUsage().maxRSS / 1024
    console.log(
      resultLine({
        impl: 'miglab',
        routers: p.routers,
        hosts: p.hosts,
        flows: p.flows,
        pkts: p.pkts,
        intervalMs: p.intervalMs,
        seed: p.seed,
        simTime: res.simTime,
        sent: res.sent,
        delivered: res.delivered,
        pktHops: res.pktHops,
        events: res.events,
        setup_s: res.setupS,
        run_s: res.runS,
        events_per_s: Math.round(res.events / res.runS),
        hops_per_s: Math.round(res.pktHops / res.runS),
        peak_rss_mib: Math.round(rss * 10) / 10,
      }),
    )
    if (res.pktHops !== res.expectedHops)
      console.log(`# warning: ${res.pktHops} packet-hops, the shortest paths give ${res.expectedHops}`)
    if (!peer) continue
    const args = [
      `--routers=${p.routers}`,
      `--hosts=${p.hosts}`,
      `--flows=${p.flows}`,
      `--pkts=${p.pkts}`,
      `--intervalMs=${p.intervalMs}`,
      `--seed=${p.seed}`,
      '--routing=nix',
      '--qdisc=none',
    ]
    const { line, fields } = runPeer(peer, args)
    console.log(line)
    theirs.push(Number(fields.run_s))
    if (Number(fields.delivered) !== res.delivered || Number(fields.pktHops) !== res.pktHops) {
      console.log(
        `# MISMATCH: ns-3 delivered=${fields.delivered} pktHops=${fields.pktHops}, MigLab delivered=${res.delivered} pktHops=${res.pktHops}`,
      )
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  if (theirs.length > 0 && last) {
    console.log(
      resultLine({
        summary: 'ring',
        routers: p.routers,
        hosts: p.hosts,
        flows: p.flows,
        pkts: p.pkts,
        miglab_run_s: med(ours),
        ns3_nix_run_s: med(theirs),
        speedup: med(theirs) / med(ours),
      }),
    )
  }
}

// V1 (RFC 6298 estimator) and V2 (back-off quantisation of a migration gap), MODELS.md §7.

import { MS, Scheduler, SECOND } from '../core'
import { buildTopology } from '../net/topology'
import { RtoEstimator } from '../transport/rto'
import { TransportStack } from '../transport/stack'
import { RFC_TCP } from '../transport/tcp-config'
import type { Check, ValidationCase } from './case'

export const v1: ValidationCase = {
  id: 'V1',
  title: 'RFC 6298 estimator: samples 100 ms then 140 ms',
  source: 'MODELS.md V1 (analytic, RFC 6298 §2)',
  run(): Check[] {
    const e = new RtoEstimator({ initial: SECOND, min: SECOND, max: 60 * SECOND, granularity: 0 })
    const out: Check[] = []
    e.sample(100 * MS)
    out.push({ quantity: 'SRTT after sample 1', expected: 100, simulated: e.srtt / MS, tolerance: 0, unit: 'ms' })
    out.push({ quantity: 'RTTVAR after sample 1', expected: 50, simulated: e.rttvar / MS, tolerance: 0, unit: 'ms' })
    out.push({
      quantity: 'computed RTO after sample 1',
      expected: 300,
      simulated: e.computed / MS,
      tolerance: 0,
      unit: 'ms',
    })
    e.sample(140 * MS)
    out.push({ quantity: 'SRTT after sample 2', expected: 105, simulated: e.srtt / MS, tolerance: 0, unit: 'ms' })
    out.push({ quantity: 'RTTVAR after sample 2', expected: 47.5, simulated: e.rttvar / MS, tolerance: 0, unit: 'ms' })
    out.push({
      quantity: 'computed RTO after sample 2',
      expected: 295,
      simulated: e.computed / MS,
      tolerance: 0,
      unit: 'ms',
    })
    out.push({ quantity: 'RTO (RFC floor 1 s)', expected: 1000, simulated: e.rto / MS, tolerance: 0, unit: 'ms' })
    return out
  },
}

/** Resume instant after a cut of `gap` seconds, simulated with a real TCP connection (RTO 1 s). */
function resumeAfterGap(gap: number): number {
  const sched = new Scheduler()
  const net = buildTopology(sched, 1, {
    nodes: [
      { name: 'r', kind: 'host' },
      { name: 'a', kind: 'router' },
      { name: 'b', kind: 'router' },
      { name: 'p', kind: 'host' },
    ],
    links: [
      { a: 'r', b: 'a', bandwidth: '100Mbps', latency: '100us' },
      { name: 'path', a: 'a', b: 'b', bandwidth: '100Mbps', latency: '100us' },
      { a: 'b', b: 'p', bandwidth: '100Mbps', latency: '100us' },
    ],
  })
  let arrived = -1
  TransportStack.of(net.node('p'), RFC_TCP).listen(23, (c) => {
    c.app = { onMessage: () => (arrived = sched.now) }
  })
  const conn = TransportStack.of(net.node('r'), RFC_TCP).connect(net.node('p').address, 23, null)
  sched.run({ until: SECOND })
  const cut = 2 * SECOND
  sched.call(cut, () => net.setLinkUp(net.link('path'), false))
  sched.call(cut + Math.round(gap * SECOND), () => net.setLinkUp(net.link('path'), true))
  sched.call(cut, () => conn.send(1, 'segment lost at t = 0'))
  sched.run({ until: cut + 120 * SECOND })
  return (arrived - cut) / SECOND
}

export const v2: ValidationCase = {
  id: 'V2',
  title: 'Back-off quantisation of a migration gap (RTO 1 s)',
  source: 'MODELS.md V2 and §1.3 (analytic)',
  run(): Check[] {
    const cases: [number, number][] = [
      [0.5, 1],
      [2.5, 3],
      [3.2, 7],
      [10, 15],
      [20, 31],
    ]
    return cases.map(([gap, resume]) => ({
      quantity: `resume after a ${gap} s gap`,
      expected: resume,
      simulated: resumeAfterGap(gap),
      // The one-way delay of three 100 us hops plus serialisation is added to the resume instant.
      tolerance: 0.001,
      unit: 's',
      why: 'plus the one-way delay (0.3 ms)',
    }))
  },
}

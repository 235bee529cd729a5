// V4 (pre-copy converging) and V7 (eager vs flushing vs copy-on-reference on a 1980s LAN),
// MODELS.md §7. B is the migration goodput: the LAN's rate is set so TCP over Ethernet moves B.

import { simulate } from '../run/simulate'
import type { Check, ValidationCase } from './case'
import { job, lanCluster, spec } from './drive'

const MB = 1e6

export const v4: ValidationCase = {
  id: 'V4',
  title: 'Pre-copy converging: M = 512 MB, B = 125 MB/s, D = 25 MB/s, stop below 50 pages',
  source: 'MODELS.md V4 (analytic, §4 recurrence)',
  run(): Check[] {
    const r = simulate(
      spec({
        specVersion: 1,
        name: 'V4',
        duration: '8s',
        topology: lanCluster(125 * MB, ['a', 'b'], false),
        processes: [
          {
            name: 'vm',
            host: 'a',
            openFiles: 8,
            kernelState: '16KiB',
            memory: { size: '512MB', pageSize: '4KiB', dirtyRate: '25MB/s' },
          },
        ],
        migrations: [{ process: 'vm', to: 'b', at: '1s' }],
        mechanismOptions: { 'pre-copy': { stopPages: 50, fixedCost: '20ms', perFile: '1ms' } },
        compare: { architectures: ['none'], mechanisms: ['pre-copy'] },
      }),
      job('none', 'pre-copy'),
    )
    if (r.status !== 'ok') throw new Error(`V4 run failed: ${r.error}`)
    const m = r.migrations[0]
    const expected = [512, 102.4, 20.48, 4.096, 0.8192, 0.16384]
    const checks: Check[] = expected.map((v, i) => ({
      quantity: i === expected.length - 1 ? 'stop-and-copy' : `round ${i}`,
      expected: v,
      simulated: (m.rounds[i] ?? Number.NaN) / MB,
      tolerance: 0.04,
      unit: 'MB',
      why: 'page rounding and ≈1 ms of dirtying per round trip',
    }))
    checks.push({
      quantity: 'total sent M(1 − r^6)/(1 − r)',
      expected: 639.96,
      simulated: m.bytes.memory / MB,
      tolerance: 0.24,
      unit: 'MB',
      why: 'six rounds at 40 kB each',
    })
    checks.push({
      quantity: 'downtime (stop-and-copy / B)',
      expected: 1.31,
      simulated: (m.rounds[m.rounds.length - 1] / (125 * MB)) * 1000,
      tolerance: 0.35,
      unit: 'ms',
    })
    return checks
  },
}

// T_s = 50 ms (c_0 = 27.25 ms + 8 files × 1 ms + 16 KiB + 2 KiB of PCB/files at B) and
// t_fault = 5 ms (a 65 us handler on top of the switched LAN's request/page exchange).
const V7_OPTIONS = { fixedCost: '27.25ms', perFile: '1ms', faultHandler: '65us', touchPeriod: '0s' }

function v7Run(mechanism: string) {
  const page = 4096
  const r = simulate(
    spec({
      specVersion: 1,
      name: 'V7',
      duration: '15s',
      topology: lanCluster(1.25e6, ['a', 'b'], true),
      agents: { fileServer: 'fs' },
      processes: [
        {
          name: 'p',
          host: 'a',
          openFiles: 8,
          kernelState: '16KiB',
          memory: {
            size: `${2048 * page}B`,
            pageSize: '4096B',
            dirtyAtFreeze: `${200 * page}B`,
            touchedAfterResume: `${860 * page}B`,
          },
        },
      ],
      migrations: [{ process: 'p', to: 'b', at: '1s' }],
      mechanismOptions: { [mechanism]: V7_OPTIONS },
      compare: { architectures: ['none'], mechanisms: [mechanism] },
    }),
    job('none', mechanism),
  )
  if (r.status !== 'ok') throw new Error(`V7 ${mechanism} run failed: ${r.error}`)
  return r
}

export const v7: ValidationCase = {
  id: 'V7',
  title: 'Eager vs flushing vs copy-on-reference: 10 Mbit/s LAN, M = 2048 pages, 200 dirty, 860 touched',
  source: 'MODELS.md V7 (analytic; Zayas 1987 for the 58 % saving)',
  run(): Check[] {
    const eager = v7Run('eager-all').migrations[0]
    const flush = v7Run('flushing')
    const cor = v7Run('copy-on-reference')
    const stall = (ns: number[]) => ns.reduce((a, b) => a + b, 0) / 1e9
    const why = 'link handshake and store-and-forward, about 2.5 ms per transfer'
    return [
      { quantity: 'eager-all freeze', expected: 6.76, simulated: eager.freeze / 1e9, tolerance: 0.01, unit: 's', why },
      { quantity: 'eager-all bytes', expected: 8.39, simulated: eager.bytes.memory / MB, tolerance: 0.005, unit: 'MB' },
      {
        quantity: 'flushing freeze',
        expected: 0.705,
        simulated: flush.migrations[0].freeze / 1e9,
        tolerance: 0.008,
        unit: 's',
        why,
      },
      {
        quantity: 'flushing bytes to the server',
        expected: 0.82,
        simulated: flush.migrations[0].bytes.toServer / MB,
        tolerance: 0.005,
        unit: 'MB',
      },
      {
        quantity: 'flushing bytes back',
        expected: 3.52,
        simulated: flush.migrations[0].bytes.fromServer / MB,
        tolerance: 0.005,
        unit: 'MB',
      },
      {
        quantity: 'copy-on-reference freeze',
        expected: 0.05,
        simulated: cor.migrations[0].freeze / 1e9,
        tolerance: 0.003,
        unit: 's',
        why,
      },
      {
        quantity: 'copy-on-reference faults',
        expected: 860,
        simulated: cor.migrations[0].pageFaults,
        tolerance: 0,
        unit: '',
      },
      {
        quantity: 'copy-on-reference stall (860 × 5 ms)',
        expected: 4.3,
        simulated: stall(cor.samples['migration.fault']?.v ?? []),
        tolerance: 0.086,
        unit: 's',
        why: '2 %',
      },
      {
        quantity: 'copy-on-reference bytes',
        expected: 3.52,
        simulated: cor.migrations[0].bytes.faults / MB,
        tolerance: 0.005,
        unit: 'MB',
      },
    ]
  },
}

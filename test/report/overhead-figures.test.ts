// The overhead comparison's bar figures: any metrics per architecture × mechanism with their
// intervals ("metric-bars"), and paired differences against a baseline under common random
// numbers ("paired-difference"), checked against numbers computed here from the fixture's runs.

import { describe, expect, test } from 'vitest'
import { describe as describeSample, pairedDifferences } from '../../src/engine/metrics/stats'
import { exportFigure } from '../../src/engine/report/export'
import type { BarPanel } from '../../src/engine/report/figure-model'
import { buildFigure, standardFigureRequests } from '../../src/engine/report/figure-requests'
import { metricBarsFigure } from '../../src/engine/report/figures/metric-bars'
import { pairedDifferenceFigure } from '../../src/engine/report/figures/paired-difference'
import { ARCHITECTURES, MECHANISMS, REPLICATIONS, study } from './fixtures'

const s = study()
function runsOf(architecture: string, mechanism: string, pointIndex: number) {
  return s.runs
    .filter(
      (r) => r.job.architecture === architecture && r.job.mechanism === mechanism && r.job.pointIndex === pointIndex,
    )
    .sort((a, b) => a.job.replication - b.job.replication)
}

describe('metric-bars', () => {
  test('one panel per metric; bars are each configuration’s mean and 95 % interval in the panel’s unit', () => {
    const model = metricBarsFigure(s, { metrics: ['migration.total.mean', 'migration.bytes.total'], pointIndex: 1 })
    expect(model.kind).toBe('metric-bars')
    expect(model.panels).toHaveLength(2)
    const [time, bytes] = model.panels as BarPanel[]
    expect(time.y.label).toBe('Migration time, mean (ms)')
    expect(bytes.y.label).toBe('Bytes moved (MB)')
    expect(time.categories).toEqual(['None', 'MIPv4', 'TCP Migrate'])
    expect(time.series.map((x) => x.name)).toEqual(['Eager (all)', 'Pre-copy'])
    // MIPv4 × pre-copy at point 1, by hand from the runs.
    const values = runsOf('mobile-ipv4', 'pre-copy', 1).map((r) => r.summary['migration.total.mean'] / 1e6)
    const expected = describeSample(values)!
    const bar = time.series[1].values[1]!
    expect(bar.n).toBe(REPLICATIONS)
    expect(bar.mean).toBeCloseTo(expected.mean, 12)
    expect(bar.ciLow).toBeCloseTo(expected.ciLow, 12)
    expect(bar.ciHigh).toBeCloseTo(expected.ciHigh, 12)
    expect(bar.ciHigh).toBeGreaterThan(bar.ciLow)
    // A click on that bar stands for those runs.
    expect({ ...time.select!.categories[1], ...time.select!.series[1] }).toEqual({
      architecture: 'mobile-ipv4',
      mechanism: 'pre-copy',
      pointIndex: 1,
    })
  })

  test('a group of the overhead comparison keeps its name; other metrics are named by themselves', () => {
    const cost = metricBarsFigure(s, { metrics: ['migration.total.mean'] })
    expect(cost.id).toBe('metric-bars-cost-p0')
    expect(cost.title).toBe('What a move costs')
    const freeze = buildFigure(s, { kind: 'metric-bars', metric: 'migration.freeze.mean', point: 1 })
    expect(freeze.id).toBe('metric-bars-migration-freeze-mean-p1')
    expect(freeze.panels).toHaveLength(1)
  })

  test('a metric the results lack is refused, naming the metrics they have', () => {
    expect(() => metricBarsFigure(s, { metrics: ['migration.control.messages'] })).toThrow(
      /no metric "migration.control.messages"; it has: .*migration.freeze.mean/,
    )
  })
})

describe('paired-difference', () => {
  const OUTAGE = 'connection.outage.mean'

  /** Mean and interval of (configuration − baseline) over replications, by hand, in seconds. */
  function byHand(a: string, m: string, base: { architecture: string; mechanism: string }, point: number) {
    const mine = runsOf(a, m, point)
    const theirs = runsOf(base.architecture, base.mechanism, point)
    const diffs = mine.map((r, i) => {
      expect(theirs[i].job.replication).toBe(r.job.replication)
      return (r.summary[OUTAGE] - theirs[i].summary[OUTAGE]) / 1e9
    })
    return describeSample(diffs)!
  }

  test('against the study’s baseline: per-replication differences, their mean and interval; no bar for the baseline', () => {
    const model = pairedDifferenceFigure(s, { metrics: [OUTAGE] })
    expect(model.title).toBe('Difference from None, Eager (all)')
    const panel = model.panels[0] as BarPanel
    expect(panel.y).toEqual({ label: 'Δ Communication outage, mean (s)', scale: 'linear' })
    expect(panel.series[0].values[0]).toBeNull()
    for (const [ai, a] of ARCHITECTURES.entries()) {
      for (const [mi, m] of MECHANISMS.entries()) {
        if (a === 'none' && m === 'eager-all') continue
        const want = byHand(a, m, { architecture: 'none', mechanism: 'eager-all' }, 0)
        const got = panel.series[mi].values[ai]!
        expect(got.n).toBe(REPLICATIONS)
        expect(got.mean).toBeCloseTo(want.mean, 9)
        expect(got.ciLow).toBeCloseTo(want.ciLow, 9)
        expect(got.ciHigh).toBeCloseTo(want.ciHigh, 9)
      }
    }
    // The architectures that keep the connection beat plain TCP's reconnect: negative differences.
    expect(panel.series[0].values[2]!.mean).toBeLessThan(0)
  })

  test('against a baseline the user chooses, at another sweep point', () => {
    const baseline = { architecture: 'tcp-migrate', mechanism: 'pre-copy' }
    const model = buildFigure(s, { kind: 'paired-difference', metric: OUTAGE, baseline, point: 1 })
    expect(model.id).toBe('paired-difference-connection-outage-mean-vs-tcp-migrate-pre-copy-p1')
    const panel = model.panels[0] as BarPanel
    expect(panel.series[1].values[2]).toBeNull()
    const want = byHand('mobile-ipv4', 'eager-all', baseline, 1)
    expect(panel.series[0].values[1]!.mean).toBeCloseTo(want.mean, 9)
    expect(panel.series[0].values[1]!.ciHigh).toBeCloseTo(want.ciHigh, 9)
    // The same numbers as the metrics layer's own pairing.
    const d = pairedDifferences(s.runs, baseline).find(
      (x) =>
        x.pointIndex === 1 && x.architecture === 'mobile-ipv4' && x.mechanism === 'eager-all' && x.metric === OUTAGE,
    )!
    expect(panel.series[0].values[1]!.mean).toBeCloseTo(d.mean / 1e9, 12)
  })

  test('without runs, the analysis table’s pairs against the spec’s baseline give the same figure', () => {
    const tableOnly = { table: s.table, spec: s.spec }
    const a = pairedDifferenceFigure(tableOnly, { metrics: [OUTAGE] })
    const b = pairedDifferenceFigure(s, { metrics: [OUTAGE] })
    expect(a.panels).toEqual(b.panels)
    expect(() =>
      pairedDifferenceFigure(tableOnly, { baseline: { architecture: 'tcp-migrate', mechanism: 'pre-copy' } }),
    ).toThrow(/no differences against TCP Migrate, Pre-copy and no runs were given/)
  })

  test('a study without a baseline, or a baseline it did not run, is refused with what to do', () => {
    const noBaseline = { ...s, spec: { ...s.spec, compare: { ...s.spec.compare, baseline: undefined } } }
    noBaseline.table = { ...s.table, paired: [] }
    expect(() => pairedDifferenceFigure(noBaseline)).toThrow(/names no baseline \(compare.baseline\)/)
    expect(() => pairedDifferenceFigure(s, { baseline: { architecture: 'hip', mechanism: 'eager-all' } })).toThrow(
      /baseline HIP, Eager \(all\) is not among the study's results/,
    )
  })

  test('negative differences: the PGFPlots axis reaches below zero with a zero line, as the SVG does', async () => {
    const tex = (await exportFigure(s, { kind: 'paired-difference', metric: OUTAGE }, 'pgfplots')).data as string
    expect(tex).not.toContain('ymin=0')
    expect(tex).toContain('extra y ticks={0}')
    const bars = (await exportFigure(s, { kind: 'metric-bars', metric: 'migration.total.mean' }, 'pgfplots'))
      .data as string
    expect(bars).toContain('ymin=0')
    expect(bars).not.toContain('extra y ticks')
  })
})

describe('the runs behind a mark', () => {
  test('every figure a result view draws says which runs its bars, stacks and lines stand for', () => {
    const stacked = buildFigure(s, { kind: 'overhead-stacked', point: 1 }).panels[1] as BarPanel
    expect(stacked.select?.categories[2]).toEqual({ architecture: 'tcp-migrate', mechanism: 'pre-copy', pointIndex: 1 })
    const lines = buildFigure(s, { kind: 'metric-vs-parameter', metric: 'connection.outage.mean' }).panels[0]
    if (lines.type !== 'lines') throw new Error('expected lines')
    const mipv4 = lines.series.find((x) => x.name === 'MIPv4, Pre-copy')!
    expect(mipv4.select).toEqual({ architecture: 'mobile-ipv4', mechanism: 'pre-copy' })
    expect(mipv4.points.map((p) => p.select?.pointIndex)).toEqual([0, 1])
    const cdf = buildFigure(s, { kind: 'cdf', metric: 'interactive.echo', point: 1 }).panels[0]
    if (cdf.type !== 'lines') throw new Error('expected lines')
    expect(cdf.series[0].select).toEqual({ architecture: 'none', mechanism: 'eager-all', pointIndex: 1 })
  })
})

describe('the standard figure set', () => {
  test('adds the overhead groups the results have and the paired outage differences, at every sweep point', () => {
    const withoutSpecList = { ...s, spec: { ...s.spec, figures: [] } }
    const requests = standardFigureRequests(withoutSpecList)
    const bars = requests.filter((r) => r.kind === 'metric-bars')
    // The fixture has the cost group's migration time only, and the workload group's echo p99.
    expect(bars).toEqual([
      { kind: 'metric-bars', metrics: ['migration.total.mean'], point: 0 },
      { kind: 'metric-bars', metrics: ['interactive.echo.p99'], point: 0 },
      { kind: 'metric-bars', metrics: ['migration.total.mean'], point: 1 },
      { kind: 'metric-bars', metrics: ['interactive.echo.p99'], point: 1 },
    ])
    expect(requests.filter((r) => r.kind === 'paired-difference').map((r) => r.point)).toEqual([0, 1])
    for (const r of requests) expect(() => buildFigure(withoutSpecList, r)).not.toThrow()
    // Without a baseline there is nothing to pair.
    const noBaseline = {
      ...withoutSpecList,
      spec: { ...withoutSpecList.spec, compare: { ...s.spec.compare, baseline: undefined } },
    }
    expect(standardFigureRequests(noBaseline).some((r) => r.kind === 'paired-difference')).toBe(false)
  })
})

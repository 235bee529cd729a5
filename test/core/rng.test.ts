import { describe, expect, it } from 'vitest'
import { EmpiricalDistribution, lognormalParams, Mulberry32, RngStream } from '../../src/engine/core'

const N = 200_000

function moments(draw: () => number, n = N): { mean: number; variance: number } {
  let s = 0
  let s2 = 0
  for (let i = 0; i < n; i++) {
    const x = draw()
    s += x
    s2 += x * x
  }
  const mean = s / n
  return { mean, variance: s2 / n - mean * mean }
}

describe('RngStream reproducibility and independence', () => {
  it('same seed and entity give the same sequence', () => {
    const a = new RngStream(7, 'host:a/think')
    const b = new RngStream(7, 'host:a/think')
    const xs = Array.from({ length: 1000 }, () => a.uniform())
    const ys = Array.from({ length: 1000 }, () => b.uniform())
    expect(xs).toEqual(ys)
  })

  it('different seeds or entities give different sequences', () => {
    const base = Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.nextU32()
      )(new RngStream(7, 'x')),
    )
    const otherSeed = Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.nextU32()
      )(new RngStream(8, 'x')),
    )
    const otherKey = Array.from(
      { length: 8 },
      (
        (r) => () =>
          r.nextU32()
      )(new RngStream(7, 'y')),
    )
    expect(otherSeed).not.toEqual(base)
    expect(otherKey).not.toEqual(base)
  })

  it("a new entity does not change another entity's draws", () => {
    // Run 1: only entity A draws. Run 2: B is created first and draws heavily, interleaved.
    const a1 = new RngStream(3, 'A')
    const seq1 = Array.from({ length: 500 }, () => a1.exponential(1))
    const b = new RngStream(3, 'B')
    const a2 = new RngStream(3, 'A')
    const seq2: number[] = []
    for (let i = 0; i < 500; i++) {
      b.normal()
      b.uniform()
      seq2.push(a2.exponential(1))
    }
    expect(seq2).toEqual(seq1)
  })

  it('split() streams depend on the name, not on draws made before', () => {
    const p1 = new RngStream(5, 'proc')
    const c1 = p1.split('pages').uniform()
    const p2 = new RngStream(5, 'proc')
    for (let i = 0; i < 100; i++) p2.uniform()
    expect(p2.split('pages').uniform()).toBe(c1)
    expect(p2.split('other').uniform()).not.toBe(c1)
  })

  it('streams of neighbouring keys are uncorrelated (|r| < 0.01 over 2e5 pairs)', () => {
    const a = new RngStream(1, 'link:1')
    const b = new RngStream(1, 'link:2')
    let sab = 0
    let sa = 0
    let sb = 0
    let saa = 0
    let sbb = 0
    for (let i = 0; i < N; i++) {
      const x = a.uniform()
      const y = b.uniform()
      sab += x * y
      sa += x
      sb += y
      saa += x * x
      sbb += y * y
    }
    const r = (sab / N - (sa / N) * (sb / N)) / Math.sqrt((saa / N - (sa / N) ** 2) * (sbb / N - (sb / N) ** 2))
    expect(Math.abs(r)).toBeLessThan(0.01)
  })

  it('refuses bad seeds', () => {
    expect(() => new RngStream(-1, 'x')).toThrow(/non-negative integer/)
    expect(() => new RngStream(1.5, 'x')).toThrow(/non-negative integer/)
  })
})

// Tolerances: with n = 2e5 draws the standard error of a sample mean is sd/447; each check
// allows about 5 standard errors (variances: about 5 % relative, heavy tails more).
describe('distributions', () => {
  const r = new RngStream(2026, 'distributions')

  it('uniform: mean 1/2, variance 1/12, in [0, 1)', () => {
    let min = 1
    let max = 0
    const m = moments(() => {
      const x = r.uniform()
      min = Math.min(min, x)
      max = Math.max(max, x)
      return x
    })
    expect(m.mean).toBeCloseTo(0.5, 2)
    expect(m.variance).toBeCloseTo(1 / 12, 3)
    expect(min).toBeGreaterThanOrEqual(0)
    expect(max).toBeLessThan(1)
  })

  it('int(n): every value equally likely (chi-square, 9 dof, < 27.9 at p = 0.001)', () => {
    const counts = new Array(10).fill(0)
    for (let i = 0; i < N; i++) counts[r.int(10)]++
    const chi2 = counts.reduce((s, c) => s + (c - N / 10) ** 2 / (N / 10), 0)
    expect(chi2).toBeLessThan(27.9)
  })

  it('exponential(mean 2): mean 2, variance 4, median 2 ln 2', () => {
    const xs: number[] = []
    const m = moments(() => {
      const x = r.exponential(2)
      xs.push(x)
      return x
    })
    expect(Math.abs(m.mean - 2)).toBeLessThan(0.025)
    expect(Math.abs(m.variance - 4) / 4).toBeLessThan(0.05)
    xs.sort((a, b) => a - b)
    expect(Math.abs(xs[N / 2] - 2 * Math.LN2)).toBeLessThan(0.02)
    // Kolmogorov–Smirnov distance against the exact CDF: critical value 1.95/sqrt(n) at p = 0.001.
    let d = 0
    for (let i = 0; i < N; i++) d = Math.max(d, Math.abs(1 - Math.exp(-xs[i] / 2) - (i + 0.5) / N))
    expect(d).toBeLessThan(1.95 / Math.sqrt(N))
  })

  it('normal(10, 3): mean 10, variance 9, symmetric', () => {
    const m = moments(() => r.normal(10, 3))
    expect(Math.abs(m.mean - 10)).toBeLessThan(0.035)
    expect(Math.abs(m.variance - 9) / 9).toBeLessThan(0.05)
  })

  it('lognormal with a given mean and sd reproduces them', () => {
    const { mu, sigma } = lognormalParams(5, 2)
    const m = moments(() => r.lognormal(mu, sigma))
    expect(Math.abs(m.mean - 5) / 5).toBeLessThan(0.01)
    expect(Math.abs(Math.sqrt(m.variance) - 2) / 2).toBeLessThan(0.05)
  })

  it('pareto(xm 1, alpha 3): minimum 1, mean 1.5', () => {
    let min = Number.POSITIVE_INFINITY
    const m = moments(() => {
      const x = r.pareto(1, 3)
      min = Math.min(min, x)
      return x
    })
    expect(min).toBeGreaterThanOrEqual(1)
    expect(Math.abs(m.mean - 1.5) / 1.5).toBeLessThan(0.02)
  })

  it('empirical: interpolated and discrete forms follow their CDF', () => {
    const cont = new EmpiricalDistribution([
      [0, 0],
      [10, 0.5],
      [30, 1],
    ])
    const m = moments(() => r.empirical(cont))
    expect(Math.abs(m.mean - cont.mean())).toBeLessThan(0.1)
    expect(cont.mean()).toBeCloseTo(12.5, 10)
    const disc = EmpiricalDistribution.fromSamples([1, 2, 2, 7])
    const counts = new Map<number, number>()
    for (let i = 0; i < N; i++) {
      const x = r.empirical(disc)
      counts.set(x, (counts.get(x) ?? 0) + 1)
    }
    expect([...counts.keys()].sort()).toEqual([1, 2, 7])
    expect(Math.abs(counts.get(2)! / N - 0.5)).toBeLessThan(0.01)
  })

  it('empirical refuses malformed points', () => {
    expect(() => new EmpiricalDistribution([])).toThrow(/at least one/)
    expect(
      () =>
        new EmpiricalDistribution([
          [1, 0.5],
          [0, 1],
        ]),
    ).toThrow(/not decrease/)
    expect(
      () =>
        new EmpiricalDistribution([
          [1, 0.5],
          [2, 0.9],
        ]),
    ).toThrow(/must be 1/)
  })
})

describe('Mulberry32 (peer benchmarks)', () => {
  it('matches the reference sequence of the C++ peer programs', () => {
    // First outputs of mulberry32(1), printed by the C++ of shared/bench (uint32 arithmetic).
    const m = new Mulberry32(1)
    expect([m.next(), m.next(), m.next()]).toEqual([2693262067, 11749833, 2265367787])
    // Self-consistency with an independent BigInt implementation.
    let s = 1n
    const ref = (): number => {
      s = (s + 0x6d2b79f5n) & 0xffffffffn
      let z = s
      z = ((z ^ (z >> 15n)) * (z | 1n)) & 0xffffffffn
      z = (z ^ ((z + (((z ^ (z >> 7n)) * (z | 61n)) & 0xffffffffn)) & 0xffffffffn)) & 0xffffffffn
      return Number((z ^ (z >> 14n)) & 0xffffffffn)
    }
    const m2 = new Mulberry32(1)
    for (let i = 0; i < 1000; i++) expect(m2.next()).toBe(ref())
  })
})

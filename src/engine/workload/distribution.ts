// Sampling the duration distributions of a spec (think times, compute phases, inter-arrivals).

import { EmpiricalDistribution, lognormalParams, parseDuration, type RngStream, type Time } from '../core'
import type { DurationDistributionSpec } from '../scenario/spec'

export type DurationSampler = () => Time

export function durationSampler(d: DurationDistributionSpec, rng: RngStream): DurationSampler {
  switch (d.dist) {
    case 'constant': {
      const v = parseDuration(d.value)
      return () => v
    }
    case 'exponential': {
      const mean = parseDuration(d.mean)
      return () => Math.round(rng.exponential(mean))
    }
    case 'uniform': {
      const lo = parseDuration(d.min)
      const hi = parseDuration(d.max)
      return () => Math.round(rng.uniformIn(lo, hi))
    }
    case 'normal': {
      const mean = parseDuration(d.mean)
      const sd = parseDuration(d.sd)
      return () => Math.max(0, Math.round(rng.normal(mean, sd)))
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(parseDuration(d.mean), parseDuration(d.sd))
      return () => Math.round(rng.lognormal(mu, sigma))
    }
    case 'pareto': {
      const scale = parseDuration(d.scale)
      return () => Math.round(rng.pareto(scale, d.shape))
    }
    case 'empirical': {
      const dist = new EmpiricalDistribution(
        d.points.map(([v, c]) => [parseDuration(v), c] as const),
        d.interpolate,
      )
      return () => Math.round(rng.empirical(dist))
    }
  }
}

/** The mean of a distribution (for expected-value calculations such as a baseline). */
export function durationMean(d: DurationDistributionSpec): number {
  switch (d.dist) {
    case 'constant':
      return parseDuration(d.value)
    case 'exponential':
    case 'normal':
    case 'lognormal':
      return parseDuration(d.mean)
    case 'uniform':
      return (parseDuration(d.min) + parseDuration(d.max)) / 2
    case 'pareto':
      return d.shape > 1 ? (d.shape * parseDuration(d.scale)) / (d.shape - 1) : Number.POSITIVE_INFINITY
    case 'empirical':
      return new EmpiricalDistribution(
        d.points.map(([v, c]) => [parseDuration(v), c] as const),
        d.interpolate,
      ).mean()
  }
}

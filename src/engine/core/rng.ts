// Seeded, splittable random-number streams.
//
// Every entity (a link's loss process, a workload's think times, a host's page-touch order)
// draws from its own stream derived from (run seed, entity id). Streams are keyed by name, not
// by creation order, so adding an entity never changes another entity's draws, and two
// architectures compared in one replication see the same workload (common random numbers).
//
// Generator: xoshiro128** (Blackman & Vigna), 128-bit state, period 2^128 - 1, 32-bit output
// with Math.imul only, so it is exact and fast in JavaScript. The state of a stream is four
// 32-bit words from a hash of the seed and the entity id (murmur3-style finaliser over the
// UTF-16 code units), so unrelated ids give unrelated states.

const TWO_POW_32 = 4294967296
const TWO_POW_53 = 9007199254740992
const TWO_POW_24 = 16777216

// Ziggurat tables for the standard exponential (Marsaglia & Tsang, J. Stat. Softw. 5(8), 2000),
// 256 layers. A draw takes one 32-bit word: the low 8 bits pick the layer and the high 24 bits
// the position in it (separate bits, so layer and value are not correlated; Doornik 2005).
// 98.9 % of draws end after one table comparison, with no logarithm.
const ZIG_KE = new Uint32Array(256)
const ZIG_WE = new Float64Array(256)
const ZIG_FE = new Float64Array(256)
;(() => {
  let de = 7.697117470131487
  let te = de
  const ve = 3.949659822581572e-3
  const q = ve / Math.exp(-de)
  ZIG_KE[0] = Math.floor((de / q) * TWO_POW_24)
  ZIG_KE[1] = 0
  ZIG_WE[0] = q / TWO_POW_24
  ZIG_WE[255] = de / TWO_POW_24
  ZIG_FE[0] = 1
  ZIG_FE[255] = Math.exp(-de)
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ve / de + Math.exp(-de))
    ZIG_KE[i + 1] = Math.floor((de / te) * TWO_POW_24)
    te = de
    ZIG_FE[i] = Math.exp(-de)
    ZIG_WE[i] = de / TWO_POW_24
  }
})()
const ZIG_R = 7.697117470131487

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Hashes a run seed and a key into four 32-bit words (never all zero). */
function seedWords(seed: number, key: string): [number, number, number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`a seed must be a non-negative integer, got ${seed}`)
  const lo = seed >>> 0
  const hi = Math.floor(seed / TWO_POW_32) >>> 0
  const out: [number, number, number, number] = [0, 0, 0, 0]
  for (let lane = 0; lane < 4; lane++) {
    let h = fmix32((0x9e3779b9 * (lane + 1)) ^ lo) ^ fmix32(hi + lane * 0x632be5ab)
    for (let i = 0; i < key.length; i++) {
      h = Math.imul(h ^ key.charCodeAt(i), 0x5bd1e995)
      h ^= h >>> 15
    }
    h = Math.imul(h ^ key.length, 0x27d4eb2d)
    out[lane] = fmix32(h)
  }
  if ((out[0] | out[1] | out[2] | out[3]) === 0) out[0] = 1
  return out
}

export class RngStream {
  private s0: number
  private s1: number
  private s2: number
  private s3: number
  private spare = Number.NaN

  /**
   * @param seed the run seed (a non-negative safe integer)
   * @param key the entity id the stream belongs to, e.g. "link:r1-r2/loss"
   */
  constructor(
    readonly seed: number,
    readonly key: string,
  ) {
    const [a, b, c, d] = seedWords(seed, key)
    this.s0 = a
    this.s1 = b
    this.s2 = c
    this.s3 = d
  }

  /** A child stream for a sub-entity; independent of how many draws this stream has made. */
  split(name: string): RngStream {
    return new RngStream(this.seed, `${this.key}/${name}`)
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const s0 = this.s0
    const s1 = this.s1
    const s2 = this.s2
    const s3 = this.s3
    const x = Math.imul(s1, 5)
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0
    const t = s1 << 9
    const n2 = s2 ^ s0
    const n3 = s3 ^ s1
    this.s1 = s1 ^ n2
    this.s0 = s0 ^ n3
    this.s2 = n2 ^ t
    this.s3 = (n3 << 11) | (n3 >>> 21)
    return result
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const a = this.nextU32() >>> 5
    const b = this.nextU32() >>> 6
    return (a * 67108864 + b) / TWO_POW_53
  }

  /** Uniform in [lo, hi). */
  uniformIn(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform()
  }

  /** Uniform integer in [0, n), unbiased (n up to 2^32). */
  int(n: number): number {
    if (!(n >= 1 && n <= TWO_POW_32) || !Number.isInteger(n))
      throw new RangeError(`int(n) needs 1 <= n <= 2^32, got ${n}`)
    // Rejection of the top partial range keeps every value equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % n)
    for (;;) {
      const x = this.nextU32()
      if (x < limit) return x % n
    }
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.uniform() < p
  }

  /** Exponential with the given mean (ziggurat method). */
  exponential(mean: number): number {
    const x = this.nextU32()
    const i = x & 255
    const j = x >>> 8
    if (j < ZIG_KE[i]) return mean * j * ZIG_WE[i]
    return mean * this.exponentialTail(i, j)
  }

  /** The ziggurat's slow path: the base strip's tail, or a wedge test. */
  private exponentialTail(i: number, j: number): number {
    for (;;) {
      if (i === 0) return ZIG_R - Math.log(1 - this.uniform())
      const x = j * ZIG_WE[i]
      if (ZIG_FE[i] + this.uniform() * (ZIG_FE[i - 1] - ZIG_FE[i]) < Math.exp(-x)) return x
      const y = this.nextU32()
      i = y & 255
      j = y >>> 8
      if (j < ZIG_KE[i]) return j * ZIG_WE[i]
    }
  }

  /** Normal (Gaussian) by the Box–Muller transform; the second variate is kept for the next call. */
  normal(mean = 0, sd = 1): number {
    let z = this.spare
    if (!Number.isNaN(z)) {
      this.spare = Number.NaN
    } else {
      const u1 = 1 - this.uniform() // (0, 1]
      const u2 = this.uniform()
      const r = Math.sqrt(-2 * Math.log(u1))
      z = r * Math.cos(2 * Math.PI * u2)
      this.spare = r * Math.sin(2 * Math.PI * u2)
    }
    return mean + sd * z
  }

  /** Lognormal: exp(N(mu, sigma)), with mu and sigma of the underlying normal. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma))
  }

  /** Pareto (type I) with scale xm > 0 (the minimum) and shape alpha > 0. */
  pareto(xm: number, alpha: number): number {
    return xm / (1 - this.uniform()) ** (1 / alpha)
  }

  /** A draw from an empirical distribution. */
  empirical(dist: EmpiricalDistribution): number {
    return dist.quantile(this.uniform())
  }
}

/** Parameters of a lognormal whose own mean and standard deviation are given. */
export function lognormalParams(mean: number, sd: number): { mu: number; sigma: number } {
  const v = Math.log(1 + (sd * sd) / (mean * mean))
  return { mu: Math.log(mean) - v / 2, sigma: Math.sqrt(v) }
}

/**
 * An empirical distribution given by points (value, cumulative probability), as in ns-3's
 * EmpiricalRandomVariable: with `interpolate`, values between points are linear in probability
 * (a continuous distribution); without, a draw returns the first value whose cumulative
 * probability reaches u (a discrete distribution).
 */
export class EmpiricalDistribution {
  private readonly values: Float64Array
  private readonly cdf: Float64Array

  constructor(
    points: readonly (readonly [value: number, cumulative: number])[],
    readonly interpolate = true,
  ) {
    if (points.length === 0) throw new RangeError('an empirical distribution needs at least one point')
    this.values = new Float64Array(points.length)
    this.cdf = new Float64Array(points.length)
    let lastV = Number.NEGATIVE_INFINITY
    let lastC = 0
    points.forEach(([v, c], i) => {
      if (!Number.isFinite(v) || !Number.isFinite(c)) throw new RangeError(`point ${i}: values must be finite`)
      if (v < lastV) throw new RangeError(`point ${i}: values must not decrease (${v} after ${lastV})`)
      if (c < lastC || c > 1) throw new RangeError(`point ${i}: cumulative probabilities must rise within [0, 1]`)
      this.values[i] = v
      this.cdf[i] = c
      lastV = v
      lastC = c
    })
    if (Math.abs(lastC - 1) > 1e-12) throw new RangeError(`the last cumulative probability must be 1, got ${lastC}`)
  }

  /** Equal-weight distribution over observed samples (discrete, or interpolated between order statistics). */
  static fromSamples(samples: readonly number[], interpolate = false): EmpiricalDistribution {
    const sorted = [...samples].sort((a, b) => a - b)
    return new EmpiricalDistribution(
      sorted.map((v, i) => [v, (i + 1) / sorted.length] as const),
      interpolate,
    )
  }

  /** The value at cumulative probability u in [0, 1). */
  quantile(u: number): number {
    const cdf = this.cdf
    let lo = 0
    let hi = cdf.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cdf[mid] < u) lo = mid + 1
      else hi = mid
    }
    if (!this.interpolate || lo === 0) return this.values[lo]
    const c0 = cdf[lo - 1]
    const c1 = cdf[lo]
    const v0 = this.values[lo - 1]
    const v1 = this.values[lo]
    return c1 === c0 ? v1 : v0 + ((u - c0) / (c1 - c0)) * (v1 - v0)
  }

  /** The distribution's mean. */
  mean(): number {
    let m = 0
    let prevC = 0
    for (let i = 0; i < this.values.length; i++) {
      const p = this.cdf[i] - prevC
      const v = this.interpolate && i > 0 ? (this.values[i] + this.values[i - 1]) / 2 : this.values[i]
      m += p * v
      prevC = this.cdf[i]
    }
    return m
  }
}

/**
 * mulberry32: the generator the peer benchmarks (shared/bench) use, so MigLab's RING-UDP run
 * draws exactly the same random choices as the ns-3 program. Not for general use.
 */
export class Mulberry32 {
  private s: number
  constructor(seed: number) {
    this.s = seed >>> 0
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0
    let z = this.s
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return (z ^ (z >>> 14)) >>> 0
  }
  /** (u32 · n) >> 32, the peer programs' bounded draw. */
  below(n: number): number {
    return Math.floor((this.next() * n) / TWO_POW_32)
  }
}

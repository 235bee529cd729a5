// Sorted, disjoint half-open intervals [start, end) of numbers: stream offsets received or
// acknowledged, byte ranges to retransmit, packet numbers or TSNs received (QUIC ACK ranges,
// RFC 9000 §19.3; SCTP gap ack blocks, RFC 9260 §3.3.4). Stored flat as [s0, e0, s1, e1, ...];
// adjacent intervals merge, so a stream received in order stays one interval.

export class RangeSet {
  /** Flat [start, end) pairs, ascending. */
  readonly r: number[] = []

  get count(): number {
    return this.r.length >> 1
  }

  get empty(): boolean {
    return this.r.length === 0
  }

  start(i: number): number {
    return this.r[2 * i]
  }

  end(i: number): number {
    return this.r[2 * i + 1]
  }

  /** The highest number covered plus one, or `dflt` when empty. */
  max(dflt: number): number {
    return this.r.length === 0 ? dflt : this.r[this.r.length - 1]
  }

  clear(): void {
    this.r.length = 0
  }

  add(s: number, e: number): void {
    if (e <= s) return
    const o = this.r
    let i = 0
    while (i < o.length && o[i + 1] < s) i += 2
    let j = i
    while (j < o.length && o[j] <= e) {
      if (o[j] < s) s = o[j]
      if (o[j + 1] > e) e = o[j + 1]
      j += 2
    }
    if (j === i + 2) {
      o[i] = s
      o[i + 1] = e
    } else o.splice(i, j - i, s, e)
  }

  remove(s: number, e: number): void {
    if (e <= s) return
    const o = this.r
    for (let i = 0; i < o.length; ) {
      const a = o[i]
      const b = o[i + 1]
      if (b <= s) {
        i += 2
        continue
      }
      if (a >= e) return
      if (a < s && b > e) {
        o.splice(i + 1, 0, s, e)
        return
      }
      if (a < s) {
        o[i + 1] = s
        i += 2
      } else if (b > e) {
        o[i] = e
        return
      } else o.splice(i, 2)
    }
  }

  has(x: number): boolean {
    const o = this.r
    for (let i = 0; i < o.length; i += 2) {
      if (x < o[i]) return false
      if (x < o[i + 1]) return true
    }
    return false
  }

  /** The end of the interval containing `x`, or `x` itself when none does (the in-order prefix). */
  reach(x: number): number {
    const o = this.r
    for (let i = 0; i < o.length; i += 2) {
      if (x < o[i]) return x
      if (x <= o[i + 1]) return o[i + 1]
    }
    return x
  }

  /** Forgets everything below `x` (state that can no longer matter). */
  dropBelow(x: number): void {
    const o = this.r
    let k = 0
    while (k < o.length && o[k + 1] <= x) k += 2
    if (k > 0) o.splice(0, k)
    if (o.length > 0 && o[0] < x) o[0] = x
  }

  /** Keeps only the `n` highest intervals (bounded acknowledgement state). */
  keepHighest(n: number): void {
    const extra = this.r.length - 2 * n
    if (extra > 0) this.r.splice(0, extra)
  }
}

// Connection IDs (RFC 9000 §5.1): each endpoint chooses the IDs its peer puts in the Destination
// Connection ID field, so packets reach the connection whatever addresses carry them. IDs carry
// sequence numbers; NEW_CONNECTION_ID issues more (up to the peer's active_connection_id_limit,
// §5.1.1), Retire Prior To asks the peer to stop using the older ones, RETIRE_CONNECTION_ID says
// one is no longer used (§5.1.2). An ID is 8 bytes, modelled as a number below 2^53; how it is
// made is the endpoint's choice (random, or a load balancer's encoding of the server's identity).

/** Makes a new connection id for a local endpoint. */
export type CidGenerator = () => number

interface IssuedCid {
  seq: number
  cid: number
}

/** The IDs this endpoint issued for its peer to use. */
export class LocalCids {
  readonly active: IssuedCid[] = []
  private nextSeq = 0
  /** The Retire Prior To value this endpoint last announced. */
  retirePriorTo = 0

  /** Issues a new id; returns its sequence number. */
  issue(cid: number): number {
    const seq = this.nextSeq++
    this.active.push({ seq, cid })
    return seq
  }

  cidOf(seq: number): number {
    for (const c of this.active) if (c.seq === seq) return c.cid
    return -1
  }

  seqOf(cid: number): number {
    for (const c of this.active) if (c.cid === cid) return c.seq
    return -1
  }

  /** The peer retired `seq`: returns the id to forget, or -1 if unknown. */
  retire(seq: number): number {
    for (let i = 0; i < this.active.length; i++) {
      if (this.active[i].seq === seq) {
        const cid = this.active[i].cid
        this.active.splice(i, 1)
        return cid
      }
    }
    return -1
  }

  /** Whether every id below Retire Prior To has been retired by the peer. */
  get oldRetired(): boolean {
    for (const c of this.active) if (c.seq < this.retirePriorTo) return false
    return true
  }
}

interface PeerCid {
  seq: number
  cid: number
}

/** The IDs the peer issued for this endpoint to use as destination. */
export class PeerCids {
  readonly available: PeerCid[] = []
  /** The highest Retire Prior To received (§19.15). */
  retirePriorTo = 0
  /** Sequence number of the id in use. */
  current = 0

  add(seq: number, cid: number): void {
    for (const c of this.available) if (c.seq === seq) return
    this.available.push({ seq, cid })
  }

  cidOf(seq: number): number {
    for (const c of this.available) if (c.seq === seq) return c.cid
    return -1
  }

  /**
   * Applies a Retire Prior To value: drops every id below it and returns their sequence numbers
   * (each owes the peer a RETIRE_CONNECTION_ID frame). If the id in use was dropped, switches to
   * the lowest one left.
   */
  applyRetirePriorTo(rpt: number, out: number[]): void {
    if (rpt <= this.retirePriorTo) return
    this.retirePriorTo = rpt
    for (let i = this.available.length - 1; i >= 0; i--) {
      if (this.available[i].seq < rpt) {
        out.push(this.available[i].seq)
        this.available.splice(i, 1)
      }
    }
    if (this.cidOf(this.current) < 0) this.current = this.lowestUnused(-1)
  }

  /** The lowest sequence number other than `except`, or -1 when there is none (§9.5 needs an unused one). */
  lowestUnused(except: number): number {
    let best = -1
    for (const c of this.available)
      if (c.seq !== except && c.seq !== this.current && (best < 0 || c.seq < best)) best = c.seq
    return best
  }

  /** Stops using the current id for a fresh one (§9.5); returns the retired sequence number, or -1. */
  switchToUnused(): number {
    const next = this.lowestUnused(this.current)
    if (next < 0) return -1
    const old = this.current
    this.current = next
    for (let i = 0; i < this.available.length; i++) {
      if (this.available[i].seq === old) {
        this.available.splice(i, 1)
        break
      }
    }
    return old
  }
}

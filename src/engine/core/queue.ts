// The future-event list: a ladder queue (Tang, Goh & Thng, ACM TOMACS 2005) over typed arrays.
//
// Why a ladder queue: a binary or 4-ary heap costs O(log n) cache-missing steps per operation,
// and at a million pending events that is what limits a simulator. The ladder queue is O(1)
// amortised for the usual event-time distributions: new events are appended, unsorted, to a
// bucket of the rung that covers their time (or to the unsorted Top when beyond all rungs);
// only the earliest bucket is ever ordered, in a small heap (Bottom). A crowded bucket is split
// into a finer rung instead of being sorted.
//
//   Top      unsorted list of events at or after topStart
//   rung 0   buckets of width w0 covering [rStart0, topStart)
//   rung 1   finer buckets covering one consumed bucket of rung 0, ... (at most MAX_RUNGS)
//   Bottom   binary heap of the events before the lowest rung's current bucket
//
// Ordering: by time, then by insertion sequence, so events at the same instant run in the order
// they were scheduled (deterministic tie-breaking). Only Bottom compares; buckets never do.
//
// Buckets are lists of 64-byte chunks holding 14 event slots each, not linked lists through the
// events: collecting a bucket reads a few sequential chunks, then the events' own records are
// loaded independently of each other, so the processor overlaps their cache misses instead of
// chasing one pointer after another (the difference at a million pending events).
//
// Memory layout: each event is a 32-byte record in one ArrayBuffer (time, arg, seq as float64;
// handler id/code/live/has-object flags as int32), so an event is one cache line. The
// handler is named by a small integer id into a registry of handlers, not by a pointer per
// event, so dispatch reads no cold memory besides the record. Object arguments live in a JS
// array indexed by slot, read only when the record says the event has one. Freed slots are
// reused last-in-first-out, so a new event usually lands in a record that is still in cache.
//
// Cancellation is lazy: a cancelled event keeps its place, loses its target, and is skipped when
// it comes out. An event id packs the slot with the low bits of the event's sequence number, so
// cancelling an id whose event already ran (and whose slot was reused) does nothing.

import type { Time } from './time'

/** Receives events. Implemented by engine entities (links, connections, agents, workloads). */
export interface Handler {
  /**
   * The handler's id in its scheduler's registry. Initialise to -1; the scheduler assigns it on
   * first use. A handler belongs to one scheduler (one simulation).
   */
  hid: number
  /**
   * Called when an event scheduled for this handler falls due.
   * @param code what happened, in the handler's own numbering (0 .. 255)
   * @param arg a numeric argument given at scheduling
   * @param obj an object argument given at scheduling (a packet, a message), or undefined
   */
  handle(code: number, arg: number, obj: unknown): void
}

/** Identifies a scheduled event so it can be cancelled. */
export type EventId = number

const SLOT_BITS = 24
const SLOT_LIMIT = 2 ** SLOT_BITS
const SEQ_TAG = 2 ** 28
/** Record size in float64 words (32 bytes). */
const W = 4
/** A bucket with more events than this is split into a finer rung rather than moved to Bottom. */
const SPLIT_THRESHOLD = 48
/** Target number of events per bucket when a rung is built. */
const PER_BUCKET = 8
const MAX_RUNGS = 8
const NIL = -1
/** Chunk layout in int32 words: [next chunk, count, 14 slots]. */
const CHUNK = 16
const CHUNK_SLOTS = CHUNK - 2
/** Largest event code: codes share an int32 with the handler id. */
export const MAX_CODE = 255
const MAX_HANDLERS = 2 ** 21
// The int32 "meta" word of a record: handler id << 10 | code << 2 | live << 1 | hasObj.
const LIVE = 2
const HAS_OBJ = 1

function badCode(code: number): never {
  throw new RangeError(`event code ${code} is outside 0..${MAX_CODE}`)
}

export class EventQueue {
  // Records: f64[s*4] time, f64[s*4+1] arg, f64[s*4+2] seq; i32[s*8+7] meta.
  private buf: ArrayBuffer
  private f64: Float64Array
  private i32: Int32Array
  private handlers: Handler[] = []
  private objs: unknown[]
  private free: Int32Array
  private freeTop = 0
  private slotsUsed = 0
  private seq = 0
  private count = 0
  private live = 0

  // Bucket chunks.
  private chunks = new Int32Array(CHUNK * 256)
  private chunkFree = NIL
  private chunksUsed = 0

  // Top.
  private topHead = NIL
  private topCount = 0
  private topMin = Number.POSITIVE_INFINITY
  private topMax = Number.NEGATIVE_INFINITY
  private topStart = Number.NEGATIVE_INFINITY

  // Rungs.
  private nRungs = 0
  private readonly rStart = new Float64Array(MAX_RUNGS)
  private readonly rWidth = new Float64Array(MAX_RUNGS)
  private readonly rCur = new Int32Array(MAX_RUNGS)
  private readonly rBuckets = new Int32Array(MAX_RUNGS)
  private readonly rHeads: Int32Array[] = []

  // Bottom: a binary min-heap of slots.
  private bottom = new Int32Array(64)
  private nBottom = 0
  private scratch = new Int32Array(64)

  constructor(initialCapacity = 1024) {
    const cap = Math.max(16, initialCapacity)
    this.buf = new ArrayBuffer(cap * W * 8)
    this.f64 = new Float64Array(this.buf)
    this.i32 = new Int32Array(this.buf)
    this.objs = new Array(cap).fill(undefined)
    this.free = new Int32Array(cap)
    for (let r = 0; r < MAX_RUNGS; r++) this.rHeads.push(new Int32Array(16).fill(NIL))
  }

  /** Entries held, including cancelled ones not yet reached. */
  get size(): number {
    return this.count
  }

  /** Scheduled events that have not been cancelled. */
  get pending(): number {
    return this.live
  }

  /** Schedules `target.handle(code, arg, obj)` at time `t`; returns the slot. */
  push(t: Time, target: Handler, code: number, arg: number, obj: unknown): number {
    let hid = target.hid
    if (this.handlers[hid] !== target) hid = this.register(target)
    if ((code & ~MAX_CODE) !== 0) badCode(code)
    const s = this.freeTop > 0 ? this.free[--this.freeTop] : this.newSlot()
    const b = s * W
    const f = this.f64
    f[b] = t
    f[b + 1] = arg
    f[b + 2] = this.seq++
    if (obj === undefined) this.i32[b * 2 + 7] = (hid << 10) | (code << 2) | LIVE
    else {
      this.i32[b * 2 + 7] = (hid << 10) | (code << 2) | LIVE | HAS_OBJ
      this.objs[s] = obj
    }
    this.count++
    this.live++
    this.insert(s, t)
    return s
  }

  private newSlot(): number {
    const s = this.slotsUsed++
    if (s >= this.free.length) this.grow()
    return s
  }

  private register(target: Handler): number {
    const hid = this.handlers.length
    if (hid >= MAX_HANDLERS) throw new Error(`more than ${MAX_HANDLERS} event handlers in one simulation`)
    this.handlers.push(target)
    target.hid = hid
    return hid
  }

  /** An id for the event in `slot` (just returned by push), for `cancel`. */
  idOf(slot: number): EventId {
    return (this.f64[slot * W + 2] % SEQ_TAG) * SLOT_LIMIT + slot
  }

  /** Cancels a scheduled event. Returns false if it already ran or was cancelled. */
  cancel(id: EventId): boolean {
    const s = id % SLOT_LIMIT
    if (!(s >= 0 && s < this.slotsUsed)) return false
    const m = this.i32[s * 8 + 7]
    if ((m & LIVE) === 0 || this.f64[s * W + 2] % SEQ_TAG !== (id - s) / SLOT_LIMIT) return false
    this.i32[s * 8 + 7] = m & ~(LIVE | HAS_OBJ)
    if (m & HAS_OBJ) this.objs[s] = undefined
    this.live--
    return true
  }

  /** Time of the earliest entry (possibly a cancelled one), or Infinity when empty. */
  peekTime(): Time {
    if (this.nBottom === 0 && !this.refill()) return Number.POSITIVE_INFINITY
    return this.f64[this.bottom[0] * W]
  }

  /**
   * Removes the earliest entry and returns its slot; call after peekTime() returned a finite
   * time. Read the slot with isLive/target/code/arg/obj, then give it back with release().
   */
  popSlot(): number {
    const h = this.bottom
    const f = this.f64
    const top = h[0]
    const n = --this.nBottom
    this.count--
    if (n > 0) {
      // Sift the last element down from the root.
      const last = h[n]
      const lt = f[last * W]
      const lq = f[last * W + 2]
      let i = 0
      for (;;) {
        let c = 2 * i + 1
        if (c >= n) break
        let cs = h[c]
        let ct = f[cs * W]
        const c2 = c + 1
        if (c2 < n) {
          const s2 = h[c2]
          const t2 = f[s2 * W]
          if (t2 < ct || (t2 === ct && f[s2 * W + 2] < f[cs * W + 2])) {
            c = c2
            cs = s2
            ct = t2
          }
        }
        if (ct > lt || (ct === lt && f[cs * W + 2] > lq)) break
        h[i] = cs
        i = c
      }
      h[i] = last
    }
    return top
  }

  /** False when the event in this slot was cancelled. */
  isLive(slot: number): boolean {
    return (this.i32[slot * 8 + 7] & LIVE) !== 0
  }
  target(slot: number): Handler {
    return this.handlers[this.i32[slot * 8 + 7] >>> 10]
  }
  code(slot: number): number {
    return (this.i32[slot * 8 + 7] >> 2) & MAX_CODE
  }
  arg(slot: number): number {
    return this.f64[slot * W + 1]
  }
  obj(slot: number): unknown {
    return this.i32[slot * 8 + 7] & HAS_OBJ ? this.objs[slot] : undefined
  }

  /** Current simulated time: the time of the event being (or last) dispatched. */
  protected clock: Time = 0
  /** Events dispatched so far. */
  protected dispatched = 0
  /** Set by a handler (through Scheduler.stop) to end the current dispatch early. */
  protected halt = false

  /**
   * The dispatch loop: runs up to `budget` events with time <= `until`, in order. Returns the
   * number of events run; stops early when the queue is empty, the next event is later than
   * `until`, or a handler asked to halt. Kept in this class so the hottest loop of the engine
   * reads the records directly.
   */
  protected dispatch(until: Time, budget: number): number {
    let done = 0
    while (done < budget) {
      if (this.nBottom === 0 && !this.refill()) break
      const s = this.bottom[0]
      const t = this.f64[s * W]
      if (t > until) break
      this.popSlot()
      const m = this.i32[s * 8 + 7]
      if ((m & LIVE) === 0) {
        this.free[this.freeTop++] = s
        continue
      }
      const arg = this.f64[s * W + 1]
      let obj: unknown
      if (m & HAS_OBJ) {
        obj = this.objs[s]
        this.objs[s] = undefined
      }
      this.i32[s * 8 + 7] = 0
      this.free[this.freeTop++] = s
      this.live--
      this.clock = t
      done++
      this.handlers[m >>> 10].handle((m >> 2) & MAX_CODE, arg, obj)
      if (this.halt) break
    }
    this.dispatched += done
    return done
  }

  /** Gives back a slot returned by popSlot() after its fields were read. */
  release(slot: number): void {
    const m = this.i32[slot * 8 + 7]
    if (m & LIVE) this.live--
    if (m & HAS_OBJ) this.objs[slot] = undefined
    this.i32[slot * 8 + 7] = 0
    this.free[this.freeTop++] = slot
  }

  // ---- insertion -----------------------------------------------------------------------------

  private insert(s: number, t: Time): void {
    if (t >= this.topStart) {
      this.topHead = this.append(this.topHead, s)
      this.topCount++
      if (t < this.topMin) this.topMin = t
      if (t > this.topMax) this.topMax = t
      return
    }
    // Most events land in rung 0; the deeper rungs and Bottom are the less common path.
    const bi = Math.floor((t - this.rStart[0]) / this.rWidth[0])
    if (bi >= this.rCur[0] && this.nRungs > 0) {
      const heads = this.rHeads[0]
      heads[bi] = this.append(heads[bi], s)
      return
    }
    this.insertLower(s, t)
  }

  private insertLower(s: number, t: Time): void {
    for (let r = 1; r < this.nRungs; r++) {
      let bi = Math.floor((t - this.rStart[r]) / this.rWidth[r])
      if (bi >= this.rCur[r]) {
        const nb = this.rBuckets[r]
        if (bi >= nb) bi = nb - 1
        const heads = this.rHeads[r]
        heads[bi] = this.append(heads[bi], s)
        return
      }
    }
    this.bottomPush(s)
  }

  /** Appends slot s to the chunk list whose newest chunk is `head`; returns the new head. */
  private append(head: number, s: number): number {
    const c = this.chunks
    if (head !== NIL) {
      const n = c[head * CHUNK + 1]
      if (n < CHUNK_SLOTS) {
        c[head * CHUNK + 2 + n] = s
        c[head * CHUNK + 1] = n + 1
        return head
      }
    }
    const k = this.newChunk()
    const chunks = this.chunks
    chunks[k * CHUNK] = head
    chunks[k * CHUNK + 1] = 1
    chunks[k * CHUNK + 2] = s
    return k
  }

  private newChunk(): number {
    const k = this.chunkFree
    if (k !== NIL) {
      this.chunkFree = this.chunks[k * CHUNK]
      return k
    }
    if ((this.chunksUsed + 1) * CHUNK > this.chunks.length) {
      const g = new Int32Array(this.chunks.length * 2)
      g.set(this.chunks)
      this.chunks = g
    }
    return this.chunksUsed++
  }

  /**
   * Copies the slots of a chunk list into `out` from index `k`, frees the chunks, and returns the
   * new end index. `out` must have room.
   */
  private drain(head: number, out: Int32Array, k: number): number {
    const c = this.chunks
    let x = head
    while (x !== NIL) {
      const base = x * CHUNK
      const n = c[base + 1]
      for (let j = 0; j < n; j++) out[k++] = c[base + 2 + j]
      const next = c[base]
      c[base] = this.chunkFree
      this.chunkFree = x
      x = next
    }
    return k
  }

  /** Number of slots in a chunk list. */
  private listLength(head: number): number {
    const c = this.chunks
    let n = 0
    for (let x = head; x !== NIL; x = c[x * CHUNK]) n += c[x * CHUNK + 1]
    return n
  }

  private bottomPush(s: number): void {
    if (this.nBottom >= this.bottom.length) {
      const b = new Int32Array(this.bottom.length * 2)
      b.set(this.bottom)
      this.bottom = b
    }
    const h = this.bottom
    const f = this.f64
    const t = f[s * W]
    const q = f[s * W + 2]
    let i = this.nBottom++
    while (i > 0) {
      const p = (i - 1) >> 1
      const ps = h[p]
      const pt = f[ps * W]
      if (pt < t || (pt === t && f[ps * W + 2] < q)) break
      h[i] = ps
      i = p
    }
    h[i] = s
  }

  // ---- refilling Bottom from the ladder --------------------------------------------------------

  /** Moves the next bucket down into Bottom. Returns false when the queue is empty. */
  private refill(): boolean {
    for (;;) {
      if (this.nRungs === 0) {
        if (this.topCount === 0) return false
        this.topToRung()
        continue
      }
      const r = this.nRungs - 1
      const heads = this.rHeads[r]
      const nb = this.rBuckets[r]
      let bi = this.rCur[r]
      while (bi < nb && heads[bi] === NIL) bi++
      if (bi >= nb) {
        this.rCur[r] = nb
        this.nRungs-- // rung exhausted; its parent's bucket is fully drained
        continue
      }
      this.rCur[r] = bi + 1
      const list = heads[bi]
      heads[bi] = NIL
      const n = this.listLength(list)
      if (this.bottom.length < n) this.bottom = new Int32Array(Math.max(n, this.bottom.length * 2))
      const h = this.bottom
      const k = this.drain(list, h, 0)
      const width = this.rWidth[r]
      if (k > SPLIT_THRESHOLD && this.nRungs < MAX_RUNGS && width > 1) {
        this.spawnRung(h, k, this.rStart[r] + bi * width, width)
        continue
      }
      this.nBottom = k
      for (let i = (k >> 1) - 1; i >= 0; i--) this.siftDown(i)
      return true
    }
  }

  private siftDown(i: number): void {
    const h = this.bottom
    const f = this.f64
    const n = this.nBottom
    const s = h[i]
    const t = f[s * W]
    const q = f[s * W + 2]
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      let cs = h[c]
      let ct = f[cs * W]
      if (c + 1 < n) {
        const s2 = h[c + 1]
        const t2 = f[s2 * W]
        if (t2 < ct || (t2 === ct && f[s2 * W + 2] < f[cs * W + 2])) {
          c++
          cs = s2
          ct = t2
        }
      }
      if (ct > t || (ct === t && f[cs * W + 2] > q)) break
      h[i] = cs
      i = c
    }
    h[i] = s
  }

  /** Builds the first rung from Top. */
  private topToRung(): void {
    const n = this.topCount
    const min = this.topMin
    const nb = Math.max(1, Math.ceil(n / PER_BUCKET))
    // Integer bucket widths: times are integer nanoseconds, and the rung then covers
    // [min, min + nb*w) exactly, which includes topMax.
    const width = Math.max(1, Math.ceil((this.topMax - min + 1) / nb))
    this.topStart = min + nb * width
    const heads = this.prepareRung(0, min, width, nb)
    // Spread Top over the rung through a scratch array (Top's chunks are freed by drain).
    const n0 = this.topCount
    if (this.scratch.length < n0) this.scratch = new Int32Array(Math.max(n0, this.scratch.length * 2))
    const all = this.scratch
    this.drain(this.topHead, all, 0)
    const f = this.f64
    for (let k = 0; k < n0; k++) {
      const s = all[k]
      const bi = Math.floor((f[s * W] - min) / width)
      heads[bi] = this.append(heads[bi], s)
    }
    this.nRungs = 1
    this.topHead = NIL
    this.topCount = 0
    this.topMin = Number.POSITIVE_INFINITY
    this.topMax = Number.NEGATIVE_INFINITY
  }

  /**
   * Splits a crowded bucket [start, start + parentWidth), whose n slots are in `slots`, into a
   * finer rung below the others.
   */
  private spawnRung(slots: Int32Array, n: number, start: Time, parentWidth: number): void {
    const width = Math.max(1, Math.ceil(parentWidth / Math.max(2, Math.ceil(n / PER_BUCKET))))
    const nb = Math.ceil(parentWidth / width)
    const heads = this.prepareRung(this.nRungs++, start, width, nb)
    const f = this.f64
    for (let k = 0; k < n; k++) {
      const s = slots[k]
      const bi = Math.floor((f[s * W] - start) / width)
      heads[bi] = this.append(heads[bi], s)
    }
  }

  private prepareRung(r: number, start: Time, width: number, nb: number): Int32Array {
    if (this.rHeads[r].length < nb) this.rHeads[r] = new Int32Array(Math.max(nb, this.rHeads[r].length * 2))
    const heads = this.rHeads[r]
    heads.fill(NIL, 0, nb)
    this.rStart[r] = start
    this.rWidth[r] = width
    this.rCur[r] = 0
    this.rBuckets[r] = nb
    return heads
  }

  private grow(): void {
    const cap = this.free.length * 2
    if (cap > SLOT_LIMIT) throw new Error(`more than ${SLOT_LIMIT} events pending at once`)
    const buf = new ArrayBuffer(cap * W * 8)
    new Uint8Array(buf).set(new Uint8Array(this.buf))
    this.buf = buf
    this.f64 = new Float64Array(buf)
    this.i32 = new Int32Array(buf)
    const free = new Int32Array(cap)
    free.set(this.free)
    this.free = free
    for (let i = this.objs.length; i < cap; i++) this.objs.push(undefined)
  }
}

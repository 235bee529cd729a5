// What a test needs to check a migration outage against MODELS.md §1.3: a peer whose segment is
// lost at the freeze retransmits at t_lost + RTO·(2^k − 1), k = 1, 2, …, and the connection resumes
// at the first of these instants at or after the path is usable again. The interactive workload
// gives every quantity: its echo samples say when each keystroke was typed (t − latency), and the
// first keystroke echoed after the move is the one whose segment started the retransmission timer.

import type { MigrationRecord, RunResult } from '../../src/engine/run/result'

export const SECOND = 1e9

/** Retransmission instants t_lost + RTO·(2^k − 1) for k = 1..n (MODELS.md §1.3, V2). */
export function retransmissions(tLost: number, rto: number, n = 8): number[] {
  return Array.from({ length: n }, (_, k) => tLost + rto * (2 ** (k + 1) - 1))
}

/** The first retransmission at or after `usable` (MODELS.md §1.3). */
export function resumesAt(tLost: number, rto: number, usable: number): number {
  const at = retransmissions(tLost, rto, 16).find((t) => t >= usable)
  if (at === undefined) throw new Error('the path never became usable within 16 back-offs')
  return at
}

export interface EchoSample {
  /** When the echo arrived. */
  t: number
  /** When the keystroke was typed (and first sent). */
  typed: number
}

export function echoes(r: RunResult, workload = 'typing'): EchoSample[] {
  const s = r.samples[`${workload}.echo`]
  return s.t.map((t, i) => ({ t, typed: t - s.v[i] }))
}

/** The first keystroke echoed after the process resumed: the one lost at the freeze. */
export function firstEchoAfter(r: RunResult, m: MigrationRecord, workload = 'typing'): EchoSample {
  const e = echoes(r, workload).find((x) => x.t > m.resumeAt)
  if (!e) throw new Error('no echo after the move')
  return e
}

/** One-way delay peer -> process before the move: half the smallest echo round trip (minus the echo work). */
export function oneWayBefore(r: RunResult, m: MigrationRecord, echoWork = 50_000, workload = 'typing'): number {
  const before = echoes(r, workload).filter((x) => x.t < m.freezeAt)
  return (Math.min(...before.map((x) => x.t - x.typed)) - echoWork) / 2
}

export interface Control {
  t: number
  what: string
  from: string
  to: string
}

/** Signalling messages of the architecture in force sent in [from, to], from the timeline's agent lane. */
export function controlBetween(r: RunResult, from: number, to: number): Control[] {
  const tl = r.timeline
  const out: Control[] = []
  for (let i = 0; i < tl.points.t.length; i++) {
    const t = tl.points.t[i]
    if (tl.lanes[tl.points.lane[i]].kind !== 'agent' || tl.points.kind[i] !== 'control' || t < from || t > to) continue
    const match = /^(\S+) (.+)→(.+)$/.exec(tl.strings[tl.points.detail[i]])
    if (match) out.push({ t, what: match[1], from: match[2], to: match[3] })
  }
  return out
}

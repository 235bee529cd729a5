// The topology overlay's numbers: where a run's packets went, per hop and kind, in windows of
// simulated time (before and after a move). Counted from the records of a deterministic rerun
// with full tracing, so the overlay shows the same packets the packet view lists.

import type { PacketRecord } from '../engine/metrics/packet-trace'
import type { HopTraffic, TrafficWindow } from './api'

/** Splits a hop's name ("ws1->cluster", "gw->remote") into its two ends. */
export function hopEnds(hop: string): { from: string; to: string } {
  const i = hop.indexOf('->')
  return i < 0 ? { from: hop, to: hop } : { from: hop.slice(0, i), to: hop.slice(i + 2) }
}

/**
 * Counts `records` (in time order, as a trace holds them) into each window. `truncated` says the
 * trace stopped at its limit: a window reaching past the last record is then marked partial.
 */
export function countTraffic(
  records: readonly PacketRecord[],
  windows: readonly { from: number; to: number }[],
  truncated: boolean,
): TrafficWindow[] {
  const last = records.length > 0 ? records[records.length - 1].t : Number.NEGATIVE_INFINITY
  return windows.map(({ from, to }) => {
    const byKey = new Map<string, HopTraffic>()
    let packets = 0
    for (const r of records) {
      if (r.t < from || r.t > to) continue
      const key = `${r.hop}\u0000${r.kind}`
      let h = byKey.get(key)
      if (!h) {
        h = { hop: r.hop, ...hopEnds(r.hop), kind: r.kind, packets: 0, bytes: 0, dropped: 0 }
        byKey.set(key, h)
      }
      if (r.dropped !== undefined) h.dropped++
      else {
        h.packets++
        h.bytes += r.size
      }
      packets++
    }
    const hops = [...byKey.values()].sort((a, b) => a.hop.localeCompare(b.hop) || a.kind.localeCompare(b.kind))
    return { from, to, packets, hops, truncated: truncated && to > last }
  })
}

// Decomposition of a connection's migration outage into the three parts MODELS.md §4 names:
//
//   D_comm = F + T_update + T_recovery
//
// derived from what a RunResult records, per (migration, connection):
//   outage      the larger of the two directions' outages (outageIn, outageOut), both measured
//               from the freeze; the conversation is back only when both directions flow again.
//   freeze F    MigrationRecord.freeze (resumeAt - freezeAt), capped at the outage.
//   update      from resume to when the architecture's naming update was complete
//               (MigrationRecord.namingUpdatedAt), capped at the outage's end. Runs recorded
//               before that field existed fall back to the last naming-signalling point (timeline
//               points of kind "control") on the lanes of this process, this connection, agents
//               and nodes. Zero when no update happened (plain TCP's re-registration after the
//               outage, ARP takeover announcements sent before resume).
//   recovery    the rest: waiting for the transport to notice (retransmission back-off, §1.3),
//               reconnecting, slow start.
// Connections that never came back (broken, or no direction restored) have no decomposition;
// callers count them separately.

import type { ConnectionMigrationEffect, MigrationRecord, RunResult } from '../run/result'

export interface OutageDecomposition {
  freeze: number
  namingUpdate: number
  transportRecovery: number
  /** freeze + namingUpdate + transportRecovery, the connection's outage (ns). */
  total: number
}

export function decomposeOutage(
  run: RunResult,
  migration: MigrationRecord,
  effect: ConnectionMigrationEffect,
): OutageDecomposition | null {
  const directions = [effect.outageIn, effect.outageOut].filter((o): o is number => o !== null)
  if (effect.broken || directions.length === 0) return null
  const total = Math.max(...directions)
  const end = migration.freezeAt + total
  const freeze = Math.min(migration.freeze, total)
  const lastSignal =
    migration.namingUpdatedAt !== undefined
      ? migration.namingUpdatedAt
      : lastControlPoint(run, migration, effect.connection, migration.resumeAt, end)
  const namingUpdate = lastSignal === null ? 0 : Math.max(0, Math.min(lastSignal, end) - migration.resumeAt)
  const boundedUpdate = Math.min(namingUpdate, total - freeze)
  return { freeze, namingUpdate: boundedUpdate, transportRecovery: total - freeze - boundedUpdate, total }
}

function lastControlPoint(
  run: RunResult,
  migration: MigrationRecord,
  connection: string,
  from: number,
  to: number,
): number | null {
  const { lanes, points } = run.timeline
  let last: number | null = null
  for (let i = 0; i < points.t.length; i++) {
    const t = points.t[i]
    if (points.kind[i] !== 'control' || t < from || t > to) continue
    const lane = lanes[points.lane[i]]
    if (!lane) continue
    const foreign =
      (lane.kind === 'process' && lane.id !== migration.process) ||
      (lane.kind === 'connection' && lane.id !== connection)
    if (!foreign && (last === null || t > last)) last = t
  }
  return last
}

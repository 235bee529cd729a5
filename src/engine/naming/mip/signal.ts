// How agents account for the signalling they send: the architecture's signal() (a control message
// on the record of the move it belongs to, or of none for refreshes and set-up). The receiver is a
// node, or a label for a broadcast.
import type { Node } from '../../net/node'
import type { MigrationRecord } from '../../run/result'

export type Signal = (what: string, from: Node, to: Node | string, bytes: number, m: MigrationRecord | null) => void

/** The receiver label of a broadcast on the LAN of `iface`. */
export function broadcast(lan: string | undefined): string {
  return `${lan ?? 'LAN'} (broadcast)`
}

/** Marks the naming update of a move complete (the architecture's namingUpdated). */
export type Updated = (m: MigrationRecord) => void

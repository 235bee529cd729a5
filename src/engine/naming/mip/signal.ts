// How agents account for the signalling they send: the architecture's signal() (a control message
// on the record of the move it belongs to, or of none for refreshes and set-up).
import type { Node } from '../../net/node'
import type { MigrationRecord } from '../../run/result'

export type Signal = (what: string, from: Node, to: Node, bytes: number, m: MigrationRecord | null) => void

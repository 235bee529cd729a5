// The migration mechanisms MigLab implements (ids as in MODELS.md §4 and the catalog).
import { MECHANISMS } from '../../catalog'
import type { MigrationMechanism } from '../migrator'
import { copyOnReference } from './copy-on-reference'
import { eagerAll, eagerDirty } from './eager'
import { flushing } from './flushing'
import { postCopy } from './post-copy'
import { preCopy } from './pre-copy'

const ALL: MigrationMechanism[] = [eagerAll, eagerDirty, flushing, copyOnReference, preCopy, postCopy]

export const MECHANISM_REGISTRY: ReadonlyMap<string, MigrationMechanism> = new Map(ALL.map((m) => [m.id, m]))

export function mechanism(id: string): MigrationMechanism {
  const m = MECHANISM_REGISTRY.get(id)
  if (!m) {
    const known = MECHANISMS.map((e) => e.id).join(', ')
    throw new Error(`unknown migration mechanism "${id}"; known: ${known}`)
  }
  return m
}

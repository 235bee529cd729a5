// TCP Migrate's options (architectureOptions["tcp-migrate"]), read without a world so a spec is
// checked before it runs.

import type { Time } from '../../core'
import { OptionReader } from '../option-reader'

export interface TcpMigrateOptions {
  /** How long a fixed end keeps a connection waiting for the mover's Migrate SYN (MIGRATE_WAIT). */
  migrateWait: Time
}

export function tcpMigrateOptions(raw: Record<string, unknown>): TcpMigrateOptions {
  const o = new OptionReader('tcp-migrate', raw, ['migrateWait'])
  // The draft bounds MIGRATE_WAIT by a timer; 2·MSL, as TIME_WAIT, by default.
  return { migrateWait: o.duration('migrateWait', '60s', 0, 3600e9) }
}

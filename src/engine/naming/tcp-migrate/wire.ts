// TCP Migrate on the wire (draft-snoeren-tcp-migrate-00 §3; Snoeren & Balakrishnan, MobiCom 2000):
// the Migrate-Permitted option that SYN and SYN/ACK carry to agree on a connection token, and the
// Migrate option of a Migrate SYN. Options ride in the segment's `msg`; their bytes count.

import type { MigrationRecord } from '../../run/result'

/**
 * Migrate-Permitted: kind, length, curve name and a compressed ECDH public key on a 163-bit curve
 * (1 + 1 + 1 + 22 bytes), padded to 28 (draft §3.1). The ECDH secret K and the 64-bit token derive
 * from the two keys; MigLab carries the token in the SYN/ACK's option object as a stand-in for
 * both ends deriving the same value.
 */
export const MIGRATE_PERMITTED_BYTES = 28
/** Migrate: kind, length, request number, token, request R (1 + 1 + 1 + 8 + 8 bytes), padded to 20 (draft §3.2). */
export const MIGRATE_BYTES = 20

/** The Migrate-Permitted option; `token` is -1 on a SYN (an offer) and the agreed token on the SYN/ACK. */
export class MigratePermitted {
  constructor(readonly token: number) {}
}

/** A SYN's offer (shared: it carries nothing that differs between connections). */
export const MIGRATE_OFFER = new MigratePermitted(-1)

/**
 * The Migrate option of a Migrate SYN: the token names the connection, the request number orders
 * requests (a smaller one is a replay or reordering, an equal one a duplicate). R, the top 64 bits
 * of SHA-1 over the ISNs, K, the sequence and request numbers, proves knowledge of K; MigLab models
 * no attacker who could forge it, so it is counted in the option's bytes and not computed.
 */
export class MigrateOption {
  constructor(
    readonly token: number,
    readonly request: number,
    /** Bookkeeping, not on the wire: the migration this request belongs to. */
    readonly migration: MigrationRecord | null,
  ) {}
}

/** How the fixed end treats a Migrate SYN's request number against the last one it accepted. */
export function classifyRequest(lastAccepted: number, request: number): 'new' | 'duplicate' | 'stale' {
  if (request > lastAccepted) return 'new'
  return request === lastAccepted ? 'duplicate' : 'stale'
}

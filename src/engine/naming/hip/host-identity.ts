// A host identity (RFC 9063 §4, RFC 7401 §3): a public key that names an end-point, and its HIT,
// the 128-bit hash (an ORCHID, RFC 7343) transport connections bind to instead of an address.
// One computer may host several end-points, each with its own identity; moving an identity to
// another computer moves its associations without breaking them (RFC 9063 §4.1, "process
// migration"). In MigLab every process has one of its own, and so does every HIP host outside
// the cluster.

import type { Address } from '../../net/address'
import type { Process } from '../../proc/process'
import type { HipAssociation } from './association'
import type { HipLayer } from './hip-layer'

export class HostIdentity {
  /** Associations with peer identities, by the peer's HIT. */
  readonly associations = new Map<Address, HipAssociation>()

  constructor(
    readonly hit: Address,
    /** The process the identity belongs to (its CPU does the crypto), or null for a host's own. */
    readonly owner: Process | null,
    /** The HIP layer of the host the identity is on now. */
    public layer: HipLayer,
  ) {}
}

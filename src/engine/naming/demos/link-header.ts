// How DEMOS/MP's links map onto IP (MODELS.md §2c): a message for a moved process travels inside a
// link header naming the process — an outer IP header to the machine the link names, and the
// process id (creating machine, local id: 8 bytes) — around the packet as the sender wrote it, whose
// destination stays the process's old address, so its transport endpoint matches wherever it runs.
// Link updates are datagrams between the kernels' link-update ports.

import type { Address } from '../../net/address'
import { IPV4_HEADER } from '../../net/packet'

/** IP protocol number of the link header (MigLab's own, above 200 like the other control protocols). */
export const DEMOS_LINK = 201
/** Outer IPv4 header + DEMOS/MP process id (creating machine, local unique id). */
export const LINK_HEADER_BYTES = IPV4_HEADER + 8
/** The kernels' link-update port. */
export const LINK_UPDATE_PORT = 2001
/** A link update: process id (8), the link's old address and port (6), new machine (4), move count (4). */
export const LINK_UPDATE_BYTES = 22

/** A link: the (address, port) a sender's packets are addressed to, as one number. */
export function linkKey(addr: Address, port: number): number {
  return addr * 65536 + port
}

export interface LinkUpdate {
  kind: 'link-update'
  /** The link being updated: the address and port the sender uses. */
  addr: Address
  port: number
  /** Where the process is, as far as the forwarder knows, and after how many moves. */
  at: Address
  moves: number
}

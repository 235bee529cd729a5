// A network (subnet): a LAN broadcast domain, a WAN cloud, or a router's site (the addresses a
// router hands to hosts hanging off it by point-to-point links). Addresses are allocated from it
// in order; its IPv4 and IPv6 prefixes give them their textual form.

import {
  type Address,
  format4,
  formatHost4,
  formatHost6,
  HOSTS_PER_NETWORK,
  makeAddress,
  type Prefix4,
  type Prefix6,
  parsePrefix4,
  parsePrefix6,
  prefixCapacity,
} from './address'

export type NetworkKind = 'lan' | 'wan' | 'site' | 'virtual'

export class Network {
  /** Host index of the next address to hand out (host 0 is the network address). */
  private nextHost = 1
  private readonly freed: number[] = []
  readonly capacity: number

  constructor(
    /** Index in the topology; the high part of every address in this network. */
    readonly index: number,
    readonly name: string,
    readonly kind: NetworkKind,
    readonly prefix4: Prefix4,
    readonly prefix6: Prefix6,
  ) {
    this.capacity = Math.min(prefixCapacity(prefix4), prefixCapacity(prefix6), HOSTS_PER_NETWORK - 2)
  }

  /** Allocates the next free address. */
  allocate(): Address {
    const host = this.freed.length > 0 ? this.freed.shift()! : this.nextHost++
    if (host > this.capacity) {
      throw new Error(`network "${this.name}" (${format4(this.prefix4.base)}/${this.prefix4.length}) is full`)
    }
    return makeAddress(this.index, host)
  }

  /** Returns an address to the pool (a process address that is no longer used). */
  free(a: Address): void {
    this.freed.push(a % HOSTS_PER_NETWORK)
    this.freed.sort((x, y) => x - y)
  }

  format4(a: Address): string {
    return formatHost4(this.prefix4, a % HOSTS_PER_NETWORK)
  }

  format6(a: Address): string {
    return formatHost6(this.prefix6, a % HOSTS_PER_NETWORK)
  }
}

/**
 * Automatic prefixes for networks the spec gives none: 10.<i>.0.0/16 and fd00:<i>::/64 for
 * LANs and WANs, 172.16-31.x.0/24 and fd01:<i>::/64 for router sites, 100.64+.x.0/24 and
 * fd02:<i>::/64 for virtual (per-process) address spaces.
 */
export function autoPrefixes(kind: NetworkKind, ordinal: number): { p4: Prefix4; p6: Prefix6 } {
  const hex = (n: number) => n.toString(16)
  if (kind === 'lan' || kind === 'wan') {
    if (ordinal > 255) throw new Error('more than 256 LAN/WAN networks without explicit prefixes')
    return { p4: parsePrefix4(`10.${ordinal}.0.0/16`), p6: parsePrefix6(`fd00:${hex(ordinal)}::/64`) }
  }
  const second = kind === 'site' ? 16 : 64
  const span = kind === 'site' ? 16 : 64
  if (ordinal >= span * 256) throw new Error(`more than ${span * 256} ${kind} networks`)
  const p4 = parsePrefix4(`${kind === 'site' ? 172 : 100}.${second + (ordinal >> 8)}.${ordinal & 255}.0/24`)
  const p6 = parsePrefix6(`fd0${kind === 'site' ? 1 : 2}:${hex(ordinal)}::/64`)
  return { p4, p6 }
}

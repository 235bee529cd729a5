// Addresses and prefixes.
//
// Inside the engine an address is one number: (network index) · 2^20 + (host index), so the
// network an address belongs to is a division, and routing is a table lookup per destination
// network instead of a longest-prefix match. Every network has an IPv4 and an IPv6 prefix (the
// topology is dual-stack); the textual form of an address in either family is derived from the
// network's prefix and the host index. Which family a packet uses (20- or 40-byte header) is a
// property of the packet, chosen by the protocol that sends it.

/** An address: network index · 2^20 + host index. */
export type Address = number

export const HOST_BITS = 20
export const HOSTS_PER_NETWORK = 2 ** HOST_BITS
/** "No address". */
export const NO_ADDRESS = -1

export function makeAddress(network: number, host: number): Address {
  return network * HOSTS_PER_NETWORK + host
}

export function networkOf(a: Address): number {
  return Math.floor(a / HOSTS_PER_NETWORK)
}

export function hostOf(a: Address): number {
  return a % HOSTS_PER_NETWORK
}

export class PrefixError extends Error {
  override name = 'PrefixError'
}

export interface Prefix4 {
  family: 4
  /** The network address as an unsigned 32-bit integer. */
  base: number
  length: number
}

export interface Prefix6 {
  family: 6
  /** Eight 16-bit groups. */
  groups: number[]
  length: number
}

/** Parses "10.1.0.0/24". */
export function parsePrefix4(text: string): Prefix4 {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim())
  if (!m) throw new PrefixError(`"${text}" is not an IPv4 prefix such as "10.1.0.0/24"`)
  const octets = m.slice(1, 5).map(Number)
  if (octets.some((o) => o > 255)) throw new PrefixError(`"${text}": each part of an IPv4 address is 0..255`)
  const length = Number(m[5])
  if (length > 30) throw new PrefixError(`"${text}": a prefix longer than /30 leaves no room for hosts`)
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0
  const mask = length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0
  if ((base & ~mask) >>> 0 !== 0) {
    throw new PrefixError(`"${text}": host bits are set; did you mean "${format4((base & mask) >>> 0)}/${length}"?`)
  }
  return { family: 4, base, length }
}

/** Parses "2001:db8:1::/64". */
export function parsePrefix6(text: string): Prefix6 {
  const m = /^([0-9a-fA-F:]+)\/(\d{1,3})$/.exec(text.trim())
  if (!m) throw new PrefixError(`"${text}" is not an IPv6 prefix such as "2001:db8:1::/64"`)
  const length = Number(m[2])
  if (length > 126) throw new PrefixError(`"${text}": a prefix longer than /126 leaves no room for hosts`)
  const groups = parseGroups6(m[1], text)
  for (let bit = length; bit < 128; bit++) {
    if ((groups[bit >> 4] >> (15 - (bit & 15))) & 1) throw new PrefixError(`"${text}": host bits are set`)
  }
  return { family: 6, groups, length }
}

function parseGroups6(addr: string, text: string): number[] {
  const halves = addr.split('::')
  if (halves.length > 2) throw new PrefixError(`"${text}": "::" may appear only once`)
  const parse = (s: string) =>
    s === ''
      ? []
      : s.split(':').map((g) => {
          if (!/^[0-9a-fA-F]{1,4}$/.test(g)) throw new PrefixError(`"${text}": "${g}" is not a 16-bit hex group`)
          return Number.parseInt(g, 16)
        })
  const head = parse(halves[0])
  const tail = halves.length === 2 ? parse(halves[1]) : []
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) throw new PrefixError(`"${text}" does not have 8 groups`)
  return [...head, ...new Array(halves.length === 2 ? missing : 0).fill(0), ...tail]
}

export function format4(x: number): string {
  return `${x >>> 24}.${(x >>> 16) & 255}.${(x >>> 8) & 255}.${x & 255}`
}

export function format6(groups: readonly number[]): string {
  // RFC 5952: lowercase, longest run of zero groups (length >= 2) compressed.
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`
}

/** Capacity of a prefix for hosts (excluding the network and, for IPv4, broadcast addresses). */
export function prefixCapacity(p: Prefix4 | Prefix6): number {
  const bits = (p.family === 4 ? 32 : 128) - p.length
  if (bits >= HOST_BITS) return HOSTS_PER_NETWORK - 2
  return 2 ** bits - 2
}

export function formatHost4(p: Prefix4, host: number): string {
  return format4((p.base + host) >>> 0)
}

export function formatHost6(p: Prefix6, host: number): string {
  const g = [...p.groups]
  g[7] = (g[7] + (host & 0xffff)) & 0xffff
  g[6] = (g[6] + Math.floor(host / 65536)) & 0xffff
  return format6(g)
}

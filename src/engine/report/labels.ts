// Labels of architectures and mechanisms in figures and tables. Catalog titles ("No support
// (plain TCP/IP)") are too long for an axis of a one-column figure, so figures use the short
// names papers use; tables and the report add the full catalog titles in their legends.

import { ARCHITECTURES, catalogEntry, MECHANISMS } from '../catalog'

const SHORT_ARCHITECTURES: Record<string, string> = {
  none: 'None',
  'sprite-home': 'Sprite',
  'demos-links': 'DEMOS/MP',
  'mobile-ipv4': 'MIPv4',
  'mobile-ipv6': 'MIPv6',
  hip: 'HIP',
  fara: 'FARA',
  'tcp-migrate': 'TCP Migrate',
  quic: 'QUIC',
  lisp: 'LISP',
  dns: 'DNS',
  proxy: 'Front-end',
  'arp-takeover': 'ARP takeover',
  sctp: 'SCTP',
}

/** Short architecture label; an id the catalog does not know is shown as it is. */
export function architectureLabel(id: string): string {
  return SHORT_ARCHITECTURES[id] ?? id
}

export function architectureTitle(id: string): string {
  return catalogEntry(ARCHITECTURES, id)?.title ?? id
}

/** Mechanism titles are already short ("Pre-copy", "Eager (all)"). */
export function mechanismLabel(id: string): string {
  return catalogEntry(MECHANISMS, id)?.title ?? id
}

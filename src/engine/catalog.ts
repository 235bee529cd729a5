// Ids, titles and one-line descriptions of everything a study can compare. The registries of the
// implemented architectures, mechanisms and workloads take their metadata from here, so the CLI
// (`miglab list`), the app and the reports describe them the same way.

export interface CatalogEntry {
  id: string
  title: string
  /** The short name papers use, for figure axes and legends ("MIPv4", "DEMOS/MP"). */
  short: string
  description: string
}

export const ARCHITECTURES: readonly CatalogEntry[] = [
  {
    id: 'none',
    title: 'No support (plain TCP/IP)',
    short: 'None',
    description: 'Connections are bound to host addresses; a move breaks them and applications reconnect.',
  },
  {
    id: 'sprite-home',
    title: 'Sprite home node',
    short: 'Sprite',
    description:
      'Connections terminate at a stationary IP server; the process is reached by kernel RPC wherever it runs.',
  },
  {
    id: 'demos-links',
    title: 'DEMOS/MP forwarding links',
    short: 'DEMOS/MP',
    description: 'The old host forwards; the first message of each sender updates its link, later ones go direct.',
  },
  {
    id: 'mobile-ipv4',
    title: 'Mobile IPv4',
    short: 'MIPv4',
    description: 'Home agent, care-of addresses, registration, IP-in-IP tunnelling and triangle routing.',
  },
  {
    id: 'mobile-ipv6',
    title: 'Mobile IPv6',
    short: 'MIPv6',
    description: 'Home registration and bidirectional tunnelling, with route optimisation by return routability.',
  },
  {
    id: 'hip',
    title: 'Host Identity Protocol',
    short: 'HIP',
    description:
      'Each process has its own host identity; UPDATE with a new locator after a move, rendezvous for first contact.',
  },
  {
    id: 'fara',
    title: 'FARA',
    short: 'FARA',
    description:
      'Associations named by id; the mover sends forwarding-directive updates (semantics inferred from the papers).',
  },
  {
    id: 'tcp-migrate',
    title: 'TCP Migrate',
    short: 'TCP Migrate',
    description: 'A connection token and a Migrate SYN from the new address; the peer rebinds at once.',
  },
  {
    id: 'quic',
    title: 'QUIC connection migration',
    short: 'QUIC',
    description: 'Connection ids, path validation, user-space state; a CID-routing load balancer for servers.',
  },
  {
    id: 'lisp',
    title: 'LISP',
    short: 'LISP',
    description: 'Endpoint ids mapped to tunnel-router locators; Map-Register and solicit-map-request after a move.',
  },
  {
    id: 'dns',
    title: 'DNS rebinding',
    short: 'DNS',
    description: 'Dynamic update of the name after a move; only new connections follow, after resolver TTLs.',
  },
  {
    id: 'proxy',
    title: 'Cluster front-end',
    short: 'Front-end',
    description: 'NAT director, TCP handoff front-end or splicing proxy in front of the cluster.',
  },
  {
    id: 'arp-takeover',
    title: 'LAN address takeover',
    short: 'ARP takeover',
    description: 'Each process owns a LAN address; the new host announces it with gratuitous ARP.',
  },
  {
    id: 'sctp',
    title: 'SCTP dynamic addresses',
    short: 'SCTP',
    description: 'Multihomed associations; ASCONF Add-IP, Set-Primary, Delete-IP and heartbeat path confirmation.',
  },
]

export const MECHANISMS: readonly CatalogEntry[] = [
  {
    id: 'eager-all',
    title: 'Eager (all)',
    short: 'Eager (all)',
    description: 'Freeze, copy the whole address space, resume (LOCUS, Charlotte, checkpoint/restart).',
  },
  {
    id: 'eager-dirty',
    title: 'Eager (dirty)',
    short: 'Eager (dirty)',
    description: 'Copy only dirty pages; clean pages are paged in from backing store (MOSIX).',
  },
  {
    id: 'flushing',
    title: 'Flushing',
    short: 'Flushing',
    description: 'Flush dirty pages to the file server, resume with no pages, demand-page from the server (Sprite).',
  },
  {
    id: 'copy-on-reference',
    title: 'Copy-on-reference',
    short: 'Copy-on-reference',
    description: 'Resume at once; pages are pulled from the source on first touch (Accent).',
  },
  {
    id: 'pre-copy',
    title: 'Pre-copy',
    short: 'Pre-copy',
    description: 'Copy while running, re-copy dirtied pages, short final freeze (V-System, Xen).',
  },
  {
    id: 'post-copy',
    title: 'Post-copy',
    short: 'Post-copy',
    description: 'Move CPU state first, then push pages in the background with demand faults.',
  },
]

export const WORKLOADS: readonly CatalogEntry[] = [
  {
    id: 'interactive',
    title: 'Migrating interactive job',
    short: 'Interactive',
    description: 'A remote user types into a process that moves; echo latency and stalls.',
  },
  {
    id: 'bsp',
    title: 'Parallel computation',
    short: 'BSP',
    description: 'Bulk-synchronous ranks exchanging messages, some with external peers; iteration slowdown.',
  },
  {
    id: 'web',
    title: 'Web server cluster',
    short: 'Web',
    description: 'External clients send requests to server processes that move; response times and failures.',
  },
  {
    id: 'bulk',
    title: 'Bulk transfer',
    short: 'Bulk',
    description: 'A long stream to or from a remote peer; throughput dip and recovery.',
  },
]

export function catalogEntry(list: readonly CatalogEntry[], id: string): CatalogEntry | undefined {
  return list.find((e) => e.id === id)
}

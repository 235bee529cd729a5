// The static intrusiveness profile of every naming architecture MigLab models: which parts of the
// system must change for it to keep a migrating process reachable, and whether an unmodified
// (legacy) remote peer still works. This answers the first question of every study ("how
// intrusive is it to application programmers?") and is shown beside the measured efficiency.
// Source: shared/MODELS.md §2 and the comparison table of §3.

export const INTRUSIVENESS_DIMENSIONS = [
  'application',
  'socketApi',
  'clusterKernel',
  'clusterInfrastructure',
  'remoteStack',
  'remoteApplication',
] as const
export type IntrusivenessDimension = (typeof INTRUSIVENESS_DIMENSIONS)[number]

export const DIMENSION_TITLES: Record<IntrusivenessDimension, string> = {
  application: 'Application code',
  socketApi: 'Socket API / library',
  clusterKernel: 'Cluster host kernel / transport',
  clusterInfrastructure: 'Cluster infrastructure',
  remoteStack: 'Remote peer stack',
  remoteApplication: 'Remote peer application',
}

/** no: unchanged; partial: changed in some configurations or only for an optimisation; yes: must change. */
export type ChangeLevel = 'no' | 'partial' | 'yes'

export interface IntrusivenessProfile {
  changes: Record<IntrusivenessDimension, { level: ChangeLevel; note?: string }>
  legacyPeer: { works: 'yes' | 'partial' | 'no'; note?: string }
  /** One paragraph, shown to users next to the matrix. */
  rationale: string
}

const no = { level: 'no' } as const
const yes = (note?: string) => ({ level: 'yes' as const, note })
const partial = (note: string) => ({ level: 'partial' as const, note })

export const PROFILES: Record<string, IntrusivenessProfile> = {
  none: {
    changes: {
      application: yes('must detect the break, re-resolve, reconnect and resynchronise'),
      socketApi: no,
      clusterKernel: no,
      clusterInfrastructure: no,
      remoteStack: no,
      remoteApplication: yes('must survive the reset and reconnect'),
    },
    legacyPeer: { works: 'partial', note: "stack unchanged, but the peer's application must reconnect" },
    rationale:
      'Connections are named by host addresses and nothing maps them to a new location, so every move breaks every connection. ' +
      'Nothing in the system changes, but both applications must be written to notice the break, find the process again and ' +
      'resume their conversation: the whole burden falls on application programmers.',
  },
  'sprite-home': {
    changes: {
      application: no,
      socketApi: no,
      clusterKernel: yes('distributed OS kernel with home-node forwarding'),
      clusterInfrastructure: no,
      remoteStack: no,
      remoteApplication: no,
    },
    legacyPeer: { works: 'yes' },
    rationale:
      "Sprite's home machine keeps every location-dependent service, and Internet connections terminate at a user-level IP " +
      'server that never moves; the migrated process reaches it by kernel RPC. Only the cluster kernels change, so applications ' +
      'and remote peers are untouched, at the price of a permanent dependency on the home and IP-server hosts and an extra LAN ' +
      'crossing on every exchange.',
  },
  'demos-links': {
    changes: {
      application: no,
      socketApi: no,
      clusterKernel: yes('message kernel keeps forwarding addresses'),
      clusterInfrastructure: no,
      remoteStack: yes('must act on link updates'),
      remoteApplication: no,
    },
    legacyPeer: {
      works: 'partial',
      note: 'a peer that cannot act on updates keeps using the forwarder, which becomes permanent',
    },
    rationale:
      'DEMOS/MP names processes by kernel-managed links. The old host keeps a forwarding address; the first message of each ' +
      'sender is forwarded and updates that sender’s link, after which it goes direct. Applications do not change, but the ' +
      'lazy update needs the peer’s kernel to take part; a legacy peer keeps sending through the forwarder forever.',
  },
  'mobile-ipv4': {
    changes: {
      application: no,
      socketApi: no,
      clusterKernel: yes('mobile node stack, care-of addresses, registration'),
      clusterInfrastructure: yes('home agent (and optional foreign agents)'),
      remoteStack: no,
      remoteApplication: no,
    },
    legacyPeer: { works: 'yes' },
    rationale:
      'Each migratable process keeps a home address; a home agent on the home network captures its traffic and tunnels it to ' +
      'the current care-of address. Correspondents are unchanged (triangle routing), which is nearly free when the home agent ' +
      'is the cluster gateway. The cluster hosts and the home agent change; the home agent is a permanent dependency.',
  },
  'mobile-ipv6': {
    changes: {
      application: no,
      socketApi: no,
      clusterKernel: yes('mobile node stack, binding updates, return routability'),
      clusterInfrastructure: yes('home agent'),
      remoteStack: partial('only for route optimisation'),
      remoteApplication: no,
    },
    legacyPeer: { works: 'yes', note: 'through the bidirectional tunnel via the home agent' },
    rationale:
      'Like Mobile IPv4 with a bidirectional tunnel through the home agent, plus route optimisation: after return ' +
      'routability a correspondent that implements it sends directly to the care-of address. Legacy peers keep working ' +
      'through the tunnel; optimised ones pay per-peer signalling and refresh bindings every 7 minutes.',
  },
  hip: {
    changes: {
      application: no,
      socketApi: partial('resolver returns HITs; applications use HITs or LSIs in place of addresses'),
      clusterKernel: yes('HIP layer and ESP'),
      clusterInfrastructure: yes('rendezvous server and DNS records'),
      remoteStack: yes('HIP layer'),
      remoteApplication: no,
    },
    legacyPeer: { works: 'no', note: 'needs a HIP proxy' },
    rationale:
      'Each migratable process gets its own host identity; transport associations bind to the identity and addresses become ' +
      'mere locators. After a move the process sends UPDATE with its new locator to every peer, which verifies it. ' +
      'Applications are unchanged, but both ends need a HIP stack, every host the process may land on must hold its private ' +
      'key, and a rendezvous server handles first contact.',
  },
  fara: {
    changes: {
      application: partial('unless a library hides forwarding directives'),
      socketApi: yes('association-based API with forwarding directives'),
      clusterKernel: yes('new stack'),
      clusterInfrastructure: yes('new communication substrate, FARA directory, optional M-agents'),
      remoteStack: yes('new stack'),
      remoteApplication: partial('through the new API'),
    },
    legacyPeer: { works: 'no' },
    rationale:
      'FARA names associations, not hosts: packets carry an association id and a forwarding directive, and a mover sends an ' +
      'authenticated directive update inside each association. It is a new architecture end to end (hosts, API, substrate). ' +
      'MigLab models the semantics inferred from the papers’ summaries (MODELS.md §2f); treat them as a proposal.',
  },
  'tcp-migrate': {
    changes: {
      application: no,
      socketApi: no,
      clusterKernel: yes('TCP with the Migrate option'),
      clusterInfrastructure: partial('secure dynamic DNS for new connections'),
      remoteStack: yes('TCP with the Migrate option'),
      remoteApplication: no,
    },
    legacyPeer: { works: 'no', note: 'the option is ignored and the connection breaks as with plain TCP' },
    rationale:
      'TCP itself learns to move: a token agreed at connection set-up names the connection, and after a move the mover sends ' +
      'a Migrate SYN from its new address. The exchange restarts transmission at once, so the back-off penalty mostly ' +
      'disappears. Both TCP stacks change; applications and the network do not.',
  },
  quic: {
    changes: {
      application: no,
      socketApi: yes('QUIC library in the application'),
      clusterKernel: no,
      clusterInfrastructure: partial('CID-routing load balancer for server processes'),
      remoteStack: yes('QUIC with connection migration'),
      remoteApplication: no,
    },
    legacyPeer: { works: 'no', note: 'TCP-only peers cannot use it' },
    rationale:
      'QUIC names connections by connection ids and validates new paths, and its state lives in user space, so it moves ' +
      'with the address space for free. Only clients may change address; a server process needs a CID-routing load balancer ' +
      'in the cluster. Applications link a QUIC library and both ends must support migration.',
  },
  lisp: {
    changes: {
      application: no,
      socketApi: no,
      clusterKernel: no,
      clusterInfrastructure: yes('tunnel routers and the mapping system'),
      remoteStack: no,
      remoteApplication: no,
    },
    legacyPeer: { works: 'yes', note: 'through a proxy ingress tunnel router' },
    rationale:
      'LISP gives each process an endpoint id and maps it to tunnel-router locators; after a move the new egress router ' +
      're-registers the id and stale ingress routers are told to ask again. Only routers and the mapping system change, but ' +
      'it is plain network-layer re-routing: the connection pays TCP’s retransmission back-off.',
  },
  dns: {
    changes: {
      application: yes('reconnect logic on both ends'),
      socketApi: no,
      clusterKernel: no,
      clusterInfrastructure: yes('dynamic DNS updates'),
      remoteStack: no,
      remoteApplication: yes('must reconnect and re-resolve'),
    },
    legacyPeer: {
      works: 'partial',
      note: 'stack unchanged; only new connections follow, through resolvers that honour TTLs',
    },
    rationale:
      'After a move the name’s address record is updated and resolvers pick it up when their cached TTL expires. Only new ' +
      'connections follow; existing ones break as with plain TCP, so applications must reconnect — and some resolvers ' +
      'ignore TTLs for minutes.',
  },
  proxy: {
    changes: {
      application: no,
      socketApi: no,
      clusterKernel: yes('TCB transfer or handoff modules'),
      clusterInfrastructure: yes('director, handoff front-end or splicing proxy'),
      remoteStack: no,
      remoteApplication: no,
    },
    legacyPeer: { works: 'yes' },
    rationale:
      'A cluster front-end owns the public address: a layer-4 NAT director repoints its connection table, a TCP handoff ' +
      'front-end hands the connection over, or an application proxy reconnects to the moved process over the LAN. Peers see ' +
      'nothing; the front-end is a permanent, stateful dependency and a detour.',
  },
  'arp-takeover': {
    changes: {
      application: no,
      socketApi: no,
      clusterKernel: yes('per-process address and TCB migration'),
      clusterInfrastructure: partial('works only inside one broadcast domain'),
      remoteStack: no,
      remoteApplication: no,
    },
    legacyPeer: { works: 'yes' },
    rationale:
      'Each migratable process owns an address on the cluster LAN; after a move the new host announces it with a ' +
      'gratuitous ARP and the neighbours update their caches. The most transparent option for a single-subnet cluster, with ' +
      'no residual dependency, but packets sent during the freeze are lost and TCP backs off.',
  },
  sctp: {
    changes: {
      application: yes('must use SCTP sockets'),
      socketApi: yes('SCTP'),
      clusterKernel: yes('SCTP with dynamic address reconfiguration'),
      clusterInfrastructure: no,
      remoteStack: yes('SCTP with ADD-IP'),
      remoteApplication: yes('must use SCTP sockets'),
    },
    legacyPeer: { works: 'no' },
    rationale:
      'SCTP associations span sets of addresses; after a move the mover adds its new address, makes it primary and deletes ' +
      'the old one with ASCONF chunks, and the peer confirms the new path by heartbeat. Both applications must be written ' +
      'for SCTP, and many middleboxes drop it.',
  },
}

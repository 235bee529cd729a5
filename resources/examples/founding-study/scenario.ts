// @ts-nocheck: 'miglab' exists only in the sandbox; the editor checks this file against the shipped typings.
// The founding study (shared/DESIGN.md): a Sprite-style workstation cluster whose processes move
// when a workstation's owner returns and for load balancing, while two workloads talk to processes
// outside the cluster — a remote user typing into a shell, and a parallel computation whose ranks
// exchange messages among themselves and with a coordinator and a data source on the Internet.
import { dist, scenario } from 'miglab'

const s = scenario()

// A remote user types into the shell (started on ws2, its home is ws1).
s.interactive('typing', { process: 'shell', client: 'user', thinkTime: dist.exponential('150ms') })

// Four ranks in bulk-synchronous iterations; rank0 reports to a coordinator, rank1 reads from a
// data source, both outside the cluster.
s.bsp('solver', {
  ranks: ['rank0', 'rank1', 'rank2', 'rank3'],
  iterations: 120,
  compute: dist.uniform('80ms', '120ms'),
  pattern: 'ring',
  messageSize: '64KiB',
  external: [
    { rank: 'rank0', peer: 'coord', role: 'coordinator', bytes: '64KiB' },
    { rank: 'rank1', peer: 'data', role: 'data-source', bytes: '512KiB' },
  ],
})

// ws2's owner comes back at 15 s (the shell goes home to ws1); ws5's owner at 30 s (rank2 is
// evicted); from 35 s a load balancer evens the cluster out.
s.evict('ws2', { ownerReturns: '15s' })
s.evict('ws5', { ownerReturns: '30s' })
s.loadBalance({ period: '5s', threshold: 1, start: '35s' })

// Infrastructure agents: the home agent, map server and director default to the cluster gateway;
// the rendezvous server and FARA directory run on the Internet host.
s.agent('rendezvousServer', 'rvs')
s.agent('faraDirectory', 'rvs')
s.agent('fileServer', 'fs')

s.compare({
  architectures: [
    'none',
    'sprite-home',
    'demos-links',
    'mobile-ipv4',
    'mobile-ipv6',
    'hip',
    'fara',
    'tcp-migrate',
    'quic',
    'lisp',
    'dns',
    'proxy',
    'arp-takeover',
    'sctp',
  ],
  mechanisms: ['eager-all', 'eager-dirty', 'flushing', 'copy-on-reference', 'pre-copy', 'post-copy'],
  baseline: { architecture: 'none', mechanism: 'eager-all' },
})
s.replications(2)
s.metrics(
  'connection.outage.mean',
  'migration.freeze.mean',
  'migration.control.messages',
  'interactive.echo.p99',
  'bsp.slowdown',
  'residual.dependencies',
)

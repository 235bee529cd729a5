// @ts-nocheck: 'miglab' exists only in the sandbox; the editor checks this file against the shipped typings.
// A web service on two server processes in a four-machine farm. Clients in Europe and America keep
// persistent connections and send requests; the servers are moved for maintenance (srv1 is
// drained at 10 s) and by a load balancer, under the architectures a web farm would consider.
import { dist, scenario } from 'miglab'

const s = scenario()

s.web('shop', {
  servers: ['web1', 'web2'],
  clients: [
    { node: 'clients-eu', count: 20 },
    { node: 'clients-us', count: 10 },
  ],
  interArrival: dist.exponential('200ms'),
  requestSize: '600B',
  responseSize: '24KiB',
  serviceTime: dist.exponential('3ms'),
  persistent: true,
  timeout: '8s',
})

// Maintenance: web1 leaves srv1 at 10 s; web2 moves at 25 s.
s.migrate('web1', { to: 'srv3', at: '10s' })
s.migrate('web2', { to: 'srv4', at: '25s' })

s.agent('director', 'fe')
s.agent('rendezvousServer', 'services')
s.agent('faraDirectory', 'services')

s.compare({
  architectures: ['none', 'dns', 'proxy', 'mobile-ipv4', 'tcp-migrate', 'quic', 'lisp', 'arp-takeover', 'hip'],
  mechanisms: ['eager-all', 'pre-copy', 'post-copy'],
  baseline: { architecture: 'none', mechanism: 'pre-copy' },
})
s.architectureOptions('proxy', { variant: 'nat' })
s.architectureOptions('dns', { ttl: '5s' })
s.replications(3)
s.metrics(
  'web.response.p99',
  'web.failed',
  'connection.outage.mean',
  'migration.freeze.mean',
  'migration.control.messages',
)

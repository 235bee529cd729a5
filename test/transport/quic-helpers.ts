// A cluster LAN (ws1, ws2 behind gw) and a remote host across a WAN link, with QUIC endpoints:
// the small world the QUIC transport tests migrate a client in.
import { MS, type Scheduler } from '../../src/engine/core'
import type { Net } from '../../src/engine/net/net'
import type { Node } from '../../src/engine/net/node'
import { QuicEndpoint } from '../../src/engine/transport/quic/endpoint'
import { TransportStack } from '../../src/engine/transport/stack'
import { build } from '../net/helpers'

export const SERVER_PORT = 4433

export function quicWorld(wanLatency = '20ms', seed = 1, wanLoss = 0): { sched: Scheduler; net: Net } {
  return build(
    {
      networks: [{ name: 'cluster', kind: 'lan', prefix: '10.1.0.0/24', bandwidth: '1Gbps', latency: '50us' }],
      nodes: [
        { name: 'gw', kind: 'router', attach: [{ network: 'cluster' }] },
        { name: 'ws1', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'ws2', kind: 'host', attach: [{ network: 'cluster' }] },
        { name: 'remote', kind: 'host', role: 'remote' },
      ],
      links: [{ name: 'wan', a: 'gw', b: 'remote', bandwidth: '100Mbps', latency: wanLatency, loss: wanLoss }],
    },
    seed,
  )
}

/** A QUIC server endpoint listening on `node`. */
export function server(net: Net, node: Node, port = SERVER_PORT): QuicEndpoint {
  const ep = new QuicEndpoint(TransportStack.of(node).udpSocket(port), net.rng(`quic:${node.name}:${port}`))
  return ep
}

/** A QUIC client endpoint on its own ephemeral socket. */
export function client(net: Net, node: Node): QuicEndpoint {
  const ep = new QuicEndpoint(TransportStack.of(node).udpSocket(), net.rng(`quic:${node.name}:client`))
  ep.closeWhenEmpty = true
  return ep
}

export const QUIET = 5000 * MS

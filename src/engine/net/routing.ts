// Shortest-path routing by latency, computed per destination *network* (never per host pair), so
// tables stay small on topologies of tens of thousands of nodes: one Dijkstra per destination
// network over a graph of nodes and network vertices, where hosts are leaves (they never forward
// unless configured to). Single-homed LAN hosts share their LAN's table. Recomputed whenever a
// link or node fails or recovers.

import { type Address, NO_ADDRESS } from './address'
import type { Net } from './net'
import type { Node } from './node'

export class RouteTable {
  /** Per destination network: egress interface index; -1 no route; -2 this router's own site. */
  readonly iface: Int32Array
  /** Per destination network: next-hop address, or NO_ADDRESS for on-link delivery. */
  readonly nextHop: Float64Array
  constructor(networks: number) {
    this.iface = new Int32Array(networks).fill(-1)
    this.nextHop = new Float64Array(networks).fill(NO_ADDRESS)
  }
}

interface Edge {
  to: number
  w: number
  /** The interface of the edge's *from* vertex (a node), when it is a node; -1 for a network vertex. */
  fromIface: number
}

/** Recomputes every node's routing table. */
export function computeRoutes(net: Net): void {
  const nodes = net.nodes
  const nets = net.networks
  const N = nodes.length
  const V = N + nets.length
  const adj: Edge[][] = Array.from({ length: V }, () => [])
  const isNetVertex = (v: number) => v >= N

  for (const link of net.links) {
    if (!link.up || !link.a.node.up || !link.b.node.up) continue
    const w = link.params.latency
    adj[link.a.node.id].push({ to: link.b.node.id, w, fromIface: link.a.index })
    adj[link.b.node.id].push({ to: link.a.node.id, w, fromIface: link.b.index })
  }
  for (const node of nodes) {
    if (!node.up) continue
    for (const i of node.ifaces) {
      if (i.network < 0) continue
      const w = i.out.latency
      adj[node.id].push({ to: N + i.network, w, fromIface: i.index })
      adj[N + i.network].push({ to: node.id, w, fromIface: -1 })
    }
  }

  // Tables: routers and multi-homed hosts own one; single-homed LAN/WAN hosts share their
  // network's; hosts on a single point-to-point link need none.
  const own = new Map<Node, RouteTable>()
  const shared = new Map<number, RouteTable>()
  for (const node of nodes) {
    const single = node.ifaces.length === 1 && !node.forwarding
    if (single && node.ifaces[0].kind === 'p2p') node.routes = null
    else if (single) {
      const n = node.ifaces[0].network
      let t = shared.get(n)
      if (!t) {
        t = new RouteTable(nets.length)
        shared.set(n, t)
      }
      node.routes = t
    } else {
      const t = new RouteTable(nets.length)
      own.set(node, t)
      node.routes = t
    }
  }

  const dist = new Float64Array(V)
  const parent = new Int32Array(V)
  const parentIface = new Int32Array(V)
  const heap = new MinHeap(V)

  for (const d of nets) {
    dist.fill(Number.POSITIVE_INFINITY)
    parent.fill(-1)
    parentIface.fill(-1)
    let source: number
    if (d.kind === 'lan' || d.kind === 'wan') source = N + d.index
    else {
      const anchor = net.anchorOf(d.index)
      if (anchor === null || !anchor.up) continue
      source = anchor.id
    }
    dist[source] = 0
    heap.push(source, 0)
    while (heap.size > 0) {
      const v = heap.pop()
      const dv = dist[v]
      if (heap.lastKey > dv) continue // a stale entry: v was reached more cheaply since
      if (v !== source && !isNetVertex(v) && !nodes[v].forwarding) continue // hosts are leaves
      for (const e of adj[v]) {
        // The edge v -> e.to, traversed from e.to toward the destination: e.to's next hop is v.
        const nd = dv + e.w
        if (nd < dist[e.to] || (nd === dist[e.to] && v < parent[e.to])) {
          dist[e.to] = nd
          parent[e.to] = v
          heap.push(e.to, nd)
        }
      }
    }
    // Which interface of each node leads to its parent.
    for (let v = 0; v < N; v++) {
      const p = parent[v]
      if (p < 0) continue
      for (const e of adj[v]) {
        if (e.to === p) {
          parentIface[v] = e.fromIface
          break
        }
      }
    }
    const addrOn = (u: number, netIdx: number): Address => nodes[u].ifaceOn(netIdx)?.address ?? NO_ADDRESS
    for (const [node, t] of own) {
      const v = node.id
      if (v === source) {
        t.iface[d.index] = -2
        continue
      }
      const p = parent[v]
      if (p < 0) continue
      t.iface[d.index] = parentIface[v]
      if (isNetVertex(p) && p !== source) {
        const u = parent[p]
        t.nextHop[d.index] = u >= 0 ? addrOn(u, p - N) : NO_ADDRESS
        if (u < 0) t.iface[d.index] = -1
      } else t.nextHop[d.index] = NO_ADDRESS
    }
    for (const [n, t] of shared) {
      const w = N + n
      if (w === source) {
        t.iface[d.index] = 0
        t.nextHop[d.index] = NO_ADDRESS
      } else if (parent[w] >= 0) {
        t.iface[d.index] = 0
        t.nextHop[d.index] = addrOn(parent[w], n)
      }
    }
  }
}

/** Binary min-heap of vertices keyed by distance, ties by vertex index (deterministic). */
class MinHeap {
  private v: Int32Array
  private k: Float64Array
  size = 0
  /** Key of the vertex last popped. */
  lastKey = 0
  constructor(cap: number) {
    // Lazy decrease-key: a vertex is pushed once per improvement, so the heap grows as needed.
    this.v = new Int32Array(Math.max(16, cap))
    this.k = new Float64Array(Math.max(16, cap))
  }
  push(vertex: number, key: number): void {
    if (this.size === this.v.length) {
      const v = new Int32Array(this.v.length * 2)
      v.set(this.v)
      this.v = v
      const k = new Float64Array(this.k.length * 2)
      k.set(this.k)
      this.k = k
    }
    let i = this.size++
    while (i > 0) {
      const p = (i - 1) >> 1
      if (this.k[p] < key || (this.k[p] === key && this.v[p] <= vertex)) break
      this.v[i] = this.v[p]
      this.k[i] = this.k[p]
      i = p
    }
    this.v[i] = vertex
    this.k[i] = key
  }
  pop(): number {
    const top = this.v[0]
    this.lastKey = this.k[0]
    const n = --this.size
    if (n > 0) {
      const lv = this.v[n]
      const lk = this.k[n]
      let i = 0
      for (;;) {
        let c = 2 * i + 1
        if (c >= n) break
        if (c + 1 < n && (this.k[c + 1] < this.k[c] || (this.k[c + 1] === this.k[c] && this.v[c + 1] < this.v[c]))) c++
        if (this.k[c] > lk || (this.k[c] === lk && this.v[c] >= lv)) break
        this.v[i] = this.v[c]
        this.k[i] = this.k[c]
        i = c
      }
      this.v[i] = lv
      this.k[i] = lk
    }
    return top
  }
}

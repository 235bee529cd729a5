// How an unmodified remote application reaches a process: it resolves the process's name in DNS
// and opens a kernel TCP connection to the address it gets. Architectures that publish a stable
// address for a process (an EID, a LAN address, a front-end's virtual IP) use it as it is.

import type { Node } from '../net/node'
import type { World } from '../sim/world'
import type { StreamApp } from '../transport/stream'
import { CLOSED_STREAM } from './closed-stream'

export function connectByName(world: World, client: Node, name: string, port: number, app: StreamApp): void {
  world.resolver(client).resolve(name, (record) => {
    if (!record) {
      app.onTimeout?.(CLOSED_STREAM)
      return
    }
    world.stack(client).connect(record.addr, port, app)
  })
}

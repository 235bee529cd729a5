// A duplex point-to-point link: two channels, one per direction, with the same parameters.

import type { RngStream } from '../core'
import { Channel, type ChannelParams } from './channel'
import type { Net } from './net'
import type { Interface } from './node'

export class Link {
  readonly ab: Channel
  readonly ba: Channel
  up = true

  constructor(
    net: Net,
    readonly index: number,
    readonly name: string,
    readonly a: Interface,
    readonly b: Interface,
    readonly params: ChannelParams,
    rng: (key: string) => RngStream,
  ) {
    const loss = (dir: string) => (params.loss > 0 ? rng(`link:${name}/${dir}`) : null)
    this.ab = new Channel(net.sched, `${a.node.name}->${b.node.name}`, params, b, 0, net, loss('ab'))
    this.ba = new Channel(net.sched, `${b.node.name}->${a.node.name}`, params, a, 0, net, loss('ba'))
    a.out = this.ab
    b.out = this.ba
    a.peer = b
    b.peer = a
  }

  setUp(up: boolean): void {
    this.up = up
    for (const ch of [this.ab, this.ba]) {
      if (up) ch.recover()
      else ch.fail()
    }
  }
}

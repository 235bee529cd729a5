// Metrics: watches the transport connections of every session (retransmissions, timeouts,
// deliveries and their one-way delays, drops of their packets), then reduces the recorder's
// records into the per-migration effects and the flat summary of a RunResult.

import type { Time } from '../core'
import type { Packet } from '../net/packet'
import { pathDelay } from '../net/path'
import type { ConnectionMigrationEffect, ConnectionRecord, MigrationRecord } from '../run/result'
import type { World } from '../sim/world'
import type { Stream } from '../transport/stream'
import { isObservable, type ObservableStream } from '../transport/stream-observer'
import { TcpConnection, type TcpObserver, TcpState } from '../transport/tcp'
import type { Session } from './recorder'

/** How long after a move the path is considered settled for stretch: after the first delivery + this. */
const SETTLE = 1_000_000_000

interface Watched {
  session: Session
  end: 'process' | 'peer'
}

export class Metrics {
  private readonly watched = new Map<TcpConnection, Watched>()
  /** Streams of other transports (QUIC, SCTP), which report through a StreamObserver. */
  private readonly watchedOther = new Map<ObservableStream, Watched>()

  constructor(private readonly world: World) {
    world.net.dropObservers.push((pkt) => this.onDrop(pkt))
  }

  /** Attributes a stream's transport events to a session; `end` is the side this stream is on. */
  watch(session: Session, s: Stream, end: 'process' | 'peer'): void {
    if (isObservable(s)) {
      this.watchOther(session, s, end)
      return
    }
    if (!(s instanceof TcpConnection)) return
    this.watched.set(s, { session, end })
    const rec = this.world.recorder
    const world = this.world
    const observer: TcpObserver = {
      segmentSent(_c, _seq, _len, retransmission) {
        if (!retransmission) return
        session.retransmissions++
        session.retxTimes.push(world.now)
        rec.point(session.lane, world.now, 'retransmission', `${end === 'process' ? 'process' : 'peer'} retransmits`)
      },
      rtoExpired(_c, rto) {
        session.rtoExpiries++
        rec.point(session.lane, world.now, 'timeout', `RTO ${Math.round(rto / 1e6)} ms expired (${end})`)
      },
      delivered(_c, bytes, born) {
        if (end === 'process') {
          session.inTimes.push(world.now)
          session.inDelays.push(world.now - born)
          session.inDelayTimes.push(world.now)
          session.inSizes.push(bytes)
        } else session.outTimes.push(world.now)
      },
      // A closed connection carries nothing more: forget it, so drops are matched against live ones only.
      stateChanged: (c, _from, to) => {
        if (to === TcpState.CLOSED) this.watched.delete(c)
      },
    }
    s.observer = observer
  }

  private watchOther(session: Session, s: ObservableStream, end: 'process' | 'peer'): void {
    this.watchedOther.set(s, { session, end })
    session.transport = s.transport
    const rec = this.world.recorder
    const world = this.world
    s.observer = {
      packetSent(retransmission) {
        if (!retransmission) return
        session.retransmissions++
        session.retxTimes.push(world.now)
        rec.point(session.lane, world.now, 'retransmission', `${end} retransmits`)
      },
      timerExpired(timeout, timer) {
        session.rtoExpiries++
        rec.point(session.lane, world.now, 'timeout', `${timer} ${Math.round(timeout / 1e6)} ms expired (${end})`)
      },
      delivered(bytes, born) {
        if (end === 'process') {
          session.inTimes.push(world.now)
          session.inDelays.push(world.now - born)
          session.inDelayTimes.push(world.now)
          session.inSizes.push(bytes)
        } else session.outTimes.push(world.now)
      },
    }
  }

  /**
   * Like watch(), for a stream whose session the application learns from the message just
   * delivered on it (a server accepting many clients, told who it serves by the request): that
   * delivery counts too (its one-way delay is unknown, so it gives no stretch sample).
   */
  identified(session: Session, s: Stream, end: 'process' | 'peer'): void {
    if (s instanceof TcpConnection ? this.watched.has(s) : !isObservable(s) || this.watchedOther.has(s)) return
    this.watch(session, s, end)
    if (end === 'process') session.inTimes.push(this.world.now)
    else session.outTimes.push(this.world.now)
  }

  private onDrop(pkt: Packet): void {
    let p: Packet = pkt
    while (p.inner !== null) p = p.inner
    for (const [s, w] of this.watchedOther) {
      if (s.sentPacket(p)) {
        w.session.lost++
        w.session.dropTimes.push(this.world.now)
        return
      }
    }
    const sender = p.origin instanceof TcpConnection ? this.watched.get(p.origin) : undefined
    if (sender) {
      sender.session.lost++
      sender.session.dropTimes.push(this.world.now)
      return
    }
    for (const [c, w] of this.watched) {
      const fwd = p.src === c.localAddr && p.sport === c.localPort && p.dst === c.remoteAddr && p.dport === c.remotePort
      if (fwd) {
        w.session.lost++
        w.session.dropTimes.push(this.world.now)
        return
      }
    }
  }

  // ---- reduction -----------------------------------------------------------------------------

  /** Fills in the per-connection effects and residual dependencies of every migration. */
  finishMigrations(): void {
    const w = this.world
    const rec = w.recorder
    for (const m of rec.migrations) {
      m.residualDependencies = rec.residuals
        .filter((r) => r.migration === m.id)
        .map(({ node, what, from, until }) => ({ node, what, from, until }))
      if (m.freezeAt < 0) continue
      const next = rec.migrations.find((o) => o.process === m.process && o.id > m.id && o.freezeAt >= 0)
      const windowEnd = next ? next.freezeAt : w.now
      m.connections = rec.sessions.filter((s) => s.process === m.process).map((s) => this.effect(s, m, windowEnd))
    }
  }

  private effect(s: Session, m: MigrationRecord, windowEnd: Time): ConnectionMigrationEffect {
    const firstAfter = (times: number[]) => {
      for (const t of times) if (t >= m.freezeAt && t <= windowEnd) return t - m.freezeAt
      return null
    }
    const outageIn = firstAfter(s.inTimes)
    const outageOut = firstAfter(s.outTimes)
    const settled = m.freezeAt + Math.max(outageIn ?? 0, outageOut ?? 0) + SETTLE
    const count = (times: number[], from: number, to: number) => times.filter((t) => t >= from && t <= to).length
    const endOfOutage = m.freezeAt + Math.max(outageIn ?? windowEnd - m.freezeAt, outageOut ?? 0)
    return {
      connection: s.id,
      outageIn,
      outageOut,
      lost: count(s.dropTimes, m.freezeAt, endOfOutage),
      retransmissions: count(s.retxTimes, m.freezeAt, endOfOutage),
      stretchAfter: this.stretch(s, m, settled, windowEnd),
      broken: s.resets + s.timeouts > 0 && count([...s.inTimes], m.freezeAt, windowEnd) === 0,
    }
  }

  /** Minimum one-way delay peer -> process after the move settled ÷ shortest-path delay peer -> new host. */
  private stretch(s: Session, m: MigrationRecord, from: Time, to: Time): number | null {
    const net = this.world.net
    const peer = net.findNode(s.peer)
    const host = net.findNode(m.to)
    if (!peer || !host) return null
    let best = Number.POSITIVE_INFINITY
    let size = 0
    for (let i = 0; i < s.inDelays.length; i++) {
      const t = s.inDelayTimes[i]
      if (t < from || t > to) continue
      if (s.inDelays[i] < best) {
        best = s.inDelays[i]
        size = s.inSizes[i]
      }
    }
    if (!Number.isFinite(best)) return null
    const ref = pathDelay(net, peer, host.address, size + 40)
    return ref && ref > 0 ? best / ref : null
  }

  connectionRecords(): ConnectionRecord[] {
    return this.world.recorder.sessions.map((s) => ({
      id: s.id,
      workload: s.workload,
      process: s.process,
      peer: s.peer,
      transport: s.transport,
      openedAt: s.openedAt,
      closedAt: s.closedAt,
      bytesDelivered: s.bytesIn + s.bytesOut,
      retransmissions: s.retransmissions,
      timeouts: s.timeouts,
      resets: s.resets,
      reconnects: s.reconnects,
      outages: this.outages(s),
    }))
  }

  /** Gaps in delivery longer than 500 ms in each direction. */
  private outages(s: Session): ConnectionRecord['outages'] {
    const out: ConnectionRecord['outages'] = []
    const scan = (times: number[], direction: 'in' | 'out') => {
      for (let i = 1; i < times.length; i++)
        if (times[i] - times[i - 1] > 500_000_000) out.push({ from: times[i - 1], to: times[i], direction })
    }
    scan(s.inTimes, 'in')
    scan(s.outTimes, 'out')
    return out
  }

  /** The flat summary metrics of the run (besides the workloads' own). */
  summarize(out: Record<string, number>): void {
    const rec = this.world.recorder
    const ms = rec.migrations.filter((m) => m.resumeAt >= 0)
    const stats = (name: string, xs: number[]) => {
      const v = xs.filter((x) => Number.isFinite(x))
      out[`${name}.mean`] = v.length ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN
      out[`${name}.max`] = v.length ? Math.max(...v) : Number.NaN
    }
    out['migration.count'] = ms.length
    out['migration.refused'] = rec.counters.get('migration.refused') ?? 0
    out['migration.abandoned'] = rec.counters.get('migration.abandoned') ?? 0
    stats(
      'migration.freeze',
      ms.map((m) => m.freeze),
    )
    stats(
      'migration.total',
      ms.map((m) => m.total),
    )
    stats(
      'migration.bytes',
      ms.map((m) => m.bytes.total),
    )
    out['migration.faults'] = ms.reduce((a, m) => a + m.pageFaults, 0)
    out['migration.control.messages'] = ms.reduce((a, m) => a + m.controlMessages, 0)
    out['migration.control.bytes'] = ms.reduce((a, m) => a + m.controlBytes, 0)
    const effects = ms.flatMap((m) => m.connections)
    stats(
      'connection.outage.in',
      effects.map((e) => e.outageIn ?? Number.NaN),
    )
    stats(
      'connection.outage.out',
      effects.map((e) => e.outageOut ?? Number.NaN),
    )
    stats(
      'connection.outage',
      // A direction that carries no data has no outage; the connection's is that of the other.
      effects.map((e) => {
        const d = [e.outageIn, e.outageOut].filter((x): x is number => x !== null)
        return d.length > 0 ? Math.max(...d) : Number.NaN
      }),
    )
    stats(
      'connection.stretch',
      effects.map((e) => e.stretchAfter ?? Number.NaN),
    )
    out['connection.lost'] = effects.reduce((a, e) => a + e.lost, 0)
    out['connection.retransmissions'] = rec.sessions.reduce((a, s) => a + s.retransmissions, 0)
    out['connection.resets'] = rec.sessions.reduce((a, s) => a + s.resets, 0)
    out['connection.timeouts'] = rec.sessions.reduce((a, s) => a + s.timeouts, 0)
    out['connection.reconnects'] = rec.sessions.reduce((a, s) => a + s.reconnects, 0)
    out['connection.broken'] = effects.filter((e) => e.broken).length
    const deps = rec.residuals
    out['residual.dependencies'] = deps.length
    out['residual.permanent'] = deps.filter((d) => d.until === null).length
    const finite = deps.filter((d) => d.until !== null).map((d) => (d.until as number) - d.from)
    out['residual.duration.mean'] = finite.length ? finite.reduce((a, b) => a + b, 0) / finite.length : 0
    out['control.messages'] = rec.control.length
    out['control.bytes'] = rec.control.reduce((a, c) => a + c.bytes, 0)
    const dead = [...this.world.processes.values()].filter((p) => !p.alive).length
    out['process.died'] = dead
  }
}

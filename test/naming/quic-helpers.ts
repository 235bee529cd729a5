// Drives a world by hand for architecture tests in which the process is the client: it connects
// to an echo service on the remote peer (listenAtPeer) and sends a message every `every` ns; the
// times echoes come back are recorded.
import { MS, type Time } from '../../src/engine/core'
import { scheduleFailures, scheduleMigrations } from '../../src/engine/proc/triggers'
import { buildWorld } from '../../src/engine/run/simulate'
import type { ScenarioSpec } from '../../src/engine/scenario/spec'
import type { World } from '../../src/engine/sim/world'
import type { Stream } from '../../src/engine/transport/stream'
import { job } from '../sim/fixtures'

export const ECHO_PORT = 7000

export function processAsClient(
  spec: ScenarioSpec,
  architecture: string,
  mechanism = 'eager-all',
  every: Time = 50 * MS,
) {
  const { world } = buildWorld(spec, job(architecture, mechanism))
  const p = world.process('shell')
  const remote = world.node('remote')
  world.arch.listenAtPeer(remote, ECHO_PORT, (s) => {
    s.app = { onMessage: (conn, tag, bytes) => conn.send(bytes, tag) }
  })
  const echoes: Time[] = []
  let stream: Stream | null = null
  world.sched.call(0, () =>
    world.arch.connectFromProcess(p, remote, ECHO_PORT, {
      onConnected: (s) => (stream = s),
      onMessage: () => echoes.push(world.now),
    }),
  )
  let n = 0
  const tick = () => {
    if (stream?.isOpen && p.alive && p.phase !== 'frozen' && p.phase !== 'transferring') stream.send(64, n++)
    world.sched.call(world.now + every, tick)
  }
  world.sched.call(every, tick)
  scheduleMigrations(world)
  scheduleFailures(world)
  return {
    world,
    echoes,
    run: (until: Time) => world.sched.run({ until }),
  }
}

/** The longest gap between consecutive echoes that spans time `t`. */
export function gapAround(times: Time[], t: Time): Time {
  for (let i = 1; i < times.length; i++) if (times[i - 1] <= t && times[i] > t) return times[i] - times[i - 1]
  return Number.NaN
}

/** Control messages of a migration, in order. */
export function sequence(world: World, migration = 0): string[] {
  return world.recorder.control.filter((c) => c.migration === migration).map((c) => c.what)
}

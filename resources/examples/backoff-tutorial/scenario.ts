// @ts-nocheck: 'miglab' exists only in the sandbox; the editor checks this file against the shipped typings.
// Why TCP back-off dominates (MODELS.md §1.3): moving the shell eagerly over a 10 Mbit/s LAN
// freezes it for about M/B. A segment the user sends during the freeze is lost; under plain
// re-routing the connection recovers only at the user's next retransmission, which backs off
// exponentially from RTO = 1 s (1, 3, 7, 15 s ...). TCP Migrate's SYN exchange restarts transmission
// right after the move. The sweep grows the address space, and with it the freeze.
import { dist, scenario } from 'miglab'

const s = scenario()

// A user who types a command every 4 s (at 4, 8, 12 ... s); the move starts just before the
// keystroke at 12 s, so that keystroke is lost in the freeze and every outage starts with it.
s.interactive('typing', { process: 'shell', client: 'user', thinkTime: dist.constant('4s') })
s.migrate('shell', { to: 'ws2', at: '11.9s' })

s.compare({
  architectures: ['arp-takeover', 'mobile-ipv4', 'tcp-migrate'],
  mechanisms: ['eager-all'],
  baseline: { architecture: 'arp-takeover', mechanism: 'eager-all' },
})
s.sweep('processes.shell.memory.size', ['600kB', '1500kB', '3MB', '5MB', '9MB'])
s.transport({ preset: 'rfc' })
s.replications(1)
s.metrics('connection.outage.mean', 'migration.freeze.mean')
s.figure({ kind: 'metric-vs-parameter', metric: 'connection.outage.mean', parameter: 'processes.shell.memory.size' })
s.figure({ kind: 'metric-vs-parameter', metric: 'migration.freeze.mean', parameter: 'processes.shell.memory.size' })

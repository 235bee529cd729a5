// `miglab demo`: why TCP back-off dominates migration outages (MODELS.md §1.3, V2), computed on
// the engine's scheduler: a sender whose segment is lost at t = 0 retransmits on an exponentially
// backed-off timer; the path is usable again after a gap F; the first retransmission at or after F
// gets through.

import { formatDuration, type Handler, parseDuration, Scheduler, Timer } from '../engine/core'

class BackoffSender implements Handler {
  hid = -1
  rto: number
  resumedAt = -1
  private readonly timer: Timer
  constructor(
    private readonly sched: Scheduler,
    initialRto: number,
    private readonly pathBackAt: number,
  ) {
    this.rto = initialRto
    this.timer = new Timer(sched, this, 0)
    this.timer.set(this.rto)
  }
  handle(): void {
    if (this.sched.now >= this.pathBackAt) {
      this.resumedAt = this.sched.now
      return
    }
    this.rto *= 2
    this.timer.set(this.rto)
  }
}

export function backoffTable(gaps: string[], rto = '1s'): { gap: string; resume: string; idleAfterGap: string }[] {
  return gaps.map((g) => {
    const gap = parseDuration(g)
    const sched = new Scheduler()
    const s = new BackoffSender(sched, parseDuration(rto), gap)
    sched.run()
    return { gap: g, resume: formatDuration(s.resumedAt), idleAfterGap: formatDuration(s.resumedAt - gap) }
  })
}

export function runBackoffDemo(out: (line: string) => void): void {
  out('Why TCP back-off dominates migration outages (MODELS.md §1.3, case V2; RTO 1 s)')
  out('A segment is lost at t = 0 when the process freezes; the path works again after the gap.')
  out('')
  out('| path gap | first retransmission that gets through | idle after the gap |')
  out('|---:|---:|---:|')
  for (const row of backoffTable(['500ms', '2.5s', '3.2s', '10s', '20s'])) {
    out(`| ${row.gap} | ${row.resume} | ${row.idleAfterGap} |`)
  }
  out('')
  out(
    `A 3.2 s freeze costs ${backoffTable(['3.2s'])[0].resume} of silence: most of the outage is the timer, not the move.`,
  )
}

// A signalling message sent until it is answered: a first timeout doubled after each attempt
// (exponential back-off, as TCP's SYN and the HIP, FARA and DNS-update exchanges MigLab models
// do), and a bounded number of retransmissions, after which the exchange has failed.

import { type Handler, type Scheduler, type Time, Timer } from '../../core'

export class Retransmission implements Handler {
  hid = -1
  private readonly timer: Timer
  private timeout: Time = 0
  private attempts = 0

  /**
   * @param first timeout after the first transmission
   * @param retries retransmissions before the exchange fails
   * @param send transmits the message (attempt 1 is the first transmission)
   * @param failed called once the last retransmission went unanswered
   */
  constructor(
    sched: Scheduler,
    private readonly first: Time,
    private readonly retries: number,
    private readonly send: (attempt: number) => void,
    private readonly failed: () => void,
  ) {
    this.timer = new Timer(sched, this, 0)
  }

  /** Sends the first copy and arms the timer. */
  start(): void {
    this.attempts = 0
    this.timeout = this.first
    this.transmit()
  }

  /** The answer arrived (or the exchange was abandoned): no more copies. False if it had stopped already. */
  stop(): boolean {
    const waiting = this.timer.armed
    this.timer.cancel()
    return waiting
  }

  handle(): void {
    if (this.attempts > this.retries) {
      this.failed()
      return
    }
    this.transmit()
  }

  private transmit(): void {
    this.attempts++
    this.timer.set(this.timeout)
    this.timeout *= 2
    this.send(this.attempts)
  }
}

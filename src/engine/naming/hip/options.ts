// HIP's options (architectureOptions.hip): the CPU cost of its cryptography, the puzzle, the
// retransmission of control packets, credit-based authorisation, and whether a verified locator
// change restarts transport retransmission.

import { MS, SECOND, type Time, US } from '../../core'
import { OptionReader } from '../option-reader'

export interface HipOptions {
  /** One private-key signature (RSA-2048) on the reference machine. */
  signCost: Time
  /** One signature verification. */
  verifyCost: Time
  /** One Diffie-Hellman key agreement (1536-bit MODP). */
  dhCost: Time
  /** One attempt at the puzzle (a SHA-256 hash); solving takes 2^K attempts on average. */
  hashTime: Time
  /** Puzzle difficulty #K a responder sets in R1 (RFC 7401 §4.1.2). */
  puzzleDifficulty: number
  /** First retransmission timeout of I1, I2 and UPDATE, doubled after each retransmission. */
  controlTimeout: Time
  /** Retransmissions before an exchange fails. */
  controlRetries: number
  /** Credit-based authorisation (RFC 8046 §3.3.2): factor and interval of credit aging. */
  creditAgingFactor: number
  creditAgingInterval: Time
  /**
   * When a peer verifies a mover's new locator, its TCP connections over the association
   * retransmit at once instead of waiting for their (backed-off) timers. RFC 8046 does not ask for
   * it; some stacks signal the transport on a locator change (MODELS.md §1.3).
   */
  restartTransport: boolean
}

const KNOWN = [
  'signCost',
  'verifyCost',
  'dhCost',
  'hashTime',
  'puzzleDifficulty',
  'controlTimeout',
  'controlRetries',
  'creditAgingFactor',
  'creditAgingInterval',
  'restartTransport',
] as const

export function hipOptions(raw: Record<string, unknown>): HipOptions {
  const o = new OptionReader('hip', raw, KNOWN)
  const hour = 3600 * SECOND
  return {
    // Defaults: RSA-2048 sign ≈ 2 ms and verify ≈ 0.1 ms, a 1536-bit modular exponentiation ≈ 2 ms,
    // SHA-256 of a puzzle ≈ 1 µs on the reference machine.
    signCost: o.duration('signCost', '2ms', 0, hour),
    verifyCost: o.duration('verifyCost', '100us', 0, hour),
    dhCost: o.duration('dhCost', '2ms', 0, hour),
    hashTime: o.duration('hashTime', '1us', 0, SECOND),
    // A responder not under attack keeps K low; 10 costs the initiator ~1 ms at 1 µs a hash.
    puzzleDifficulty: o.integer('puzzleDifficulty', 10, 0, 40),
    // RFC 7401 leaves the timer to implementations; HIPL retransmits after 1 s, up to 5 times.
    controlTimeout: o.duration('controlTimeout', '1s', 1 * MS, hour),
    controlRetries: o.integer('controlRetries', 5, 0, 20),
    // MigLab's defaults: credit decays by 1/8 every 5 s.
    creditAgingFactor: o.number('creditAgingFactor', 0.875, 0, 1),
    creditAgingInterval: o.duration('creditAgingInterval', '5s', 1 * US, hour),
    restartTransport: o.boolean('restartTransport', false),
  }
}

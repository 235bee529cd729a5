// FARA's options (architectureOptions.fara): the cost of authenticating a directive update, the
// retransmission of updates, and whether the cluster's domain hides its hosts behind an M-agent.

import { MS, type Time } from '../../core'
import { OptionReader } from '../option-reader'

export interface FaraOptions {
  /** Computing or checking one update's HMAC with the association's key, on the reference machine. */
  authCost: Time
  /** First retransmission timeout of an update, doubled after each retransmission. */
  controlTimeout: Time
  /** Retransmissions before an update is given up. */
  controlRetries: number
  /** Route the cluster's entities through an M-agent that hides their hosts (M-FARA). */
  mAgent: boolean
}

export function faraOptions(raw: Record<string, unknown>): FaraOptions {
  const o = new OptionReader('fara', raw, ['authCost', 'controlTimeout', 'controlRetries', 'mAgent'])
  const hour = 3600e9
  return {
    authCost: o.duration('authCost', '10us', 0, hour),
    controlTimeout: o.duration('controlTimeout', '1s', 1 * MS, hour),
    controlRetries: o.integer('controlRetries', 5, 0, 20),
    mAgent: o.boolean('mAgent', false),
  }
}

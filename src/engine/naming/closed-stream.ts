// A stream that never opened: what a failed connection attempt hands to the application's
// callbacks (a name that did not resolve, a refused association).
import type { Stream } from '../transport/stream'

export const CLOSED_STREAM: Stream = {
  send() {},
  close() {},
  abort() {},
  isOpen: false,
  app: null,
  label: 'closed',
}

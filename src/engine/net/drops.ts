// Why packets die. Every drop is counted by reason, and handed to an observer when one listens
// (the metrics layer turns them into timeline points and per-connection loss).

export const DROP_REASONS = [
  'queue',
  'loss',
  'no-route',
  'ttl',
  'no-endpoint',
  'link-down',
  'node-down',
  'arp-failure',
  'frozen',
  'filtered',
] as const
export type DropReason = (typeof DROP_REASONS)[number]

export function emptyDropCounts(): Record<DropReason, number> {
  const c = {} as Record<DropReason, number>
  for (const r of DROP_REASONS) c[r] = 0
  return c
}

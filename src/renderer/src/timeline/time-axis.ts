// The time strip's axis: a 1-2-5 step that gives about ten ticks over the run, in nanoseconds.

export function niceStep(end: number): number {
  const raw = end / 10
  const power = 10 ** Math.floor(Math.log10(raw))
  const m = raw / power
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power
}

export function ticks(end: number, step: number): number[] {
  const out: number[] = []
  for (let t = 0; t <= end + step / 1000; t += step) out.push(Math.round(t))
  return out
}

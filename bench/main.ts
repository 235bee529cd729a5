// `npm run bench -- NAME [--key=value ...]`: runs a named benchmark and prints RESULT lines.
import { parseArgs } from './args'
import { benchHold } from './hold'
import { benchRing } from './ring'
import { benchSweep } from './sweep'
import { benchTimeline } from './timeline'

const BENCHMARKS: Record<
  string,
  { about: string; run: (flags: ReturnType<typeof parseArgs>['flags']) => void | Promise<void> }
> = {
  hold: {
    about: 'event queue + dispatch, hold model at 1e3/1e5/1e6 pending (--n, --steps, --seed, --reps)',
    run: benchHold,
  },
  ring: {
    about:
      'RING-UDP packet forwarding beside ns-3 (--size=small|medium|large, or --routers --hosts --flows --pkts --seed; --reps; --peer=none)',
    run: benchRing,
  },
  sweep: {
    about: 'a study sweep on 1 and 2 workers, and the per-job overhead of pool and sandbox (--example, --replications)',
    run: benchSweep,
  },
  timeline: {
    about:
      'the run view on a million-record run beside a small one: service window calls, then time to first render and frame times while zooming in headless Chromium (--reps)',
    run: benchTimeline,
  },
}

async function main(argv: string[]): Promise<number> {
  const { positional, flags } = parseArgs(argv)
  const names = positional.length > 0 ? positional : Object.keys(BENCHMARKS)
  for (const name of names) {
    const b = BENCHMARKS[name]
    if (!b) {
      console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(', ')}`)
      return 2
    }
    console.log(`# ${name}: ${b.about}`)
    await b.run(flags)
  }
  return 0
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e))
    process.exitCode = 1
  },
)

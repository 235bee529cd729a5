// `npm run bench -- NAME [--key=value ...]`: runs a named benchmark and prints RESULT lines.
import { parseArgs } from './args'
import { benchHold } from './hold'
import { benchRing } from './ring'

const BENCHMARKS: Record<string, { about: string; run: (flags: ReturnType<typeof parseArgs>['flags']) => void }> = {
  hold: {
    about: 'event queue + dispatch, hold model at 1e3/1e5/1e6 pending (--n, --steps, --seed, --reps)',
    run: benchHold,
  },
  ring: {
    about:
      'RING-UDP packet forwarding beside ns-3 (--size=small|medium|large, or --routers --hosts --flows --pkts --seed; --reps; --peer=none)',
    run: benchRing,
  },
}

function main(argv: string[]): number {
  const { positional, flags } = parseArgs(argv)
  const names = positional.length > 0 ? positional : Object.keys(BENCHMARKS)
  for (const name of names) {
    const b = BENCHMARKS[name]
    if (!b) {
      console.error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHMARKS).join(', ')}`)
      return 2
    }
    console.log(`# ${name}: ${b.about}`)
    b.run(flags)
  }
  return 0
}

process.exitCode = main(process.argv.slice(2))

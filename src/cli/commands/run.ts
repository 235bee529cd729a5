// `miglab run SPEC [--arch ID] [--mechanism ID] [--seed N] [--set path=value ...] [--json]`: one
// job of a study (its first sweep point and replication unless told otherwise), run in this
// process; prints its summary metrics and per-migration records.
import type { Command } from 'commander'

export interface RunCommandOptions {
  arch?: string
  mechanism?: string
  seed?: string
  set?: string[]
  point?: string
  replication?: string
  json?: boolean
}

export function registerRun(program: Command, workerFile: string): void {
  program
    .command('run')
    .description('run one job of a study and print its metrics and migrations')
    .argument('<spec>', 'a project folder, a scenario .ts script or a spec .json file')
    .option('--arch <id>', 'naming architecture (default: the first compared)')
    .option('--mechanism <id>', 'migration mechanism (default: the first compared)')
    .option('--seed <n>', 'seed of the run (default: derived from the study seed and the replication)')
    .option('--point <n>', 'sweep point index (default 0)')
    .option('--replication <n>', 'replication number (default 0)')
    .option('--set <path=value...>', 'set a spec value, e.g. --set topology.links.wan.latency=50ms')
    .option('--json', 'print the whole RunResult as JSON')
    .action(async (spec: string, options: RunCommandOptions) => {
      const { runCommand } = await import('../run-one')
      await runCommand(spec, options, workerFile)
    })
}

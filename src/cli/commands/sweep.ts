// `miglab sweep SPEC [--workers N] [--shard i/n] [--out DIR]`: every job of a study, on a pool of
// worker threads, into a results store (the project's, unless --out is given). Jobs already in the
// store are skipped, so an interrupted sweep resumes where it stopped.
// `miglab merge DIR... --out DIR`: joins the stores of shards run on several machines.
import type { Command } from 'commander'

export interface SweepCommandOptions {
  workers?: string
  shard?: string
  out?: string
  jobTimeout?: string
  quiet?: boolean
}

export function registerSweep(program: Command, files: { scenarioWorker: string; runWorker: string }): void {
  program
    .command('sweep')
    .description('run every job of a study into a results store (resumable)')
    .argument('<spec>', 'a project folder, a scenario .ts script or a spec .json file')
    .option('--workers <n>', 'worker threads (default: the number of CPUs)')
    .option('--shard <i/n>', 'run only the i-th of n interleaved parts (for batch schedulers)')
    .option('--out <dir>', "results folder (default: the project's results/, or <spec>.results next to a file)")
    .option('--job-timeout <seconds>', 'wall-clock limit per job (default 600)')
    .option('--quiet', 'no progress output')
    .action(async (spec: string, options: SweepCommandOptions) => {
      const { sweepCommand } = await import('../sweep-all')
      await sweepCommand(spec, options, files)
    })

  program
    .command('merge')
    .description('join the results folders of shards into one')
    .argument('<dirs...>', 'results folders written by `miglab sweep --shard`')
    .requiredOption('--out <dir>', 'the merged results folder')
    .action(async (dirs: string[], options: { out: string }) => {
      const { mergeCommand } = await import('../sweep-all')
      mergeCommand(dirs, options.out)
    })
}

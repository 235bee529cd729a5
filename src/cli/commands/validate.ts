// `miglab validate SPEC`: checks a study without running it (the work is in ../validate-spec.ts).
import type { Command } from 'commander'

/** `workerFile`: the built scenario-worker.js, next to the CLI's entry file. */
export function registerValidate(program: Command, workerFile: string): void {
  program
    .command('validate')
    .description('check a scenario without running it (exit code 1: errors, 2: unreadable)')
    .argument('<spec>', 'a project folder, a scenario .ts script or a spec .json file')
    .option('--json', 'print the validated spec, defaults filled in, as JSON')
    .action(async (spec: string, options: { json?: boolean }) => {
      const { validateCommand } = await import('../validate-spec')
      await validateCommand(spec, options, workerFile)
    })
}

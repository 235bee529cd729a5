#!/usr/bin/env node
// `miglab`: the headless side of MigLab. Every command prints errors to stderr with a non-zero
// exit code and says where the problem is.
import { Command } from 'commander'
import { ENGINE_VERSION } from '../engine/version'
import { runBackoffDemo } from './demo-backoff'

const program = new Command()
program
  .name('miglab')
  .description('MigLab: process migration and Internet naming, simulated')
  .version(ENGINE_VERSION, '-V, --version', 'print the engine version')
  .showHelpAfterError()

program
  .command('demo')
  .description('run the newest headless demonstration')
  .action(() => {
    runBackoffDemo((line) => console.log(line))
  })

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`miglab: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})

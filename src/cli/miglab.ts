#!/usr/bin/env node
// `miglab`: the headless side of MigLab, one module per command in commands/. Every command
// prints errors to stderr with a non-zero exit code and says where the problem is.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Command } from 'commander'
import { ENGINE_VERSION } from '../engine/version'
import { registerDemo } from './commands/demo'
import { registerList } from './commands/list'
import { registerReport } from './commands/report'
import { registerRun } from './commands/run'
import { registerSchema } from './commands/schema'
import { registerSelftest } from './commands/selftest'
import { registerServe } from './commands/serve'
import { registerSweep } from './commands/sweep'
import { registerValidate } from './commands/validate'

const program = new Command()
program
  .name('miglab')
  .description('MigLab: process migration and Internet naming, simulated')
  .version(ENGINE_VERSION, '-V, --version', 'print the engine version')
  .showHelpAfterError()

registerDemo(program)
registerList(program)
registerSchema(program)
registerSelftest(program)
// The workers are built next to this entry (vite.cli.config.ts), not next to the chunks using them.
const here = dirname(fileURLToPath(import.meta.url))
const scenarioWorker = join(here, 'scenario-worker.js')
registerValidate(program, scenarioWorker)
registerRun(program, scenarioWorker)
const runWorker = join(here, 'run-worker.js')
registerSweep(program, { scenarioWorker, runWorker })
registerReport(program, runWorker)
registerServe(program, { scenarioWorker, runWorker: join(here, 'run-worker.js'), packageRoot: join(here, '..', '..') })

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`miglab: ${err instanceof Error ? err.message : String(err)}`)
  process.exitCode = 1
})

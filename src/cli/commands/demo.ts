// `miglab demo`: the newest headless demonstration (today: TCP back-off and migration outages).
import type { Command } from 'commander'
import { runBackoffDemo } from '../demo-backoff'

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run the newest headless demonstration')
    .action(() => {
      runBackoffDemo((line) => console.log(line))
    })
}

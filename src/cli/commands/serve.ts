// `miglab serve [--port N] [--host H] [--root DIR]`: the lab service over a WebSocket with the
// built app on the same port, so MigLab runs in a browser against this machine's projects (a lab
// machine, a browser test). Prints the URL to open, with the per-start token in it, as notebook
// servers do. The work is in ../serve-lab.ts, loaded only when the command runs.
import type { Command } from 'commander'

export interface ServeCommandOptions {
  port: string
  host: string
  root?: string
  workers?: string
}

export interface ServeFiles {
  scenarioWorker: string
  runWorker: string
  /** The installed package: out/renderer, resources/ and package.json are found from it. */
  packageRoot: string
}

export const DEFAULT_PORT = 8420

export function registerServe(program: Command, files: ServeFiles): void {
  program
    .command('serve')
    .description('serve the app and the lab service to a browser (loopback only, unless --host says otherwise)')
    .option('--port <n>', 'TCP port (0: any free port)', String(DEFAULT_PORT))
    .option('--host <h>', 'interface to listen on; 0.0.0.0 lets other machines connect (with the token)', '127.0.0.1')
    .option('--root <dir>', 'the folder whose projects the browser may open and save (default: the current folder)')
    .option('--workers <n>', 'worker threads per run (default: the number of CPUs)')
    .action(async (options: ServeCommandOptions) => {
      const { serveCommand } = await import('../serve-lab')
      await serveCommand(options, files)
    })
}

// `miglab report DIR [--out OUT] [--format ...] [--figures ...]`: tables of metrics per
// architecture and mechanism (Markdown on stdout), and with --out the whole report: figures as
// SVG, PDF and PGFPlots, tables as LaTeX, Markdown and CSV, the intrusiveness matrix, report.html
// and report.pdf.
// `miglab bundle DIR --out BUNDLE`: a reproducibility bundle (project, resolved spec, seeds,
// versions, results). `miglab reproduce BUNDLE`: reruns it and says whether every number matches.
import type { Command } from 'commander'

export const REPORT_FORMATS = ['svg', 'pdf', 'tex', 'md', 'csv', 'html'] as const

export function registerReport(program: Command, runWorker: string): void {
  program
    .command('report')
    .description('tables (and with --out, figures and the study report) from a results folder')
    .argument('<dir>', 'a results folder or a project folder')
    .option('--out <dir>', 'write figures, tables, report.html and report.pdf here')
    .option('--format <list>', `comma-separated subset of ${REPORT_FORMATS.join(',')}`)
    .option(
      '--figures <list>',
      'comma-separated figure kinds: outage-freeze,overhead-stacked,metric-bars,paired-difference,metric-vs-parameter,cdf,timeline',
    )
    .option('--metrics <list>', 'comma-separated metrics for the results table')
    .option('--double-column', 'size figures for a double-column width')
    .action(
      async (
        dir: string,
        options: { out?: string; format?: string; figures?: string; metrics?: string; doubleColumn?: boolean },
      ) => {
        const { reportCommand } = await import('../report-all')
        await reportCommand(dir, options)
      },
    )

  program
    .command('bundle')
    .description('write a reproducibility bundle: project, resolved spec, seeds, versions and results')
    .argument('<dir>', 'a results folder or a project folder')
    .requiredOption('--out <dir>', 'the bundle folder to write')
    .action(async (dir: string, options: { out: string }) => {
      const { bundleCommand } = await import('../bundle')
      bundleCommand(dir, options.out)
    })

  program
    .command('reproduce')
    .description('rerun a bundle and report whether every number matches')
    .argument('<bundle>', 'a folder written by `miglab bundle`')
    .option('--workers <n>', 'worker threads (default: the number of CPUs)')
    .action(async (bundle: string, options: { workers?: string }) => {
      const { reproduceCommand } = await import('../bundle')
      await reproduceCommand(bundle, options, runWorker)
    })
}

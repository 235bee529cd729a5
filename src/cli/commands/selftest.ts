// `miglab selftest`: runs the model validation cases of MODELS.md and prints expected against
// simulated values with their tolerances, so users can see why to trust the models.
import type { Command } from 'commander'

export function registerSelftest(program: Command): void {
  program
    .command('selftest')
    .description('run the model validation cases (MODELS.md §7): expected vs simulated, with tolerances')
    .option('--json', 'print the checks as JSON')
    .action(async (options: { json?: boolean }) => {
      const { VALIDATION_CASES } = await import('../../engine/validation/registry')
      const { passes } = await import('../../engine/validation/case')
      const { table } = await import('../format')
      let failed = 0
      const all = []
      for (const c of VALIDATION_CASES) {
        const checks = c.run()
        all.push({ id: c.id, title: c.title, source: c.source, checks: checks.map((k) => ({ ...k, pass: passes(k) })) })
        if (options.json) continue
        console.log(`${c.id}  ${c.title}  [${c.source}]`)
        const rows = [['quantity', 'expected', 'simulated', 'tolerance', '']]
        for (const k of checks) {
          const ok = passes(k)
          if (!ok) failed++
          const u = k.unit ? ` ${k.unit}` : ''
          rows.push([
            `  ${k.quantity}`,
            `${fmt(k.expected)}${u}`,
            `${fmt(k.simulated)}${u}`,
            `±${fmt(k.tolerance)}${u}`,
            ok ? 'ok' : 'FAIL',
          ])
        }
        console.log(table(rows))
        console.log('')
      }
      if (options.json) {
        failed = all.reduce((n, c) => n + c.checks.filter((k) => !k.pass).length, 0)
        console.log(JSON.stringify(all, null, 2))
      } else console.log(failed === 0 ? 'all checks pass' : `${failed} check(s) outside tolerance`)
      if (failed > 0) process.exitCode = 1
    })
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)))
}

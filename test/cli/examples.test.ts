// The bundled examples validate and run from the CLI (one job each).
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { CLI, ensureBuilt } from '../run/helpers'

const EXAMPLES = join('resources', 'examples')
const names = readdirSync(EXAMPLES)

beforeAll(() => ensureBuilt(), 120_000)

describe('bundled examples', () => {
  it('include the founding study, a web server cluster and the back-off tutorial', () => {
    expect(names).toEqual(expect.arrayContaining(['founding-study', 'web-cluster', 'backoff-tutorial']))
  })

  for (const name of names) {
    it(`${name} validates and one of its jobs runs`, () => {
      const dir = join(EXAMPLES, name)
      const v = spawnSync('node', [CLI, 'validate', dir], { encoding: 'utf8' })
      expect(v.status, v.stderr).toBe(0)
      const r = spawnSync('node', [CLI, 'run', dir, '--json'], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 })
      expect(r.status, r.stderr).toBe(0)
      const result = JSON.parse(r.stdout)
      expect(result.status).toBe('ok')
      expect(result.migrations.length).toBeGreaterThan(0)
    }, 120_000)
  }
})

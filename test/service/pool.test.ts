// The simulation pool around Piscina: a worker that fails while it holds no job is reported and
// replaced, and the process (the app, `miglab serve`) goes on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { RunJob } from '../../src/engine/run/result'
import type { ScenarioSpec } from '../../src/engine/scenario/spec'
import { SimulationPool } from '../../src/service/pool'

const dir = mkdtempSync(join(tmpdir(), 'miglab-pool-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('SimulationPool', () => {
  it('reports a worker that throws after its job is done, and runs the next job on a new worker', async () => {
    // A worker entry that answers, then throws from a timer: an error outside any job.
    const worker = join(dir, 'late-throw.mjs')
    writeFileSync(
      worker,
      `export default (task) => {
        setTimeout(() => { throw new Error('late failure in ' + task.key) }, 50)
        return { result: { key: task.key, status: 'ok' }, wallMs: 1 }
      }`,
    )
    const errors: string[] = []
    const pool = new SimulationPool({ workerFile: worker, workers: 1, onWorkerError: (e) => errors.push(e.message) })
    const job = { architecture: 'none', mechanism: 'eager-all' } as unknown as RunJob
    const first = await pool.run({} as ScenarioSpec, job, 'a')
    expect(first.result.status).toBe('ok')
    await expect.poll(() => errors, { timeout: 10_000 }).toEqual(['late failure in a'])
    const second = await pool.run({} as ScenarioSpec, job, 'b')
    expect(second.result).toMatchObject({ key: 'b', status: 'ok' })
    await pool.close()
  })
})

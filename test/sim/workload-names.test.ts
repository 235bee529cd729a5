// Two workloads of one kind in a study: each reports its metrics under its own name, and the
// report names them; a workload alone of its kind keeps the plain `<kind>.<metric>` names.
import { describe, expect, it } from 'vitest'
import { describeMetric } from '../../src/engine/report/metric-names'
import { simulate } from '../../src/engine/run/simulate'
import { interactiveSpec, job } from './fixtures'

const typing = (name: string, mean: string) => ({
  kind: 'interactive' as const,
  name,
  process: 'shell',
  client: 'remote',
  thinkTime: { dist: 'exponential' as const, mean },
})

describe('workload metric names', () => {
  it('a single workload of a kind keeps <kind>.<metric>', () => {
    const r = simulate(interactiveSpec(), job('none', 'eager-all'))
    expect(r.summary['interactive.keystrokes']).toBeGreaterThan(0)
    expect(Object.keys(r.summary).some((k) => k.startsWith('interactive:'))).toBe(false)
  })

  it('two of a kind report under their names, neither overwriting the other', () => {
    const spec = interactiveSpec({ workloads: [typing('fast', '50ms'), typing('slow', '400ms')] })
    const r = simulate(spec, job('none', 'eager-all'))
    expect(r.summary['interactive.keystrokes']).toBeUndefined()
    const fast = r.summary['interactive:fast.keystrokes']
    const slow = r.summary['interactive:slow.keystrokes']
    // 30 s of typing: about 600 keystrokes at 50 ms think time, about 75 at 400 ms.
    expect(fast).toBeGreaterThan(3 * slow)
    expect(describeMetric('interactive:slow.echo.p99')).toMatchObject({
      title: 'Echo latency [slow], p99',
      quantity: 'time',
    })
  })
})

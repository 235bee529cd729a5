// The model validation cases that `miglab selftest` prints, asserted with their tolerances.
import { describe, expect, it } from 'vitest'
import { passes } from '../../src/engine/validation/case'
import { VALIDATION_CASES } from '../../src/engine/validation/registry'

describe('model validation cases (MODELS.md §7)', () => {
  for (const c of VALIDATION_CASES) {
    it(`${c.id}: ${c.title}`, () => {
      for (const k of c.run()) {
        expect(
          passes(k),
          `${k.quantity}: expected ${k.expected} ±${k.tolerance} ${k.unit}, simulated ${k.simulated}`,
        ).toBe(true)
      }
    })
  }
})

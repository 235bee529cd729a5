// The validation cases `miglab selftest` runs, in MODELS.md order.
import type { ValidationCase } from './case'
import { v1, v2 } from './transport'

export const VALIDATION_CASES: readonly ValidationCase[] = [v1, v2]

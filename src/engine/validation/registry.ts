// The validation cases `miglab selftest` runs, in MODELS.md order.
import type { ValidationCase } from './case'
import { v4, v7 } from './migration'
import { v9, v11 } from './naming'
import { v8 } from './quic'
import { v1, v2 } from './transport'

export const VALIDATION_CASES: readonly ValidationCase[] = [v1, v2, v4, v7, v8, v9, v11]

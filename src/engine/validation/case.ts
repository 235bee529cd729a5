// A model validation case (MODELS.md §7): expected values from the formulas or the literature,
// simulated values from the engine, and the tolerance that says whether they agree. `miglab
// selftest` prints them, and the test suite asserts them, from the same code.

export interface Check {
  /** What is compared, e.g. "RTO after the first sample". */
  quantity: string
  expected: number
  simulated: number
  /** Largest accepted |simulated - expected|, in the quantity's unit. */
  tolerance: number
  /** Unit of the numbers, for printing ("ms", "s", "MB", "" ...). */
  unit: string
  /** Why the tolerance is what it is. */
  why?: string
}

export interface ValidationCase {
  id: string
  title: string
  /** Where the expected values come from. */
  source: string
  run(): Check[]
}

export function passes(c: Check): boolean {
  return Math.abs(c.simulated - c.expected) <= c.tolerance
}

// A scenario the engine cannot run, found while building or running it — what the spec validator
// cannot know (a page size that is not a power of two, a policy left with no eligible host, an
// unknown mechanism option). The message names the element, as the validator's errors do.

export class ScenarioError extends Error {
  override name = 'ScenarioError'
}

// The schema's lower bounds for quantities, as the inspector states them (spec.ts enforces the same).
export const BANDWIDTH_MIN = {
  value: Number.MIN_VALUE,
  message: 'a bandwidth must be above zero (nothing could be sent)',
}
export const MTU_MIN = { value: 68, message: 'an MTU must be at least 68B (RFC 791)' }
export const POSITIVE = { value: 1, message: 'must be above zero' }

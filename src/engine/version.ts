// The engine's version: part of every result's key, so a changed engine never reuses old results.
// Bump ENGINE_VERSION whenever a model change can alter any simulated number.
export const ENGINE_VERSION = '0.1.0'

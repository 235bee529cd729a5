// The engine core: time, units, the event queue, the scheduler, timers and random streams.
export * from './queue'
export * from './rng'
export * from './scheduler'
export * from './time'
export * from './timer'
export * from './units'

import { describe, expect, it } from 'vitest'
import {
  formatDuration,
  formatRate,
  formatSize,
  MS,
  parseDuration,
  parseRate,
  parseSize,
  SECOND,
  UnitError,
  US,
} from '../../src/engine/core'

describe('parseDuration', () => {
  it.each([
    ['50us', 50 * US],
    ['50µs', 50 * US],
    ['20ms', 20 * MS],
    ['1.5s', 1.5 * SECOND],
    ['0.1us', 100],
    ['3ns', 3],
    ['2min', 120 * SECOND],
    ['1h', 3600 * SECOND],
    ['1e-3s', MS],
    ['20 ms', 20 * MS],
    ['.5s', SECOND / 2],
  ])('%s -> %d ns', (text, ns) => {
    expect(parseDuration(text)).toBe(ns)
  })

  it('gives exact integers where decimal fractions would drift', () => {
    expect(parseDuration('1.1ms')).toBe(1_100_000)
    expect(parseDuration('0.3s')).toBe(300_000_000)
  })

  it.each([
    ['', /empty/],
    ['20', /no unit/],
    ['-5ms', /negative/],
    ['+5ms', /without a sign/],
    ['5 m', /minutes or metres/],
    ['5MS', /case-sensitive.*"ms"/],
    ['5Mbps', /unit of rate/],
    ['1.5ns', /whole number of nanoseconds/],
    ['ms', /not a duration/],
    ['5 ms extra', /not a duration/],
    ['1e400s', /too large/],
    ['1e6h', /longer than the engine/],
    ['abc', /not a duration/],
  ])('refuses %j', (text, message) => {
    expect(() => parseDuration(text)).toThrow(UnitError)
    expect(() => parseDuration(text)).toThrow(message)
  })

  it('refuses bare numbers and non-strings', () => {
    expect(() => parseDuration(20)).toThrow(/bare number 20/)
    expect(() => parseDuration(undefined)).toThrow(/undefined/)
  })
})

describe('parseRate', () => {
  it.each([
    ['100Mbps', 100e6],
    ['1Gbps', 1e9],
    ['5MB/s', 40e6],
    ['10kbps', 10e3],
    ['10Kbps', 10e3],
    ['2Mb/s', 2e6],
    ['1KiB/s', 8192],
    ['9600bps', 9600],
  ])('%s -> %d bit/s', (text, bps) => {
    expect(parseRate(text)).toBe(bps)
  })

  it.each([
    ['100mbps', /did you mean "Mbps"/],
    ['5KB/s', /ambiguous/],
    ['5MBps', /confused with "Mbps"/],
    ['100', /no unit/],
    ['-1Gbps', /negative/],
    ['5MB', /unit of size/],
  ])('refuses %j', (text, message) => {
    expect(() => parseRate(text)).toThrow(message)
  })
})

describe('parseSize', () => {
  it.each([
    ['1500B', 1500],
    ['64KiB', 65536],
    ['512MB', 512e6],
    ['1.5kB', 1500],
    ['4KiB', 4096],
    ['2GiB', 2 * 1024 ** 3],
  ])('%s -> %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes)
  })

  it.each([
    ['64KB', /ambiguous.*"kB".*"KiB"/],
    ['5Mb', /megabits/],
    ['0.5B', /whole number of bytes/],
    ['12', /no unit/],
    ['-1B', /negative/],
    ['10ms', /unit of duration/],
    ['64kib', /did you mean "KiB"/],
  ])('refuses %j', (text, message) => {
    expect(() => parseSize(text)).toThrow(message)
  })
})

describe('formatting round-trips', () => {
  it.each(['50us', '20ms', '1.5s', '750ns'])('%s', (text) => {
    expect(formatDuration(parseDuration(text))).toBe(text)
  })
  it('formats rates and sizes', () => {
    expect(formatRate(parseRate('100Mbps'))).toBe('100Mbps')
    expect(formatRate(1.5e9)).toBe('1.5Gbps')
    expect(formatSize(512e6)).toBe('512MB')
    expect(formatSize(1500)).toBe('1.5kB')
  })
})

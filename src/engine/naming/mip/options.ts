// Mobile IP's options: architectureOptions["mobile-ipv4"] (RFC 5944, RFC 3024) and
// architectureOptions["mobile-ipv6"] (RFC 6275), read without a world so a spec is checked before
// it runs.

import { SECOND, type Time } from '../../core'
import { OptionReader } from '../option-reader'
import { MAX_BINDING_LIFETIME } from './mobility-header'
import { MAX_LIFETIME } from './registration'

export interface MobileIpv4Options {
  /** Send from the home address through a tunnel to the home agent (RFC 3024). */
  reverseTunnel: boolean
  /** Registration lifetime requested (RFC 5944 §3.3, 16-bit seconds). */
  lifetime: Time
}

export function mobileIpv4Options(raw: Record<string, unknown>): MobileIpv4Options {
  const o = new OptionReader('mobile-ipv4', raw, ['reverseTunnel', 'lifetime'])
  return {
    reverseTunnel: o.boolean('reverseTunnel', false),
    lifetime: o.duration('lifetime', '300s', 1 * SECOND, MAX_LIFETIME),
  }
}

export interface MobileIpv6Options {
  /** Return routability and correspondent bindings. */
  routeOptimization: boolean
  /** Home registration lifetime (RFC 6275 §6.1.7: 16 bits of 4-second units). */
  homeLifetime: Time
}

export function mobileIpv6Options(raw: Record<string, unknown>): MobileIpv6Options {
  const o = new OptionReader('mobile-ipv6', raw, ['routeOptimization', 'homeLifetime'])
  return {
    routeOptimization: o.boolean('routeOptimization', true),
    homeLifetime: o.duration('homeLifetime', '300s', 4 * SECOND, MAX_BINDING_LIFETIME),
  }
}

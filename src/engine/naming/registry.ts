// The naming architectures MigLab implements. Adding one is adding its module, one line here and
// one in ./options.ts (its option reader, which validation uses too): the compiler holds the two
// tables to the same ids.
import { ARCHITECTURES } from '../catalog'
import type { World } from '../sim/world'
import type { NamingArchitecture } from './architecture'
import { ArpTakeover } from './arp-takeover'
import { DemosLinks } from './demos-links'
import { DnsRebinding } from './dns'
import { Fara } from './fara'
import { HipArchitecture } from './hip'
import { Lisp } from './lisp'
import { MobileIpv4 } from './mobile-ipv4'
import { MobileIpv6 } from './mobile-ipv6'
import { NoSupport } from './none'
import { type ImplementedArchitecture, OPTION_CHECKS } from './options'
import { createProxy } from './proxy'
import { QuicArchitecture } from './quic'
import { SctpArchitecture } from './sctp'
import { SpriteHome } from './sprite-home'
import { TcpMigrate } from './tcp-migrate'

type Factory = (world: World, options: Record<string, unknown>) => NamingArchitecture

const FACTORIES: Record<ImplementedArchitecture, Factory> = {
  none: (w, o) => new NoSupport(w, o),
  'demos-links': (w, o) => new DemosLinks(w, o),
  'sprite-home': (w, o) => new SpriteHome(w, o),
  'mobile-ipv6': (w, o) => new MobileIpv6(w, o),
  quic: (w, o) => new QuicArchitecture(w, o),
  sctp: (w, o) => new SctpArchitecture(w, o),
  'mobile-ipv4': (w, o) => new MobileIpv4(w, o),
  'arp-takeover': (w, o) => new ArpTakeover(w, o),
  proxy: (w, o) => createProxy(w, o),
  lisp: (w, o) => new Lisp(w, o),
  hip: (w, o) => new HipArchitecture(w, o),
  'tcp-migrate': (w, o) => new TcpMigrate(w, o),
  dns: (w, o) => new DnsRebinding(w, o),
  fara: (w, o) => new Fara(w, o),
}

export { checkArchitectureOptions } from './options'

const implemented = (id: string): id is ImplementedArchitecture => Object.hasOwn(FACTORIES, id)

/** Ids of the architectures this version implements, in catalog order. */
export const AVAILABLE_ARCHITECTURES: readonly string[] = ARCHITECTURES.map((a) => a.id).filter(implemented)

export function createArchitecture(id: string, world: World): NamingArchitecture {
  if (!implemented(id)) {
    const inCatalog = ARCHITECTURES.some((a) => a.id === id)
    throw new Error(
      inCatalog
        ? `architecture "${id}" is not available in this version; available: ${AVAILABLE_ARCHITECTURES.join(', ')}`
        : `unknown architecture "${id}"; available: ${AVAILABLE_ARCHITECTURES.join(', ')}`,
    )
  }
  const options = world.archOptions(id)
  // The check validation made (constructors read their values with the same reader); it is the
  // only check of an architecture that takes no options.
  OPTION_CHECKS[id](options)
  return FACTORIES[id](world, options)
}

// The infrastructure agents a study can place (the `agents` map of the spec: role -> node), and
// the architectures or mechanisms that use each. The palette offers an agent when one of those is
// available in the running engine (the catalog the service sends), so it never offers an agent
// that nothing in this version would start.
import type { Catalog } from '../../../service/api'

export interface AgentRole {
  role: string
  title: string
  /** Architecture or mechanism ids that run this agent. */
  usedBy: string[]
}

export const AGENT_ROLES: readonly AgentRole[] = [
  { role: 'homeAgent', title: 'Home agent', usedBy: ['mobile-ipv4', 'mobile-ipv6'] },
  { role: 'rendezvousServer', title: 'Rendezvous server', usedBy: ['hip'] },
  { role: 'dnsServer', title: 'DNS server', usedBy: ['dns'] },
  { role: 'mapServer', title: 'Map server', usedBy: ['lisp'] },
  { role: 'proxyItr', title: 'Proxy ingress tunnel router', usedBy: ['lisp'] },
  { role: 'director', title: 'Director', usedBy: ['proxy'] },
  { role: 'quicLoadBalancer', title: 'QUIC load balancer', usedBy: ['quic'] },
  { role: 'ipServer', title: 'IP server (Sprite)', usedBy: ['sprite-home'] },
  { role: 'faraDirectory', title: 'FARA directory', usedBy: ['fara'] },
  { role: 'mAgent', title: 'FARA m-agent', usedBy: ['fara'] },
  { role: 'fileServer', title: 'File server', usedBy: ['flushing'] },
]

export function availableAgents(catalog: Catalog): AgentRole[] {
  const ids = new Set([...catalog.architectures, ...catalog.mechanisms].map((c) => c.id))
  return AGENT_ROLES.filter((a) => a.usedBy.some((id) => ids.has(id)))
}

export function agentTitle(role: string): string {
  return AGENT_ROLES.find((a) => a.role === role)?.title ?? role
}

// Server identity in connection IDs, as QUIC-LB's plaintext algorithm does it
// (draft-ietf-quic-load-balancers §3 "first octet" config rotation bits, §5.2 plaintext server
// ID then nonce): a load balancer that knows the configuration reads which server owns a
// connection from the Destination Connection ID of any packet — no per-connection state.
// An 8-byte ID modelled as a number below 2^53: config id (5 bits) · 2^48 + server id (16 bits)
// · 2^32 + nonce (32 bits). IDs of another config (a client's random Initial ID) are unroutable
// and go to the service's default server.

/** The configuration this cluster's balancer and servers share (any of 0–30; 31 marks "unroutable"). */
export const LB_CONFIG_ID = 1
const CONFIG_UNIT = 2 ** 48
const SERVER_UNIT = 2 ** 32
const MAX_SERVER_ID = 2 ** 16

export function encodeCid(serverId: number, nonce: number): number {
  if (serverId < 0 || serverId >= MAX_SERVER_ID) throw new Error(`QUIC-LB server id ${serverId} does not fit 16 bits`)
  return LB_CONFIG_ID * CONFIG_UNIT + serverId * SERVER_UNIT + (nonce % SERVER_UNIT)
}

/** The server id a CID encodes, or -1 if it is not of this balancer's configuration. */
export function decodeServerId(cid: number): number {
  if (Math.floor(cid / CONFIG_UNIT) !== LB_CONFIG_ID) return -1
  return Math.floor((cid % CONFIG_UNIT) / SERVER_UNIT)
}

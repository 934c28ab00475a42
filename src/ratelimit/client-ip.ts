import { BlockList, isIP } from 'node:net';
import type { ClientAddress } from '../chat/ports.js';

/**
 * A plain address out of a socket or an `x-forwarded-for` entry: IPv4-mapped IPv6 becomes IPv4,
 * brackets, ports and IPv6 zones are dropped. Undefined when it is not an IP address.
 */
export function normalizeAddress(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.split('%')[0]!;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1]!;
  return isIP(address) ? address.toLowerCase() : undefined;
}

/** Entries of TRUSTED_PROXIES that are neither an IP address nor a CIDR; empty when all are fine. */
export function invalidProxyEntries(entries: readonly string[]): string[] {
  return entries.filter((entry) => parseProxyEntry(entry) === undefined);
}

function parseProxyEntry(entry: string): { address: string; prefix?: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [rawAddress, rawPrefix, ...rest] = entry.trim().split('/');
  if (rest.length > 0) return undefined;
  const address = normalizeAddress(rawAddress);
  if (!address) return undefined;
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  if (rawPrefix === undefined) return { address, family };
  if (!/^\d{1,3}$/.test(rawPrefix)) return undefined;
  const prefix = Number(rawPrefix);
  if (prefix > (family === 'ipv4' ? 32 : 128)) return undefined;
  return { address, prefix, family };
}

/** The proxies whose `x-forwarded-for` is believed (TRUSTED_PROXIES), as a node:net BlockList. */
export interface TrustedProxies {
  has(address: string): boolean;
  readonly size: number;
}

/** Builds the set from IPs and CIDRs (validated by the config); an invalid entry throws. */
export function createTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseProxyEntry(entry);
    if (!parsed) throw new Error(`TRUSTED_PROXIES: not an IP address or CIDR: ${entry}`);
    if (parsed.prefix === undefined) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return {
    has: (address) => entries.length > 0 && list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6'),
    size: entries.length,
  };
}

/**
 * The client's IP: the socket peer, unless the peer is a trusted proxy; then `x-forwarded-for` is
 * read from the right, skipping trusted proxies, and the first untrusted address is the client (the
 * entries left of it were written by the client and are never believed). When every hop is trusted
 * the left-most is the client; an unreadable entry stops the walk at the nearest readable hop.
 * Undefined when there is no socket (in-process `fetch`).
 */
export function clientIpOf(client: ClientAddress | undefined, trusted: TrustedProxies): string | undefined {
  const peer = normalizeAddress(client?.peerAddress);
  if (!peer || !trusted.has(peer)) return peer;
  const hops = (client?.forwardedFor ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  let nearest = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) return nearest;
    if (!trusted.has(hop)) return hop;
    nearest = hop;
  }
  return nearest;
}

/**
 * The key the per-IP limit counts under: the IPv4 address, or the /64 of an IPv6 address (one
 * subscriber usually owns a whole /64 and could otherwise rotate addresses freely).
 */
export function ipLimitKey(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  return `${expandIpv6(ip).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, in lower-case hex without leading zeros. */
function expandIpv6(address: string): string[] {
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted) {
    const [b0, b1, b2, b3] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => Number.parseInt(group, 16).toString(16));
}

/**
 * Server IP addresses of a website: one address or a `start-end` range, IPv4 or IPv6, public only.
 * A range is rejected when any address inside it is non-public, not just its ends.
 */
import ipaddr from 'ipaddr.js';
import type { FieldResult } from '../catalog-types.ts';
import { fail, ok } from './result.ts';

/** A blocked address block: first and last address (a number for IPv4, a bigint for IPv6) and its CIDR. */
type Block<N> = readonly [first: N, last: N, name: string];

function v6Block(cidr: string): Block<bigint> {
  const [addr, bits] = ipaddr.IPv6.parseCIDR(cidr);
  const first = v6Value(addr);
  return [first, first + (1n << BigInt(128 - bits)) - 1n, cidr];
}

function v4Block(cidr: string): Block<number> {
  const [address, bits] = cidr.split('/') as [string, string];
  const first = parseIPv4(address);
  if (first < 0) throw new Error(`bad IPv4 block ${cidr}`);
  return [first, first + 2 ** (32 - Number(bits)) - 1, cidr];
}

function v6Value(addr: ipaddr.IPv6): bigint {
  let n = 0n;
  for (const part of addr.parts) n = (n << 16n) | BigInt(part);
  return n;
}

/**
 * Dotted-decimal IPv4 as ipaddr.js's `isValidFourPartDecimal` accepts it (four parts of 1–3
 * decimal digits, no leading zero, each ≤ 255) → its value as an unsigned 32-bit number, or -1.
 * Such a text is already canonical. (Property-tested against ipaddr.js.)
 */
export function parseIPv4(text: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || ++parts > 4) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && octet === 0) return -1;
      octet = octet * 10 + (c - 0x30);
      if (++digits > 3 || octet > 255) return -1;
    } else return -1;
  }
  return parts === 4 ? value : -1;
}

/** IANA special-purpose IPv4 blocks (RFC 6890 and successors) that can never host a filed website. */
const V4_BLOCKED: readonly Block<number>[] = [
  '0.0.0.0/8', // "this network"
  '10.0.0.0/8', // private (RFC 1918)
  '100.64.0.0/10', // carrier-grade NAT (RFC 6598)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation TEST-NET-1
  '192.88.99.0/24', // deprecated 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation TEST-NET-2
  '203.0.113.0/24', // documentation TEST-NET-3
  '224.0.0.0/3', // multicast 224/4, reserved 240/4 and broadcast
].map(v4Block);

/**
 * IPv6: only global unicast space (2000::/3) is public, minus the special blocks inside it that
 * ipaddr.js also classifies as not 'unicast' (documentation, benchmarking, Teredo, 6to4, ORCHID …).
 */
const V6_BLOCKED: readonly Block<bigint>[] = [
  '::/3', // everything below 2000:: (loopback, mapped, NAT64, discard …)
  '4000::/2', // unallocated, unique-local fc00::/7, link-local fe80::/10, multicast ff00::/8
  '8000::/1',
  '2001::/23', // IETF protocol assignments, incl. Teredo, benchmarking, AMT, AS112, ORCHID
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4
  '2620:4f:8000::/48', // AS112 v6
  '3fff::/20', // documentation (RFC 9637)
  '5f00::/16', // segment routing (RFC 9602)
].map(v6Block);

type Parsed =
  | { family: 4; value: number; text: string }
  | { family: 6; parts: readonly number[]; value: bigint; text: string };

function parseAddress(text: string): Parsed | undefined {
  const t = text.trim();
  const v4 = parseIPv4(t);
  if (v4 >= 0) return { family: 4, value: v4, text: t };
  // Zone ids (fe80::1%eth0) belong to link-local addresses, which are rejected anyway.
  if (!t.includes(':') || t.includes('%')) return undefined;
  const parts = parseIPv6(t);
  if (!parts) return undefined;
  let value = 0n;
  for (const part of parts) value = (value << 16n) | BigInt(part);
  return { family: 6, parts, value, text: formatIPv6(parts) };
}

const HEX_ONLY = /^[0-9a-fA-F:]+$/;

/**
 * IPv6 text → its eight groups, or undefined, accepting exactly what ipaddr.js accepts. The plain
 * hexadecimal form is read here; forms with an embedded IPv4 part (`::ffff:1.2.3.4`) go to
 * ipaddr.js. (Property-tested against ipaddr.js.)
 */
export function parseIPv6(text: string): readonly number[] | undefined {
  if (!HEX_ONLY.test(text)) {
    try {
      return ipaddr.IPv6.parse(text).parts;
    } catch {
      return undefined;
    }
  }
  const gap = text.indexOf('::');
  if (gap >= 0 && text.indexOf('::', gap + 1) >= 0) return undefined;
  const head = hexGroups(gap < 0 ? text : text.slice(0, gap));
  const tail = hexGroups(gap < 0 ? '' : text.slice(gap + 2));
  if (!head || !tail) return undefined;
  if (gap < 0) return head.length === 8 ? head : undefined;
  // "::" stands for at least one zero group.
  const zeros = 8 - head.length - tail.length;
  if (zeros < 1) return undefined;
  return [...head, ...new Array<number>(zeros).fill(0), ...tail];
}

/** `1:0:ab` → [1, 0, 0xab]; '' → []; undefined when a group is empty or longer than 4 digits. */
function hexGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && text.charCodeAt(i) !== 0x3a) continue;
    if (i === start || i - start > 4) return undefined;
    groups.push(Number.parseInt(text.slice(start, i), 16));
    start = i + 1;
  }
  return groups;
}

function hex(groups: readonly number[]): string {
  return groups.map((g) => g.toString(16)).join(':');
}

/** RFC 5952 text, as ipaddr.js's toRFC5952String: lower case, the leftmost longest run of ≥ 2 zero groups as "::". */
export function formatIPv6(parts: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < parts.length; ) {
    if (parts[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < parts.length && parts[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return hex(parts);
  return `${hex(parts.slice(0, bestStart))}::${hex(parts.slice(bestStart + bestLength))}`;
}

function blockedBlock(first: Parsed, last: Parsed): string | undefined {
  if (first.family === 4) {
    const end = last.value as number;
    for (const [b0, b1, name] of V4_BLOCKED) if (b0 <= end && b1 >= first.value) return name;
    return undefined;
  }
  const end = last.value as bigint;
  for (const [b0, b1, name] of V6_BLOCKED) if (b0 <= end && b1 >= first.value) return name;
  // Belt and braces for single addresses: ipaddr.js's own classification must agree.
  if (first.value === end) {
    const range = new ipaddr.IPv6([...first.parts]).range();
    if (range !== 'unicast') return range;
  }
  return undefined;
}

const DASHES = /[－–—~～]/g;

/** `42.159.10.20`, `2402:4e00::1`, `211.68.0.100-211.68.0.102` → canonical text, or why not. */
export function checkIpEntry(value: string): FieldResult<string> {
  const v = value.trim().replace(DASHES, '-');
  const dash = v.indexOf('-');
  if (dash >= 0 && v.indexOf('-', dash + 1) >= 0) return fail('ip.format', { value: v });
  const first = parseAddress(dash < 0 ? v : v.slice(0, dash));
  const last = dash < 0 ? first : parseAddress(v.slice(dash + 1));
  if (!first || !last) return fail('ip.format', { value: v });
  if (first.family !== last.family) return fail('ip.range_mixed_family');
  if (first.value > last.value) return fail('ip.range_reversed', { start: first.text, end: last.text });
  const blocked = blockedBlock(first, last);
  if (blocked) return fail(first === last ? 'ip.not_public' : 'ip.range_not_public', { block: blocked });
  return ok(first.value === last.value ? first.text : `${first.text}-${last.text}`);
}

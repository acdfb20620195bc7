/**
 * The IP check as it was before the IPv4 fast path (ipaddr.js for every address, bigint ranges),
 * kept verbatim as the oracle the faster checkIpEntry is property-tested against.
 */
import ipaddr from 'ipaddr.js';
import type { FieldResult } from '../../../src/filing/catalog-types.ts';
import { fail, ok } from '../../../src/filing/validators/result.ts';

type Block = readonly [first: bigint, last: bigint, name: string];

function block(cidr: string): Block {
  const [addr, bits] = ipaddr.parseCIDR(cidr);
  const width = addr.kind() === 'ipv4' ? 32 : 128;
  const first = toBigInt(addr);
  const size = 1n << BigInt(width - bits);
  return [first, first + size - 1n, cidr];
}

function toBigInt(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((n, byte) => (n << 8n) | BigInt(byte), 0n);
}

/** IANA special-purpose IPv4 blocks (RFC 6890 and successors) that can never host a filed website. */
const V4_BLOCKED: readonly Block[] = [
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
].map(block);

/**
 * IPv6: only global unicast space (2000::/3) is public, minus the special blocks inside it that
 * ipaddr.js also classifies as not 'unicast' (documentation, benchmarking, Teredo, 6to4, ORCHID …).
 */
const V6_BLOCKED: readonly Block[] = [
  '::/3', // everything below 2000:: (loopback, mapped, NAT64, discard …)
  '4000::/2', // unallocated, unique-local fc00::/7, link-local fe80::/10, multicast ff00::/8
  '8000::/1',
  '2001::/23', // IETF protocol assignments, incl. Teredo, benchmarking, AMT, AS112, ORCHID
  '2001:db8::/32', // documentation
  '2002::/16', // 6to4
  '2620:4f:8000::/48', // AS112 v6
  '3fff::/20', // documentation (RFC 9637)
  '5f00::/16', // segment routing (RFC 9602)
].map(block);

type Parsed = { addr: ipaddr.IPv4 | ipaddr.IPv6; value: bigint; text: string };

function parseAddress(text: string): Parsed | undefined {
  const t = text.trim();
  // The cheap shape test first: ipaddr.js's validators throw and catch internally on a mismatch.
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(t) && ipaddr.IPv4.isValidFourPartDecimal(t)) {
    const addr = ipaddr.IPv4.parse(t);
    return { addr, value: toBigInt(addr), text: addr.toString() };
  }
  // Zone ids (fe80::1%eth0) belong to link-local addresses, which are rejected anyway.
  if (t.includes(':') && !t.includes('%') && ipaddr.IPv6.isValid(t)) {
    const addr = ipaddr.IPv6.parse(t);
    return { addr, value: toBigInt(addr), text: addr.toRFC5952String() };
  }
  return undefined;
}

function blockedBlock(first: Parsed, last: Parsed): string | undefined {
  const blocks = first.addr.kind() === 'ipv4' ? V4_BLOCKED : V6_BLOCKED;
  const hit = blocks.find(([b0, b1]) => b0 <= last.value && b1 >= first.value);
  if (hit) return hit[2];
  // Belt and braces for single addresses: ipaddr.js's own classification must agree.
  if (first.addr.kind() === 'ipv6' && first.value === last.value && first.addr.range() !== 'unicast') {
    return first.addr.range();
  }
  return undefined;
}

/** `42.159.10.20`, `2402:4e00::1`, `211.68.0.100-211.68.0.102` → canonical text, or why not. */
export function referenceCheckIpEntry(value: string): FieldResult<string> {
  const v = value.trim().replace(/[－–—~～]/g, '-');
  const parts = v.split('-');
  if (parts.length > 2) return fail('ip.format', { value: v });
  const first = parseAddress(parts[0]!);
  const last = parts.length === 2 ? parseAddress(parts[1]!) : first;
  if (!first || !last) return fail('ip.format', { value: v });
  if (first.addr.kind() !== last.addr.kind()) return fail('ip.range_mixed_family');
  if (first.value > last.value) return fail('ip.range_reversed', { start: first.text, end: last.text });
  const blocked = blockedBlock(first, last);
  if (blocked) return fail(first === last ? 'ip.not_public' : 'ip.range_not_public', { block: blocked });
  return ok(first.value === last.value ? first.text : `${first.text}-${last.text}`);
}

/**
 * IP address and network formats: `ipv4`, `ipv6` (as Python's `ipaddress`
 * module parses them, which jsonschema uses) and `cidr` (as `netaddr.IPNetwork`
 * parses it, plus Nova's own extra rules).
 *
 * @module
 */

import { pyIntFromString } from "../pynumber.ts";
import { pySearch } from "../pyregex.ts";

const DECIMAL_OCTET = /^[0-9]{1,3}$/;
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

/**
 * Parse a dotted-quad IPv4 address strictly (four decimal octets, no leading
 * zeros, each at most 255). Returns the address as a 32-bit number, or `null`.
 *
 * @example
 * ```ts
 * parseIPv4("192.168.0.1"); // => 3232235521
 * parseIPv4("192.168.0.01"); // => null
 * ```
 */
export function parseIPv4(text: string): number | null {
  const octets = text.split(".");
  if (octets.length !== 4) return null;
  let value = 0;
  for (const octet of octets) {
    if (!DECIMAL_OCTET.test(octet)) return null;
    if (octet.length > 1 && octet[0] === "0") return null;
    const n = Number(octet);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

/**
 * Parse an IPv6 address (no zone/scope id) following Python's `ipaddress`
 * rules: at most one `::`, 1-4 hex digits per group, an optional trailing
 * dotted-quad. Returns the address as a bigint, or `null`.
 *
 * @example
 * ```ts
 * parseIPv6("2001:db8::1234:0:0:9abc") !== null; // => true
 * parseIPv6("::ffff:192.168.0.1") !== null; // => true
 * parseIPv6("1::2::3"); // => null
 * ```
 */
export function parseIPv6(text: string): bigint | null {
  if (text.includes("%") || text.includes("/")) return null;
  const parts = text.split(":");
  if (parts.length < 3) return null;
  if (parts[parts.length - 1].includes(".")) {
    const v4 = parseIPv4(parts.pop()!);
    if (v4 === null) return null;
    parts.push(((v4 >>> 16) & 0xffff).toString(16), (v4 & 0xffff).toString(16));
  }
  if (parts.length > 9) return null;

  let skip = -1;
  for (let i = 1; i < parts.length - 1; i++) {
    if (parts[i] !== "") continue;
    if (skip !== -1) return null; // more than one '::'
    skip = i;
  }

  let head: string[];
  let tail: string[];
  if (skip !== -1) {
    let hi = skip;
    let lo = parts.length - skip - 1;
    if (parts[0] === "" && --hi !== 0) return null; // lone leading ':'
    if (parts[parts.length - 1] === "" && --lo !== 0) return null; // lone trailing ':'
    if (8 - (hi + lo) < 1) return null;
    head = parts.slice(0, hi);
    tail = lo === 0 ? [] : parts.slice(parts.length - lo);
  } else {
    if (parts.length !== 8 || parts[0] === "" || parts[7] === "") return null;
    head = parts;
    tail = [];
  }

  let value = 0n;
  for (const group of head) {
    if (!HEXTET.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  value <<= BigInt(16 * (8 - head.length - tail.length));
  for (const group of tail) {
    if (!HEXTET.test(group)) return null;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/**
 * An IPv6 address in its canonical text (RFC 5952: lower-case groups without leading zeros, the
 * longest run of two or more zero groups as `::`), as Nova shows a stored one; text that is not
 * an IPv6 address comes back unchanged.
 *
 * @example
 * ```ts
 * canonicalIPv6("0000:0000:0000:0000:0000:babe:220.12.22.2"); // => "::babe:dc0c:1602"
 * canonicalIPv6("2001:DB8:0:0:1:0:0:1"); // => "2001:db8::1:0:0:1"
 * ```
 */
export function canonicalIPv6(text: string): string {
  const value = parseIPv6(text);
  if (value === null) return text;
  const groups = Array.from({ length: 8 }, (_, i) => (value >> BigInt(16 * (7 - i))) & 0xffffn);
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0n) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > bestLength) [best, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(":");
  return `${hex.slice(0, best).join(":")}::${hex.slice(best + bestLength).join(":")}`;
}

/** The `ipv4` format. */
export function isIPv4(value: string): boolean {
  return parseIPv4(value) !== null;
}

/** The `ipv6` format (addresses with a scope id are rejected). */
export function isIPv6(value: string): boolean {
  return parseIPv6(value) !== null;
}

interface Family {
  width: number;
  parse(text: string): bigint | null;
}

const FAMILIES: readonly Family[] = [
  {
    width: 32,
    parse: (text) => {
      const v = parseIPv4(text);
      return v === null ? null : BigInt(v);
    },
  },
  { width: 128, parse: parseIPv6 },
];

// A netmask is contiguous ones from the top; a hostmask contiguous ones from the bottom.
function isMask(value: bigint, width: number): boolean {
  const all = (1n << BigInt(width)) - 1n;
  const inverted = (value ^ all) + 1n;
  const isNetmask = (inverted & (inverted - 1n)) === 0n;
  const isHostmask = ((value + 1n) & value) === 0n;
  return isNetmask || isHostmask;
}

function isNetworkOf(family: Family, address: string, prefix: string): boolean {
  if (family.parse(address) === null) return false;
  const length = pyIntFromString(prefix);
  if (length !== null) return length >= 0n && length <= BigInt(family.width);
  const mask = family.parse(prefix);
  return mask !== null && isMask(mask, family.width);
}

/**
 * The `cidr` format: an IPv4 or IPv6 address, a `/`, and a prefix length or
 * a netmask/hostmask; no whitespace anywhere.
 *
 * @example
 * ```ts
 * isCidr("192.168.10.0/24"); // => true
 * isCidr("10.0.0.0/255.0.0.0"); // => true
 * isCidr("192.168.1.0"); // => false (no prefix)
 * isCidr("192.168.1.0 /24"); // => false (whitespace)
 * ```
 */
export function isCidr(value: string): boolean {
  const slash = value.indexOf("/");
  if (slash === -1) return false;
  if (pySearch("\\s", value)) return false; // Python's Unicode-aware \s
  const address = value.slice(0, slash);
  const prefix = value.slice(slash + 1);
  return FAMILIES.some((family) => isNetworkOf(family, address, prefix));
}

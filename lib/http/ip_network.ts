/**
 * IP addresses and networks as Python's `ipaddress` reads them (`ip_address`, strict
 * `ip_network`): enough to ask whether a peer address lies in a configured range.
 *
 * @module
 */
import { isIPv4, isIPv6 } from "../config/types.ts";

/** An address: its version and its value as an unsigned integer. */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

/** A network: version, prefix length and the (host-bits-free) network address. */
export interface IpNetwork {
  version: 4 | 6;
  prefix: number;
  value: bigint;
}

/**
 * Parse an IPv4 or IPv6 address (no zone, no brackets); null when it is not one.
 *
 * @example
 * ```ts
 * parseIpAddress("192.0.2.1"); // { version: 4, value: 3221225985n }
 * parseIpAddress("::1"); // { version: 6, value: 1n }
 * ```
 */
export function parseIpAddress(text: string): IpAddress | null {
  if (isIPv4(text)) {
    const value = text.split(".").reduce((n, part) => (n << 8n) | BigInt(Number(part)), 0n);
    return { version: 4, value };
  }
  if (!isIPv6(text)) return null;
  // The URL parser knows every IPv6 spelling (`::`, an IPv4 tail); its output is canonical.
  const canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const [head, tail] = canonical.includes("::") ? canonical.split("::") : [canonical, undefined];
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const groups = tail === undefined
    ? left
    : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  if (groups.length !== 8) return null;
  const value = groups.reduce((n, group) => (n << 16n) | BigInt(parseInt(group, 16)), 0n);
  return { version: 6, value };
}

/**
 * Parse a network as Python's strict `ip_network` does: `address[/prefix]`, a bare address being
 * a single-host network. Throws a one-line `Error` for anything else, including host bits set
 * below the prefix.
 *
 * @example
 * ```ts
 * parseIpNetwork("192.168.0.0/24"); // { version: 4, prefix: 24, value: 3232235520n }
 * ```
 */
export function parseIpNetwork(text: string): IpNetwork {
  const slash = text.indexOf("/");
  const address = parseIpAddress(slash < 0 ? text : text.slice(0, slash));
  if (address === null) {
    throw new Error(`${JSON.stringify(text)} does not appear to be an IPv4 or IPv6 network`);
  }
  const bits = address.version === 4 ? 32 : 128;
  const prefixText = slash < 0 ? String(bits) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    throw new Error(`${JSON.stringify(text)}: the prefix length must be 0 to ${bits}`);
  }
  const prefix = Number(prefixText);
  const hostMask = (1n << BigInt(bits - prefix)) - 1n;
  if ((address.value & hostMask) !== 0n) {
    throw new Error(`${JSON.stringify(text)} has host bits set`);
  }
  return { version: address.version, prefix, value: address.value };
}

/** Whether `address` lies in `network` (never across IP versions, as in Python). */
export function networkContains(network: IpNetwork, address: IpAddress): boolean {
  if (network.version !== address.version) return false;
  const bits = network.version === 4 ? 32 : 128;
  const shift = BigInt(bits - network.prefix);
  return (address.value >> shift) === (network.value >> shift);
}

/**
 * `[networks]` options: the networks this port serves in place of Neutron (see `lib/networks/`).
 * Each `network` line is a comma-separated list of `key=value` pairs describing one network and
 * its one IPv4 subnet, checked when the configuration loads so that a bad line stops start-up with
 * one message naming it.
 *
 * @module
 */

import { InvalidValue } from "../errors.ts";
import type { OptionGroup } from "../option.ts";
import { dict, FALSE_SPELLINGS, isIPv4, type OptionType, TRUE_SPELLINGS } from "../types.ts";

/** One configured network and its subnet, as its `network` line spells it, with defaults filled. */
export interface NetworkLine {
  name: string;
  id?: string;
  /** The owning project id; absent for an operator's network. */
  project?: string;
  shared: boolean;
  mtu: number;
  subnet: string;
  subnet_id?: string;
  /** Normalised `a.b.c.d/n`. */
  cidr: string;
  gateway: string | null;
  pools: { start: string; end: string }[];
  dns: string[];
  dhcp: boolean;
}

/**
 * An IPv4 address as an unsigned 32-bit number.
 *
 * @example
 * ```ts
 * ipv4ToNumber("10.0.0.1"); // 167772161
 * ```
 */
export function ipv4ToNumber(text: string): number {
  return text.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

/**
 * The dotted-quad form of an unsigned 32-bit number.
 *
 * @example
 * ```ts
 * numberToIpv4(167772161); // "10.0.0.1"
 * ```
 */
export function numberToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
}

/** An IPv4 CIDR's first address and size. */
export function cidrRange(cidr: string): { first: number; size: number; prefix: number } {
  const [address, bits] = cidr.split("/");
  const prefix = Number(bits);
  const size = 2 ** (32 - prefix);
  const first = Math.floor(ipv4ToNumber(address) / size) * size;
  return { first, size, prefix };
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const pairs = dict(undefined, { separator: "=" });
const KEYS = [
  "name",
  "id",
  "project",
  "shared",
  "mtu",
  "subnet",
  "subnet_id",
  "cidr",
  "gateway",
  "pool",
  "dns",
  "dhcp",
];

function address(key: string, text: string): string {
  if (!isIPv4(text)) throw new InvalidValue(`expected ${key} to be an IPv4 address, got "${text}"`);
  return text;
}

function flag(key: string, text: string): boolean {
  const folded = text.toLowerCase();
  if (TRUE_SPELLINGS.includes(folded)) return true;
  if (FALSE_SPELLINGS.includes(folded)) return false;
  throw new InvalidValue(`expected ${key} to be true or false, got "${text}"`);
}

function parseCidr(text: string): string {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  if (!m || !isIPv4(m[1]) || Number(m[2]) > 30 || Number(m[2]) < 8) {
    throw new InvalidValue(`expected cidr to be an IPv4 network a.b.c.d/8 to /30, got "${text}"`);
  }
  const { first, prefix } = cidrRange(text);
  return `${numberToIpv4(first)}/${prefix}`;
}

/**
 * Parses one `network` line; the subnet's pool defaults to every host address but the gateway.
 *
 * @example
 * ```ts
 * parseNetworkLine("name=private, cidr=10.0.0.0/24, dns=8.8.8.8").pools;
 * // [{ start: "10.0.0.2", end: "10.0.0.254" }]
 * ```
 */
export function parseNetworkLine(text: string): NetworkLine {
  const fields = pairs.parse(text);
  for (const key of Object.keys(fields)) {
    if (!KEYS.includes(key)) {
      throw new InvalidValue(`unknown key "${key}" (expected ${KEYS.join(", ")})`);
    }
  }
  if (!fields.name) throw new InvalidValue("expected a name=NAME pair");
  if (!fields.cidr) throw new InvalidValue("expected a cidr=A.B.C.D/N pair");
  for (const key of ["id", "subnet_id"]) {
    if (fields[key] !== undefined && !UUID.test(fields[key])) {
      throw new InvalidValue(`expected ${key} to be a UUID, got "${fields[key]}"`);
    }
  }
  const cidr = parseCidr(fields.cidr);
  const { first, size } = cidrRange(cidr);
  const inside = (key: string, ip: string) => {
    const n = ipv4ToNumber(ip);
    if (n <= first || n >= first + size - 1) {
      throw new InvalidValue(`expected ${key} ${ip} to be a host address of ${cidr}`);
    }
    return n;
  };
  let gateway: string | null = numberToIpv4(first + 1);
  if (fields.gateway !== undefined) {
    gateway = fields.gateway.toLowerCase() === "none" ? null : address("gateway", fields.gateway);
  }
  if (gateway !== null) inside("gateway", gateway);
  let pools: { start: string; end: string }[];
  if (fields.pool) {
    pools = fields.pool.split("+").map((range) => {
      const [start, end, ...rest] = range.trim().split("-");
      if (rest.length > 0 || end === undefined) {
        throw new InvalidValue(
          `expected pool to be START-END ranges joined by "+", got "${range}"`,
        );
      }
      const a = inside("pool start", address("pool start", start.trim()));
      const b = inside("pool end", address("pool end", end.trim()));
      if (a > b) throw new InvalidValue(`the pool ${range} ends before it starts`);
      if (gateway !== null && a <= ipv4ToNumber(gateway) && ipv4ToNumber(gateway) <= b) {
        throw new InvalidValue(`the pool ${range} holds the gateway ${gateway}`);
      }
      return { start: start.trim(), end: end.trim() };
    });
  } else {
    const low = first + 1, high = first + size - 2;
    const g = gateway === null ? -1 : ipv4ToNumber(gateway);
    const ranges: [number, number][] = g < low || g > high
      ? [[low, high]]
      : [[low, g - 1], [g + 1, high]];
    pools = ranges.filter(([a, b]) => a <= b).map(([a, b]) => ({
      start: numberToIpv4(a),
      end: numberToIpv4(b),
    }));
  }
  let mtu = 1500;
  if (fields.mtu !== undefined) {
    if (!/^\d{3,5}$/.test(fields.mtu) || Number(fields.mtu) < 68 || Number(fields.mtu) > 65535) {
      throw new InvalidValue(`expected mtu to be a number from 68 to 65535, got "${fields.mtu}"`);
    }
    mtu = Number(fields.mtu);
  }
  const line: NetworkLine = {
    name: fields.name,
    shared: fields.shared === undefined ? !fields.project : flag("shared", fields.shared),
    mtu,
    subnet: fields.subnet || `${fields.name}-subnet`,
    cidr,
    gateway,
    pools,
    dns: fields.dns ? fields.dns.split("+").map((d) => address("dns", d.trim())) : [],
    dhcp: fields.dhcp === undefined ? true : flag("dhcp", fields.dhcp),
  };
  if (fields.id) line.id = fields.id.toLowerCase();
  if (fields.subnet_id) line.subnet_id = fields.subnet_id.toLowerCase();
  if (fields.project) line.project = fields.project;
  return line;
}

/** The option type of a `network` line. */
export function networkLine(): OptionType<NetworkLine> {
  return {
    name: "network line",
    parse: (value) =>
      typeof value === "object" && value !== null
        ? value as NetworkLine
        : parseNetworkLine(String(value)),
    render: (value) => JSON.stringify(value),
  };
}

/** `[networks]` options. */
export const networksGroup: OptionGroup = {
  name: "networks",
  options: [
    {
      name: "network",
      type: networkLine(),
      multi: true,
      default: [],
      help: "One network the compute process serves in place of Neutron, with its one IPv4 " +
        "subnet, per line, as comma-separated key=value pairs: name and cidr (required), id " +
        "(a UUID; derived from the name when absent), project (the owning project id; none: " +
        "an operator's network), shared (true unless project is set), mtu (1500), subnet (the " +
        "subnet's name; NAME-subnet), subnet_id, gateway (an address or none; the first host " +
        "address), pool (START-END ranges joined by '+'; every host address but the gateway), " +
        "dns (addresses joined by '+'), dhcp (true). Without any line there is one shared " +
        "network named private: 10.0.0.0/24, gateway 10.0.0.1, DNS 8.8.8.8.",
    },
  ],
};

/**
 * The body of `POST /servers`, already valid against its schema, read into a plain request the
 * way Nova's `ServersController.create` reads it before it looks anything up: names normalized,
 * counts defaulted and compared, the `networks` list checked, `zone:host:node` split, the
 * admin password chosen. Every refusal here is one of Nova's 400s with its message; what needs
 * the image, flavor, keypair or network catalogs is the handler's job.
 *
 * @module
 */
import type { ApiVersion } from "../api_version.ts";
import { NovaFault } from "../../http/fault.ts";
import { isUuidLike } from "../../validation/formats/uuid.ts";

/** One entry of a networks list. */
export interface RequestedNetwork {
  /** The network, unless a port is given. */
  uuid?: string;
  port?: string;
  fixedIp?: string;
  tag?: string;
}

/** What the create body asks for, before lookups. */
export interface CreateRequest {
  name: string;
  /** Before 2.19 Nova records the name as the description. */
  description: string | null;
  /** 2.90+. */
  hostname: string | null;
  /** `""` asks for boot from volume. */
  imageRef: string;
  flavorRef: string;
  adminPass: string;
  metadata: Record<string, string>;
  /** Absent before 2.37 when not given; `auto` / `none` from 2.37. */
  networks: "auto" | "none" | RequestedNetwork[] | undefined;
  userData: string | null;
  keyName: string | null;
  configDrive: boolean;
  /** Names, deduplicated; undefined when none were asked for. */
  securityGroups: string[] | undefined;
  /** As the client sent them (the create response echoes them). */
  securityGroupsAsSent: { name: string }[] | undefined;
  schedulerHints: Record<string, unknown>;
  minCount: number;
  maxCount: number;
  returnReservationId: boolean;
  /** The zone part of `availability_zone` (null: the default schedule zone). */
  availabilityZone: string | null;
  /** Forced by `zone:host[:node]` (admins) or `host` (2.74). */
  forcedHost: string | null;
  forcedNode: string | null;
  /** 2.74 `host` / `hypervisor_hostname`. */
  requestedHost: string | null;
  requestedNode: string | null;
  tags: string[];
  trustedImageCertificates: string[] | null;
  blockDeviceMapping: Record<string, unknown>[];
  accessIpV4: string | null;
  accessIpV6: string | null;
  /** `OS-DCF:diskConfig`: AUTO true, MANUAL false, absent undefined (the image decides). */
  autoDiskConfig?: boolean;
  /** Personality files (before 2.57), as sent. */
  personality: { path: string; contents: string }[];
}

const BOOL_TRUE = ["1", "t", "true", "on", "y", "yes"];

/** oslo's `bool_from_string` (non-strict): true words are true, anything else false. */
export function boolFromString(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return BOOL_TRUE.includes(String(value).trim().toLowerCase());
}

// Nova's default password alphabet: no 0/O, 1/l/I look-alikes.
const PASSWORD_GROUPS = ["23456789", "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz"];

/** A random 12-character password, one of each group first, as Nova's `generate_password`. */
export function generatePassword(length = 12): string {
  const all = PASSWORD_GROUPS.join("");
  const random = (n: number) => crypto.getRandomValues(new Uint32Array(1))[0] % n;
  const chars = PASSWORD_GROUPS.map((g) => g[random(g.length)]);
  while (chars.length < length) chars.push(all[random(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join("");
}

/**
 * Nova's `parse_availability_zone`: `zone`, `zone:host`, `zone:host:node` or `zone::node`.
 *
 * @throws {NovaFault} 400 `Invalid input received: Unable to parse availability_zone` for more
 *   colons.
 */
export function parseAvailabilityZone(
  value: string | null,
): { zone: string | null; host: string | null; node: string | null } {
  if (!value || !value.includes(":")) return { zone: value || null, host: null, node: null };
  const parts = value.split(":");
  if (parts.length === 2) return { zone: parts[0] || null, host: parts[1], node: null };
  if (parts.length === 3) {
    if (value.includes("::")) {
      const [zone, node] = value.split("::");
      return { zone: zone || null, host: null, node };
    }
    return { zone: parts[0] || null, host: parts[1], node: parts[2] };
  }
  throw new NovaFault(400, "Invalid input received: Unable to parse availability_zone");
}

/**
 * Nova's `_get_requested_networks`: ports at most once and never with a fixed IP; without a
 * port, a network uuid is required and must look like a UUID.
 */
export function requestedNetworks(
  networks: unknown,
): "auto" | "none" | RequestedNetwork[] | undefined {
  if (networks === undefined || networks === null) return undefined;
  if (networks === "auto" || networks === "none") return networks;
  const out: RequestedNetwork[] = [];
  const ports = new Set<string>();
  for (const item of networks as Record<string, unknown>[]) {
    const fixedIp = item.fixed_ip as string | undefined;
    const port = item.port as string | null | undefined;
    const tag = item.tag as string | undefined;
    if (port) {
      if (ports.has(port)) {
        throw new NovaFault(
          400,
          `Port ID '${port}' was specified twice: you cannot attach a port multiple times.`,
        );
      }
      if (fixedIp !== undefined) {
        throw new NovaFault(
          400,
          `Specified Fixed IP '${fixedIp}' cannot be used with port '${port}': ` +
            "the two cannot be specified together.",
        );
      }
      ports.add(port);
      out.push({ port, ...(tag !== undefined ? { tag } : {}) });
      continue;
    }
    if (!("uuid" in item)) throw new NovaFault(400, "Bad network format: missing 'uuid'");
    const uuid = item.uuid as string;
    if (!isUuidLike(uuid)) {
      throw new NovaFault(
        400,
        `Bad networks format: network uuid is not in proper format (${uuid})`,
      );
    }
    out.push({
      uuid,
      ...(fixedIp !== undefined ? { fixedIp } : {}),
      ...(tag !== undefined ? { tag } : {}),
    });
  }
  return out;
}

/**
 * Read a valid create body at `version` into a {@link CreateRequest}.
 *
 * @throws {NovaFault} 400 for Nova's checks that come before any lookup (see the module doc).
 */
export function readCreateRequest(body: unknown, version: ApiVersion): CreateRequest {
  const root = body as Record<string, unknown>;
  const s = root.server as Record<string, unknown>;
  const name = (s.name as string).trim();
  const minCount = Number(s.min_count ?? 1);
  const maxCount = Number(s.max_count ?? minCount);
  if (minCount > maxCount) throw new NovaFault(400, "min_count must be <= max_count");
  const groups = s.security_groups as { name?: string }[] | undefined;
  const az = parseAvailabilityZone((s.availability_zone as string | undefined) ?? null);
  const requestedHost = version.atLeast("2.74") ? (s.host as string | undefined) ?? null : null;
  const requestedNode = version.atLeast("2.74")
    ? (s.hypervisor_hostname as string | undefined) ?? null
    : null;
  if ((requestedHost || requestedNode) && (az.host || az.node)) {
    throw new NovaFault(
      400,
      "One mechanism with host and/or hypervisor_hostname and another mechanism with " +
        "zone:host:node are mutually exclusive.",
    );
  }
  const hints = (root["os:scheduler_hints"] ?? root["OS-SCH-HNT:scheduler_hints"] ?? {}) as Record<
    string,
    unknown
  >;
  return {
    name,
    description: version.atLeast("2.19")
      ? (s.description as string | null | undefined) ?? null
      : name,
    hostname: version.atLeast("2.90") ? (s.hostname as string | undefined) ?? null : null,
    imageRef: (s.imageRef as string | undefined) ?? "",
    flavorRef: String(s.flavorRef),
    adminPass: (s.adminPass as string | undefined) ?? generatePassword(),
    metadata: { ...(s.metadata as Record<string, string> | undefined ?? {}) },
    networks: requestedNetworks(s.networks),
    userData: (s.user_data as string | undefined) ?? null,
    keyName: (s.key_name as string | undefined) ?? null,
    configDrive: s.config_drive === undefined ? false : boolFromString(s.config_drive),
    securityGroups: groups === undefined
      ? undefined
      : [...new Set(groups.map((g) => g.name).filter((n): n is string => !!n))],
    securityGroupsAsSent: groups as { name: string }[] | undefined,
    schedulerHints: hints,
    minCount,
    maxCount,
    returnReservationId: s.return_reservation_id === undefined
      ? false
      : boolFromString(s.return_reservation_id),
    availabilityZone: az.zone,
    forcedHost: az.host,
    forcedNode: az.node,
    requestedHost,
    requestedNode,
    tags: version.atLeast("2.52") ? [...(s.tags as string[] | undefined ?? [])] : [],
    trustedImageCertificates: (s.trusted_image_certificates as string[] | null | undefined) ??
      null,
    blockDeviceMapping: [
      ...(s.block_device_mapping_v2 as Record<string, unknown>[] | undefined ?? []),
      ...(s.block_device_mapping as Record<string, unknown>[] | undefined ?? []),
    ],
    accessIpV4: (s.accessIPv4 as string | undefined) ?? null,
    accessIpV6: (s.accessIPv6 as string | undefined) ?? null,
    autoDiskConfig: s["OS-DCF:diskConfig"] === undefined
      ? undefined
      : s["OS-DCF:diskConfig"] === "AUTO",
    personality: version.atLeast("2.57")
      ? []
      : ((s.personality as { path?: string; contents?: string }[] | undefined) ?? []).map((f) => ({
        path: f.path ?? "",
        contents: f.contents ?? "",
      })),
  };
}

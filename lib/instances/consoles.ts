/**
 * A server's consoles, as Nova's compute API and manager serve them: the serial console log
 * (`get_console_output`), remote console URLs with a console auth token (`get_vnc_console`,
 * `get_spice_console`, `get_serial_console`, `get_mks_console`) and the lookup of such a token
 * (`ConsoleAuthToken.validate`).
 *
 * The checks keep Nova's order: the instance needs a host (`InstanceNotReady`, 409); remote
 * consoles refuse a server being deleted or migrated (`InstanceInvalidState`, 409); the console
 * type must be enabled (`ConsoleTypeUnavailable`, 400) and fit the protocol (`ConsoleTypeInvalid`,
 * 400); a server still building has no domain yet (consoles: `InstanceNotReady`; console log:
 * `InstanceNotFound`, 404, as Nova's API turns the driver's error).
 *
 * @module
 */
import { sha256Hex } from "../crypto/sha256.ts";
import type { Config } from "../config/mod.ts";
import { DomainError } from "../errors/mod.ts";
import {
  type ConsoleTokenRecord,
  getConsoleToken,
  putConsoleToken,
} from "../store/console_tokens.ts";
import { bootLog, type GuestFacts, tailLog } from "../virt/boot_log.ts";
import {
  type GuestConsole,
  serialConsole,
  spiceConsole,
  vncConsole,
} from "../virt/guest_consoles.ts";
import { InstanceNotReady } from "./actions.ts";
import type { InstanceDeps } from "./deps.ts";
import { InstanceInvalidState, InstanceNotFound } from "./errors.ts";
import { getServer } from "./read.ts";
import type { Instance } from "./types.ts";

export type { ConsoleTokenRecord } from "../store/console_tokens.ts";

/** Nova's `ConsoleTypeUnavailable` (400): the console kind is disabled. */
export class ConsoleTypeUnavailable extends DomainError {
  constructor(type: string) {
    super("invalid", `Unavailable console type ${type}.`);
  }
}

/** Nova's `ConsoleTypeInvalid` (400): the type does not belong to the protocol. */
export class ConsoleTypeInvalid extends DomainError {
  constructor(type: string) {
    super("invalid", `Invalid console type ${type}`);
  }
}

/** The driver has no such console (Nova's `NotImplementedError`; the API answers 501). */
export class ConsoleNotImplemented extends Error {
  constructor(protocol: string) {
    super(`The simulated libvirt driver has no ${protocol} console`);
    this.name = "ConsoleNotImplemented";
  }
}

/** The console options, read from configuration with {@link consoleSettings}. */
export interface ConsoleSettings {
  vnc: { enabled: boolean; baseUrl: string; proxyHost: string };
  spice: { enabled: boolean; html5BaseUrl: string; directBaseUrl: string; proxyHost: string };
  serial: { enabled: boolean; baseUrl: string; proxyHost: string; portRange: string };
  mks: { enabled: boolean; baseUrl: string };
  /** `[consoleauth] token_ttl`, seconds. */
  tokenTtl: number;
}

/** The console options of `[vnc]`, `[spice]`, `[serial_console]`, `[mks]` and `[consoleauth]`. */
export function consoleSettings(config: Pick<Config, "get">): ConsoleSettings {
  const get = <T>(group: string, name: string) => config.get<T>(group, name);
  return {
    vnc: {
      enabled: get("vnc", "enabled"),
      baseUrl: get("vnc", "novncproxy_base_url"),
      proxyHost: get("vnc", "server_proxyclient_address"),
    },
    spice: {
      enabled: get("spice", "enabled"),
      html5BaseUrl: get("spice", "html5proxy_base_url"),
      directBaseUrl: get("spice", "spice_direct_proxy_base_url"),
      proxyHost: get("spice", "server_proxyclient_address"),
    },
    serial: {
      enabled: get("serial_console", "enabled"),
      baseUrl: get("serial_console", "base_url"),
      proxyHost: get("serial_console", "proxyclient_address"),
      portRange: get("serial_console", "port_range"),
    },
    mks: { enabled: get("mks", "enabled"), baseUrl: get("mks", "mksproxy_base_url") },
    tokenTtl: get("consoleauth", "token_ttl"),
  };
}

/** The remote console protocols (`rdp` is gone with Hyper-V). */
export type ConsoleProtocol = "vnc" | "spice" | "serial" | "mks";

/** Nova's compute API method per protocol, as its 409 messages name it. */
export const CONSOLE_METHOD: Readonly<Record<ConsoleProtocol, string>> = {
  vnc: "get_vnc_console",
  spice: "get_spice_console",
  serial: "get_serial_console",
  mks: "get_mks_console",
};

async function liveServer(kv: Deno.Kv, uuid: string, deps: InstanceDeps): Promise<Instance> {
  const instance = await getServer(kv, uuid, deps);
  if (!instance) throw new InstanceNotFound(uuid);
  return instance;
}

/** Whether the hypervisor has a domain for the server (none while it builds). */
function hasDomain(instance: Instance): boolean {
  return instance.vm_state !== "building";
}

/** What the guest's boot log is made of. */
function guestFacts(
  instance: Instance,
  cidrOf: (subnetId: string) => string | undefined,
): GuestFacts {
  return {
    uuid: instance.uuid,
    hostname: instance.hostname,
    memoryMb: instance.flavor.memory_mb,
    vcpus: instance.flavor.vcpus,
    diskGb: instance.flavor.root_gb,
    bootedAt: new Date(instance.launched_at ?? instance.created_at),
    nics: instance.ports.map((port) => ({
      mac: port.mac_address,
      addresses: port.fixed_ips.map((ip) => {
        const prefix = Number(cidrOf(ip.subnet_id)?.split("/")[1]);
        return { address: ip.ip_address, prefix: Number.isInteger(prefix) ? prefix : undefined };
      }),
    })),
  };
}

/**
 * The guest's console log as Nova's `get_console_output` answers it: the last `length` lines
 * (all for null; see {@link tailLog}). The log grows while the guest runs and stands still once
 * it stops or pauses (at the record's last state change).
 *
 * @example
 * ```ts
 * await consoleOutput(kv, uuid, deps, 10); // "...\nvm1 login: "
 * ```
 */
export async function consoleOutput(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
  length: number | null,
  cidrOf: (subnetId: string) => string | undefined = () => undefined,
): Promise<string> {
  const instance = await liveServer(kv, uuid, deps);
  if (!instance.host) throw new InstanceNotReady(uuid);
  if (!hasDomain(instance)) throw new InstanceNotFound(uuid);
  if (!instance.launched_at) return tailLog("", length);
  const booted = Date.parse(instance.launched_at);
  const until = instance.power_state === 1
    ? deps.clock().getTime()
    : Date.parse(instance.updated_at ?? instance.launched_at);
  const log = bootLog(guestFacts(instance, cidrOf), (until - booted) / 1000);
  return tailLog(log, length);
}

/** The hex SHA-256 of a token, as Nova stores it. */
export function tokenHash(token: string): string {
  return sha256Hex(token);
}

/** Nova's `ConsoleAuthToken.access_url`: noVNC's token goes inside the `path` parameter. */
export function accessUrl(base: string, consoleType: string, token: string): string {
  if (consoleType !== "novnc") return `${base}?token=${token}`;
  const hashAt = base.indexOf("#");
  const fragment = hashAt < 0 ? "" : base.slice(hashAt);
  const noFragment = hashAt < 0 ? base : base.slice(0, hashAt);
  const queryAt = noFragment.indexOf("?");
  const path = queryAt < 0 ? noFragment : noFragment.slice(0, queryAt);
  const params = new URLSearchParams(queryAt < 0 ? "" : noFragment.slice(queryAt + 1));
  params.set("path", `${params.get("path") ?? ""}?token=${token}`);
  return `${path}?${params.toString()}${fragment}`;
}

interface Console {
  connection: GuestConsole;
  base: string;
}

/** The manager's checks and the driver's console for one protocol and type. */
function consoleOf(
  instance: Instance,
  protocol: ConsoleProtocol,
  type: string,
  s: ConsoleSettings,
): Console {
  switch (protocol) {
    case "vnc":
      if (!s.vnc.enabled) throw new ConsoleTypeUnavailable(type);
      if (type !== "novnc") throw new ConsoleTypeInvalid(type);
      return {
        connection: vncConsole(instance.uuid, instance.power_state, s.vnc.proxyHost),
        base: s.vnc.baseUrl,
      };
    case "spice":
      if (!s.spice.enabled) throw new ConsoleTypeUnavailable(type);
      if (type !== "spice-html5" && type !== "spice-direct") throw new ConsoleTypeInvalid(type);
      return {
        connection: spiceConsole(instance.uuid, instance.power_state, s.spice.proxyHost),
        base: type === "spice-direct" ? s.spice.directBaseUrl : s.spice.html5BaseUrl,
      };
    case "serial":
      // Nova's manager does not look at the type of a serial console.
      if (!s.serial.enabled) throw new ConsoleTypeUnavailable(type);
      return {
        connection: serialConsole(instance.uuid, s.serial.portRange, s.serial.proxyHost),
        base: s.serial.baseUrl,
      };
    case "mks":
      if (!s.mks.enabled) throw new ConsoleTypeUnavailable(type);
      if (type !== "webmks") throw new ConsoleTypeInvalid(type);
      throw new ConsoleNotImplemented("mks");
  }
}

/**
 * Authorise a console connection: store a token valid for `[consoleauth] token_ttl` seconds and
 * return the public URL that carries it.
 *
 * @example
 * ```ts
 * const { url } = await authorizeConsole(kv, uuid, deps, settings, "vnc", "novnc");
 * // http://127.0.0.1:6080/vnc_auto.html?path=%3Ftoken%3D...
 * ```
 */
export async function authorizeConsole(
  kv: Deno.Kv,
  uuid: string,
  deps: InstanceDeps,
  settings: ConsoleSettings,
  protocol: ConsoleProtocol,
  type: string,
): Promise<{ url: string; token: string }> {
  const instance = await liveServer(kv, uuid, deps);
  if (!instance.host) throw new InstanceNotReady(uuid);
  if (instance.task_state === "deleting" || instance.task_state === "migrating") {
    throw new InstanceInvalidState(
      CONSOLE_METHOD[protocol],
      uuid,
      "task_state",
      instance.task_state,
    );
  }
  const { connection, base } = consoleOf(instance, protocol, type, settings);
  if (!hasDomain(instance)) throw new InstanceNotReady(uuid);
  const token = crypto.randomUUID();
  const now = deps.clock().getTime();
  const record: ConsoleTokenRecord = {
    token_hash: tokenHash(token),
    console_type: type,
    host: connection.host,
    port: connection.port,
    tls_port: protocol === "spice" ? connection.tlsPort : null,
    internal_access_path: type === "spice-direct" ? null : connection.internalAccessPath,
    instance_uuid: instance.uuid,
    compute_host: instance.host,
    access_url_base: base,
    expires: Math.floor(now / 1000) + settings.tokenTtl,
  };
  await putConsoleToken(kv, record, now);
  return { url: accessUrl(base, type, token), token };
}

/**
 * The connection a token authorises, or null when it is unknown, expired, or its server is gone
 * or has left the host it was on (Nova cleans an instance's tokens when it is deleted or moved).
 */
export async function validateConsoleToken(
  kv: Deno.Kv,
  token: string,
  deps: InstanceDeps,
): Promise<ConsoleTokenRecord | null> {
  const record = await getConsoleToken(kv, tokenHash(token));
  if (!record) return null;
  if (record.expires <= Math.floor(deps.clock().getTime() / 1000)) return null;
  const instance = await getServer(kv, record.instance_uuid, deps);
  if (!instance || instance.host !== record.compute_host) return null;
  return record;
}

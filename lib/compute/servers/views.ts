/**
 * Server views: pure functions of an {@link Instance}, the microversion, the request's link
 * bases and what policy allowed, as Nova's `views/servers.py` builds them. Nothing here reads the
 * store or checks a policy: the handler decides (`ServerViewOptions`) and the view renders.
 *
 * Microversion gates, beside the fields they gate: 2.3 more `OS-EXT-SRV-ATTR:*` and
 * `delete_on_termination`; 2.9 `locked`; 2.16 `host_status`; 2.19 `description`; 2.26 `tags`;
 * 2.47 the flavor embedded; 2.63 `trusted_image_certificates`; 2.71 `server_groups` (show,
 * update); 2.73 `locked_reason`; 2.90 `OS-EXT-SRV-ATTR:hostname` for everyone; 2.96
 * `pinned_availability_zone`; 2.98 image `properties`; 2.100 `scheduler_hints`.
 *
 * @module
 */
import { novaTimestampOrNull } from "../timestamps.ts";
import type { ApiVersion } from "../api_version.ts";
import type { LinkBases } from "../route.ts";
import { collectionLinks, type Link } from "../collection.ts";
import type { Instance } from "../../instances/types.ts";
import { type NetworkNameOf, serverAddresses } from "./addresses.ts";
import { statusFromState } from "./status.ts";
import { canonicalIPv6 } from "../../validation/formats/ip.ts";
import { sha224Hex } from "../../crypto/sha256.ts";
import { emptiedWhenIdle } from "../../caches/mod.ts";

/** The JSON of one server. */
export type ServerView = Record<string, unknown>;

/** Which of Nova's host statuses the caller may see (`show:host_status[:unknown-only]`). */
export type HostStatusVisibility = "all" | "unknown-only" | "none";

/** What the handler decided for this request (policy results and lookups). */
export interface ServerViewOptions {
  /** `os_compute_api:os-extended-server-attributes` passed for this server. */
  extendedAttributes: boolean;
  /** 2.16: which host statuses may be shown. */
  hostStatus: HostStatusVisibility;
  /** 2.47: `os_compute_api:servers:show:flavor-extra-specs` passed. */
  flavorExtraSpecs: boolean;
  /** An admin sees fault details of code 500 too. */
  isAdmin: boolean;
  /** Network id -> name, the label of the addresses. */
  networkName: NetworkNameOf;
  /** A compute host's status (`UP`, `DOWN`, `MAINTENANCE`, `UNKNOWN`); `UP` when absent. */
  hostStatusOf?: (host: string) => string;
  /** 2.98: the image's standard properties, as recorded for the server; `{}` when absent. */
  imageProperties?: (imageId: string) => Record<string, string>;
  /** 2.71: the server's group uuids, for show and update (detail never shows them). */
  serverGroups?: readonly string[];
}

/** The sections of the full view (Nova's `show_*` flags); update before 2.75 turns most off. */
interface Sections {
  extendAddress: boolean;
  az: boolean;
  configDrive: boolean;
  keypair: boolean;
  srvUsg: boolean;
  secGroups: boolean;
  extendedStatus: boolean;
  extendedVolumes: boolean;
  extendedAttributes: boolean;
  hostStatus: boolean;
}

const ALL_SECTIONS: Sections = {
  extendAddress: true,
  az: true,
  configDrive: true,
  keypair: true,
  srvUsg: true,
  secGroups: true,
  extendedStatus: true,
  extendedVolumes: true,
  extendedAttributes: true,
  hostStatus: true,
};

const PROGRESS_STATUSES = ["ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING"];
const FAULT_STATUSES = ["ERROR", "DELETED"];

/** `self` and `bookmark` links of a server. */
export function serverLinks(uuid: string, links: LinkBases): Link[] {
  return [
    { rel: "self", href: `${links.self}/servers/${uuid}` },
    { rel: "bookmark", href: `${links.bookmark}/servers/${uuid}` },
  ];
}

/**
 * Nova's `hostId`: the hex SHA-224 of project id + host name, `""` while the server has no host.
 * It tells a project's servers apart by host without naming the host.
 *
 * @example
 * ```ts
 * hostId("p1", "compute-1"); // 56 hex digits
 * hostId("p1", null); // ""
 * ```
 */
export function hostId(projectId: string, host: string | null): string {
  if (!host) return "";
  const key = `${projectId}\u0000${host}`;
  let id = hostIds.get(key);
  if (id === undefined) {
    id = sha224Hex(projectId + host);
    if (hostIds.size >= HOST_IDS_KEPT) hostIds.clear();
    hostIds.set(key, id);
  }
  return id;
}

/** How many (project, host) hostIds are remembered (a page of servers has few distinct pairs). */
const HOST_IDS_KEPT = 4096;
const hostIds = new Map<string, string>();
emptiedWhenIdle(() => hostIds.clear());

/** The API status of a server (`DELETED` once deleted, else from its states). */
export function serverStatus(instance: Instance): string {
  if (instance.deleted_at !== null) return "DELETED";
  return statusFromState(instance.vm_state, instance.task_state);
}

/** Nova's `utils.isotime`: whole seconds, `Z`. */
export function isoTime(iso: string): string {
  // Stored times are already UTC ISO strings: cut the fraction without a Date round trip (days
  // past the 28th still go through Date, which rolls an impossible one into the next month).
  if (STORED_UTC.test(iso)) return `${iso.slice(0, 19)}Z`;
  return new Date(iso).toISOString().replace(/\.\d+Z$/, "Z");
}

const STORED_UTC =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?Z$/;

/** `OS-SRV-USG` times: a naive datetime, as Nova's JSON writes it (six fractional digits). */
export const naiveTime = novaTimestampOrNull;

/** Nova's instance name, `instance-` + 8 hex digits (here from the uuid: no integer id exists). */
export function instanceName(instance: Instance): string {
  return `instance-${instance.uuid.replaceAll("-", "").slice(0, 8)}`;
}

function truthy(value: unknown): boolean {
  if (typeof value === "string") {
    return ["1", "t", "true", "on", "y", "yes"].includes(value.toLowerCase());
  }
  return Boolean(value);
}

/** The volumes attached, from the block device mappings that name a volume. */
function volumesAttached(instance: Instance, version: ApiVersion): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const bdm of instance.block_device_mapping) {
    const volumeId = bdm.volume_id ??
      (bdm.source_type === "volume" && typeof bdm.uuid === "string" ? bdm.uuid : undefined);
    if (typeof volumeId !== "string" || volumeId === "") continue;
    const volume: Record<string, unknown> = { id: volumeId };
    if (version.atLeast("2.3")) volume.delete_on_termination = truthy(bdm.delete_on_termination);
    out.push(volume);
  }
  return out;
}

function imageView(
  instance: Instance,
  version: ApiVersion,
  links: LinkBases,
  opts: ServerViewOptions,
): unknown {
  if (!instance.image_ref) return "";
  const image: Record<string, unknown> = {
    id: instance.image_ref,
    links: [{ rel: "bookmark", href: `${links.bookmark}/images/${instance.image_ref}` }],
  };
  if (version.atLeast("2.98")) {
    image.properties = { ...(opts.imageProperties?.(instance.image_ref) ?? {}) };
  }
  return image;
}

function flavorView(
  instance: Instance,
  version: ApiVersion,
  links: LinkBases,
  extraSpecs: boolean,
): Record<string, unknown> {
  const f = instance.flavor;
  if (version.atLeast("2.47")) {
    const view: Record<string, unknown> = {
      vcpus: f.vcpus,
      ram: f.memory_mb,
      disk: f.root_gb,
      ephemeral: f.ephemeral_gb,
      swap: f.swap,
      original_name: f.name,
    };
    if (extraSpecs) view.extra_specs = { ...f.extra_specs };
    return view;
  }
  return {
    id: f.flavorid,
    links: [{ rel: "bookmark", href: `${links.bookmark}/flavors/${f.flavorid}` }],
  };
}

function faultView(instance: Instance, isAdmin: boolean): Record<string, unknown> | null {
  const fault = instance.fault;
  if (!fault) return null;
  const view: Record<string, unknown> = {
    code: fault.code,
    created: isoTime(fault.created),
    message: fault.message,
  };
  if (fault.details && (isAdmin || fault.code !== 500)) view.details = fault.details;
  return view;
}

/** Nova keeps scheduler hints as lists of strings (one value becomes a list of one). */
function schedulerHints(hints: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hints)) {
    out[key] = Array.isArray(value) ? value : [value];
  }
  return out;
}

function hostStatusField(
  instance: Instance,
  opts: ServerViewOptions,
): string | undefined {
  if (opts.hostStatus === "none") return undefined;
  const status = instance.host ? (opts.hostStatusOf?.(instance.host) ?? "UP") : "";
  if (opts.hostStatus === "unknown-only" && status !== "UNKNOWN") return undefined;
  return status;
}

function fullView(
  instance: Instance,
  version: ApiVersion,
  links: LinkBases,
  opts: ServerViewOptions,
  sections: Sections,
  showServerGroups: boolean,
): ServerView {
  const building = instance.vm_state === "building";
  const server: ServerView = {
    accessIPv4: instance.access_ip_v4 ?? "",
    accessIPv6: instance.access_ip_v6 ? canonicalIPv6(instance.access_ip_v6) : "",
    // Addresses stay hidden while the server builds.
    addresses: building ? {} : serverAddresses(instance, opts.networkName, sections.extendAddress),
    created: isoTime(instance.created_at),
    flavor: flavorView(instance, version, links, version.atLeast("2.47") && opts.flavorExtraSpecs),
    hostId: hostId(instance.project_id, instance.host),
    id: instance.uuid,
    image: imageView(instance, version, links, opts),
    links: serverLinks(instance.uuid, links),
    metadata: { ...instance.metadata },
    name: instance.name,
    status: serverStatus(instance),
    tenant_id: instance.project_id,
    user_id: instance.user_id,
    updated: isoTime(instance.updated_at ?? instance.created_at),
    "OS-DCF:diskConfig": instance.auto_disk_config ? "AUTO" : "MANUAL",
  };
  const status = server.status as string;
  if (FAULT_STATUSES.includes(status)) {
    const fault = faultView(instance, opts.isAdmin);
    if (fault) server.fault = fault;
  }
  if (PROGRESS_STATUSES.includes(status)) server.progress = instance.progress;
  if (sections.az) server["OS-EXT-AZ:availability_zone"] = instance.availability_zone ?? "";
  if (sections.configDrive) server.config_drive = instance.config_drive ? "True" : "";
  if (sections.keypair) server.key_name = instance.key_name;
  if (sections.srvUsg) {
    server["OS-SRV-USG:launched_at"] = naiveTime(instance.launched_at);
    server["OS-SRV-USG:terminated_at"] = naiveTime(instance.terminated_at);
  }
  // Security groups come from the ports, as Neutron binds them: none without a port.
  if (sections.secGroups && instance.ports.length > 0 && instance.security_groups.length > 0) {
    server.security_groups = instance.security_groups.map((name) => ({ name }));
  }
  const extended = sections.extendedAttributes && opts.extendedAttributes;
  if (extended) {
    server["OS-EXT-SRV-ATTR:host"] = instance.host;
    server["OS-EXT-SRV-ATTR:instance_name"] = instanceName(instance);
    server["OS-EXT-SRV-ATTR:hypervisor_hostname"] = instance.node;
    if (version.atLeast("2.3")) {
      server["OS-EXT-SRV-ATTR:hostname"] = instance.hostname;
      // No kernel or ramdisk images here (Nova leaves them null unless the image names them).
      server["OS-EXT-SRV-ATTR:kernel_id"] = null;
      server["OS-EXT-SRV-ATTR:launch_index"] = instance.launch_index;
      server["OS-EXT-SRV-ATTR:ramdisk_id"] = null;
      server["OS-EXT-SRV-ATTR:reservation_id"] = instance.reservation_id;
      server["OS-EXT-SRV-ATTR:root_device_name"] = instance.launched_at ? "/dev/vda" : null;
      server["OS-EXT-SRV-ATTR:user_data"] = instance.user_data;
    }
  }
  if (sections.extendedStatus) {
    server["OS-EXT-STS:task_state"] = instance.task_state;
    server["OS-EXT-STS:vm_state"] = instance.vm_state;
    server["OS-EXT-STS:power_state"] = instance.power_state;
  }
  if (sections.extendedVolumes) {
    server["os-extended-volumes:volumes_attached"] = volumesAttached(instance, version);
  }
  if (version.atLeast("2.9")) server.locked = instance.locked_by !== null || instance.locked;
  if (version.atLeast("2.16") && sections.hostStatus) {
    const hs = hostStatusField(instance, opts);
    if (hs !== undefined) server.host_status = hs;
  }
  if (version.atLeast("2.19")) server.description = instance.description;
  if (version.atLeast("2.26")) server.tags = [...instance.tags];
  if (version.atLeast("2.63")) {
    server.trusted_image_certificates = instance.trusted_image_certificates?.length
      ? [...instance.trusted_image_certificates]
      : null;
  }
  if (showServerGroups && version.atLeast("2.71")) {
    server.server_groups = [...(opts.serverGroups ?? [])];
  }
  if (version.atLeast("2.73")) server.locked_reason = instance.locked_reason;
  if (version.atLeast("2.90") && !extended) {
    server["OS-EXT-SRV-ATTR:hostname"] = instance.hostname;
  }
  if (sections.az && version.atLeast("2.96")) {
    server.pinned_availability_zone = instance.pinned_availability_zone;
  }
  if (version.atLeast("2.100")) server.scheduler_hints = schedulerHints(instance.scheduler_hints);
  return server;
}

/**
 * `GET /servers/{id}`: the full view, with `server_groups` from 2.71.
 *
 * @example
 * ```ts
 * serverShow(instance, ApiVersion.parse("2.100"), links, options); // { server: { ... } }
 * ```
 */
export function serverShow(
  instance: Instance,
  version: ApiVersion,
  links: LinkBases,
  opts: ServerViewOptions,
): { server: ServerView } {
  return { server: fullView(instance, version, links, opts, ALL_SECTIONS, true) };
}

/**
 * The rebuild action's server: before 2.75 the reduced view of an update, with `key_name` from
 * 2.54 (and `server_groups` from 2.71); from 2.75 the full view, without
 * `OS-EXT-SRV-ATTR:user_data`. Nova adds `adminPass` and, from 2.57, `user_data` in the handler.
 */
export function serverRebuilt(
  instance: Instance,
  version: ApiVersion,
  links: LinkBases,
  opts: ServerViewOptions,
): { server: ServerView } {
  const sections: Sections = version.atLeast("2.75") ? ALL_SECTIONS : {
    extendAddress: false,
    az: false,
    configDrive: false,
    keypair: version.atLeast("2.54"),
    srvUsg: false,
    secGroups: false,
    extendedStatus: false,
    extendedVolumes: false,
    extendedAttributes: false,
    hostStatus: false,
  };
  const server = fullView(instance, version, links, opts, sections, true);
  // Nova's rebuild view leaves the extended user_data out (2.57 adds `user_data` instead).
  delete server["OS-EXT-SRV-ATTR:user_data"];
  return { server };
}

/**
 * `PUT /servers/{id}`: before 2.75 a reduced view (no AZ, config drive, key, usage, security
 * groups, extended status, volumes, extended attributes or host status; addresses without the
 * `OS-EXT-IPS*` keys); from 2.75 the full view.
 */
export function serverUpdated(
  instance: Instance,
  version: ApiVersion,
  links: LinkBases,
  opts: ServerViewOptions,
): { server: ServerView } {
  const all = version.atLeast("2.75");
  const sections: Sections = all ? ALL_SECTIONS : {
    extendAddress: false,
    az: false,
    configDrive: false,
    keypair: false,
    srvUsg: false,
    secGroups: false,
    extendedStatus: false,
    extendedVolumes: false,
    extendedAttributes: false,
    hostStatus: false,
  };
  return { server: fullView(instance, version, links, opts, sections, true) };
}

/** The brief form of `GET /servers`: id, name, links. */
export function serverBasic(instance: Instance, links: LinkBases): ServerView {
  return { id: instance.uuid, name: instance.name, links: serverLinks(instance.uuid, links) };
}

/** What a list view needs to write its `servers_links`. */
export interface ListPage {
  /** The query parameters the request kept after validation. */
  query: URLSearchParams;
  /** `[api] max_limit`. */
  maxLimit: number;
}

function withLinks(
  servers: ServerView[],
  instances: readonly Instance[],
  collectionUrl: string,
  page: ListPage,
): { servers: ServerView[]; servers_links?: Link[] } {
  const out: { servers: ServerView[]; servers_links?: Link[] } = { servers };
  const next = collectionLinks({
    count: instances.length,
    lastMarker: instances.at(-1)?.uuid,
    collectionUrl,
    query: page.query,
    maxLimit: page.maxLimit,
  });
  if (next) out.servers_links = next;
  return out;
}

/** `GET /servers`: brief servers and, when the page is full, `servers_links`. */
export function serverIndex(
  instances: readonly Instance[],
  links: LinkBases,
  page: ListPage,
): { servers: ServerView[]; servers_links?: Link[] } {
  return withLinks(
    instances.map((i) => serverBasic(i, links)),
    instances,
    `${links.self}/servers`,
    page,
  );
}

/**
 * `GET /servers/detail`: the full view of each server (never `server_groups`) and, when the page
 * is full, `servers_links` pointing at `/servers/detail`. `optsFor` gives each server's options
 * (Nova checks the extended-attributes and extra-specs policies once for the whole list).
 */
export function serverDetailList(
  instances: readonly Instance[],
  version: ApiVersion,
  links: LinkBases,
  page: ListPage,
  opts: ServerViewOptions,
): { servers: ServerView[]; servers_links?: Link[] } {
  return withLinks(
    instances.map((i) => fullView(i, version, links, opts, ALL_SECTIONS, false)),
    instances,
    `${links.self}/servers/detail`,
    page,
  );
}

/**
 * Each server's rendered detail JSON, per record object and per rendering context. The store
 * hands back one shared object per stored version of a listed record, so a page read again
 * renders only the servers that changed since. Kept as strings (one byte a character for ASCII,
 * in the V8 heap) rather than UTF-8 bytes, whose ArrayBuffers each cost an allocation outside it.
 */
const renderedDetail = new WeakMap<Instance, Map<string, string>>();
/** Rendering contexts remembered per record (microversions, link bases, policy outcomes). */
const CONTEXTS_KEPT = 8;
const utf8 = new TextEncoder();

/**
 * What a server's kept detail JSON depends on besides its record, as one string: microversion,
 * link bases and the caller's policy outcomes (a server's host status and image come on top).
 */
export function renderingContext(
  version: ApiVersion,
  links: LinkBases,
  opts: ServerViewOptions,
): string {
  return [
    version.toString(),
    links.self,
    links.bookmark,
    opts.extendedAttributes,
    opts.hostStatus,
    opts.flavorExtraSpecs,
    opts.isAdmin,
  ].join("\u0000");
}

/**
 * {@link serverDetailList} as JSON text, the same text `JSON.stringify` writes for it: each
 * server's JSON is kept with its record for the next page that shows the same version in the
 * same context (microversion, link bases, policy outcomes, its host's status and image
 * properties), so a page of unchanged servers is joined rather than built again.
 */
export function serverDetailListText(
  instances: readonly Instance[],
  version: ApiVersion,
  links: LinkBases,
  page: ListPage,
  opts: ServerViewOptions,
): string {
  const context = renderingContext(version, links, opts);
  const images = version.atLeast("2.98");
  const parts = instances.map((instance) => {
    const hostStatus = opts.hostStatus !== "none" && instance.host
      ? opts.hostStatusOf?.(instance.host) ?? "UP"
      : "";
    const image = images && instance.image_ref
      ? JSON.stringify(opts.imageProperties?.(instance.image_ref) ?? {})
      : "";
    const key = `${context}\u0000${hostStatus}\u0000${image}`;
    let byContext = renderedDetail.get(instance);
    if (!byContext) renderedDetail.set(instance, byContext = new Map());
    let text = byContext.get(key);
    if (text === undefined) {
      text = JSON.stringify(fullView(instance, version, links, opts, ALL_SECTIONS, false));
      if (byContext.size >= CONTEXTS_KEPT) byContext.clear();
      byContext.set(key, text);
    }
    return text;
  });
  const { servers_links } = withLinks([], instances, `${links.self}/servers/detail`, page);
  const tail = servers_links ? `],"servers_links":${JSON.stringify(servers_links)}}` : "]}";
  return joinedPage(parts, tail);
}

/** How many page texts {@link joinedPage} remembers. */
const PAGES_REMEMBERED = 8;

/** Longer page texts (UTF-16 units) are joined every time rather than remembered. */
const PAGE_REMEMBERED_MAX = 512 * 1024;

/** The page texts joined last, newest first, each with the parts and tail it was joined from. */
const recentPages: { parts: readonly string[]; tail: string; text: string }[] = [];
emptiedWhenIdle(() => recentPages.length = 0);

/**
 * The detail page joined from `parts` and `tail`: the very string built last time when the same
 * parts come again (each server's kept JSON is the same string while nothing changed). A page is
 * some 100 KB: built anew per request, each copy was a large object that only a full garbage
 * collection frees, and a listing under load piled them up by the hundred megabytes.
 */
function joinedPage(parts: readonly string[], tail: string): string {
  for (let i = 0; i < recentPages.length; i++) {
    const seen = recentPages[i];
    if (
      seen.tail !== tail || seen.parts.length !== parts.length ||
      !seen.parts.every((part, j) => part === parts[j])
    ) continue;
    if (i > 0) recentPages.unshift(...recentPages.splice(i, 1));
    return seen.text;
  }
  const text = `{"servers":[${parts.join(",")}${tail}`;
  if (text.length <= PAGE_REMEMBERED_MAX) {
    recentPages.unshift({ parts, tail, text });
    if (recentPages.length > PAGES_REMEMBERED) recentPages.pop();
  }
  return text;
}

/** {@link serverDetailListText} as UTF-8. */
export function serverDetailListBytes(
  instances: readonly Instance[],
  version: ApiVersion,
  links: LinkBases,
  page: ListPage,
  opts: ServerViewOptions,
): Uint8Array<ArrayBuffer> {
  return utf8.encode(serverDetailListText(instances, version, links, page, opts));
}

/**
 * `POST /servers` (202): id, links, disk config, the security groups asked for (`default`
 * when none) and the admin password when `[api] enable_instance_password` is on.
 */
export function serverCreated(
  instance: Instance,
  links: LinkBases,
  requestedGroups: readonly { name: string }[] | undefined,
  adminPass: string | null,
): { server: ServerView } {
  const server: ServerView = {
    id: instance.uuid,
    links: serverLinks(instance.uuid, links),
    "OS-DCF:diskConfig": instance.auto_disk_config ? "AUTO" : "MANUAL",
    security_groups: requestedGroups ? requestedGroups.map((g) => ({ ...g })) : [{
      name: "default",
    }],
  };
  if (adminPass !== null) server.adminPass = adminPass;
  return { server };
}

/** `GET /servers/{id}/ips`. */
export function ipsIndex(
  instance: Instance,
  networkName: NetworkNameOf,
): { addresses: Record<string, unknown> } {
  return { addresses: serverAddresses(instance, networkName, false) };
}

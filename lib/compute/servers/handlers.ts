/**
 * The servers controller (Nova's `ServersController`, `IPsController` and
 * `ServerMetadataController`): list, show, create, update and delete servers, their addresses and
 * their metadata, over the instance domain (`lib/instances`) and the image, network, flavor and
 * keypair services.
 *
 * Nova's order is kept: a server is looked up before its policy is checked (the target is its
 * project), and a caller who is not an admin never sees another project's server (404, as Nova's
 * project-scoped database read answers).
 *
 * @module
 */
import { parseIsoTime } from "../timestamps.ts";
import { assertDiskFits } from "../../images/fit.ts";
import type { ApiRequest } from "../route.ts";
import { limitAndMarker } from "../collection.ts";
import { empty, json, jsonBytes, jsonText } from "../../http/respond.ts";
import { NovaFault } from "../../http/fault.ts";
import { checkBootVolume } from "./boot_volume.ts";
import { FlavorNotFound, type FlavorRecord, visibleFlavor } from "../../flavors/mod.ts";
import { getKeypair, KeypairNotFound } from "../../keypairs/mod.ts";
import type { Image } from "../../images/types.ts";
import { findImage, imageVisible } from "../../images/stored.ts";
import type { Network } from "../../networks/types.ts";
import { portById } from "../../networks/ports.ts";
import { defaultSecurityGroup } from "../../networks/security_groups.ts";
import { findSecurityGroupByNameOrId } from "../../networks/security_group_api.ts";
import {
  AutoDiskConfigDisabledByImage,
  checkInjectedFiles,
  checkMetadataQuota,
  checkSortParams,
  createServers,
  deleteServer,
  deleteServerMetadataItem,
  effectiveOrder,
  type FlavorSnapshot,
  getServer,
  getServerGroup,
  getShownServer,
  type Instance,
  InstanceGroupNotFound,
  InstanceIsLocked,
  InstanceNotFound,
  InvalidSortInput,
  listServers,
  type NetworkRequest,
  type ServerChanges,
  serverGroupsOf,
  setServerMetadata,
  updateServer,
} from "../../instances/mod.ts";
import { quotaReader } from "../../quota/mod.ts";
import { compilePythonRegex } from "../../validation/pyregex.ts";
import { boolFromString, type CreateRequest, readCreateRequest } from "./create_request.ts";
import { ignoredSortKeys, JOINED_TABLE_PARAMS } from "./schemas.ts";
import { statesFromStatus } from "./status.ts";
import { effectiveHosts } from "../../virt/host_zones.ts";
import { withHostStatus } from "../services/host_status.ts";
import { serverShowBytes } from "./show_bytes.ts";
import {
  ipsIndex,
  serverCreated,
  serverDetailListText,
  serverIndex,
  serverLinks,
  serverUpdated,
  type ServerViewOptions,
} from "./views.ts";

/** A servers policy rule name. */
export const P = (name: string): string => `os_compute_api:servers:${name}`;

const GIB = 1024 ** 3;

/** What the views need to know beyond the record: policy results and catalog lookups. */
export function viewOptions(req: ApiRequest, instance?: Instance): ServerViewOptions {
  const target = instance ? { project_id: instance.project_id } : undefined;
  const can = (rule: string) => req.runtime.allowed(rule, req.context, target);
  const { networks, images } = req.runtime;
  return {
    extendedAttributes: can("os_compute_api:os-extended-server-attributes"),
    hostStatus: can(P("show:host_status"))
      ? "all"
      : can(P("show:host_status:unknown-only"))
      ? "unknown-only"
      : "none",
    flavorExtraSpecs: can(P("show:flavor-extra-specs")),
    isAdmin: req.context.isAdmin,
    networkName: (id) => networks.get(id)?.name ?? id,
    imageProperties: (id) => images.get(id)?.properties ?? {},
    serverGroups: [],
  };
}

/**
 * {@link viewOptions} with the server's groups read for the views that show them (2.71 and on:
 * show, update and rebuild).
 */
export async function viewOptionsWithGroups(
  req: ApiRequest,
  instance: Instance,
): Promise<ServerViewOptions> {
  const opts = viewOptions(req, instance);
  if (!req.version.atLeast("2.71")) return opts;
  return { ...opts, serverGroups: await serverGroupsOf(req.runtime.kv, instance.uuid) };
}

/**
 * The server, or Nova's 404 "Instance X could not be found." (also for another project's server
 * when the caller is not an admin).
 */
export async function findServer(req: ApiRequest, id: string): Promise<Instance> {
  const instance = await getServer(req.runtime.kv, id, req.runtime.instances);
  if (!instance || (!req.context.isAdmin && instance.project_id !== req.context.projectId)) {
    throw new InstanceNotFound(id);
  }
  return instance;
}

// ---------------------------------------------------------------------------------------------
// List

const TRUE_STRINGS = ["1", "t", "true", "on", "y", "yes"];
const FALSE_STRINGS = ["0", "f", "false", "off", "n", "no"];

/**
 * oslo's strict `bool_from_string`, as Nova's `is_all_tenants` reads `all_tenants`; an empty
 * value (`?all_tenants=` or `?all_tenants`) asks for all tenants, as Nova says.
 */
function strictBool(value: string): boolean {
  if (value === "") return true;
  const v = value.trim().toLowerCase();
  if (TRUE_STRINGS.includes(v)) return true;
  if (FALSE_STRINGS.includes(v)) return false;
  const acceptable = [...TRUE_STRINGS, ...FALSE_STRINGS].sort().map((s) => `'${s}'`).join(", ");
  throw new NovaFault(
    400,
    `Invalid input received: Unrecognized value '${value}', acceptable values are: ${acceptable}`,
  );
}

/** The search options a caller without `allow_all_filters` may use (Nova's list). */
function searchOptionsAllowed(req: ApiRequest): Set<string> {
  const opts = [
    "reservation_id",
    "name",
    "status",
    "image",
    "flavor",
    "ip",
    "changes-since",
    "all_tenants",
  ];
  const v = req.version;
  if (v.atLeast("2.5")) opts.push("ip6");
  if (v.atLeast("2.26")) opts.push("tags", "tags-any", "not-tags", "not-tags-any");
  if (v.atLeast("2.66")) opts.push("changes-before");
  if (v.atLeast("2.73")) opts.push("locked");
  if (v.atLeast("2.83")) {
    opts.push(
      "availability_zone",
      "config_drive",
      "key_name",
      "created_at",
      "launched_at",
      "terminated_at",
      "power_state",
      "task_state",
      "vm_state",
      "progress",
      "user_id",
    );
  }
  if (v.atLeast("2.90")) opts.push("hostname");
  return new Set(opts);
}

const PAGING_SORTING = new Set(["sort_key", "sort_dir", "limit", "marker"]);

/** A filter over the search options this port implements; null when nothing can match. */
function searchFilter(
  req: ApiRequest,
  search: Map<string, string[]>,
): ((i: Instance) => boolean) | null {
  const tests: ((i: Instance) => boolean)[] = [];
  const last = (name: string) => search.get(name)?.at(-1);
  if (search.has("status")) {
    const { vmStates, taskStates } = statesFromStatus(search.get("status")!);
    if (vmStates.length === 0 && taskStates.length === 0) {
      if (req.version.atLeast("2.38")) throw new NovaFault(400, "Invalid status value");
      return null;
    }
    if (onlyDeletedStatus(search) && !req.context.isAdmin) {
      throw new NovaFault(403, "Only administrators may list deleted instances");
    }
    tests.push((i) => vmStates.includes(i.vm_state));
    if (!taskStates.includes("default")) {
      tests.push((i) => i.task_state !== null && taskStates.includes(i.task_state));
    }
  }
  const regex = (name: string, field: (i: Instance) => string | null | string[]) => {
    const pattern = last(name);
    if (pattern === undefined) return;
    const re = compilePythonRegex(pattern, "search");
    tests.push((i) => {
      const value = field(i);
      if (value === null) return false;
      return Array.isArray(value)
        ? value.some((v) => (re.lastIndex = 0, re.test(v)))
        : (re.lastIndex = 0, re.test(value));
    });
  };
  regex("name", (i) => i.name);
  regex("reservation_id", (i) => i.reservation_id);
  regex(
    "ip",
    (i) =>
      i.ports.flatMap((p) => p.fixed_ips.map((f) => f.ip_address)).filter((a) => !a.includes(":")),
  );
  regex(
    "ip6",
    (i) =>
      i.ports.flatMap((p) => p.fixed_ips.map((f) => f.ip_address)).filter((a) => a.includes(":")),
  );
  const image = last("image");
  if (image !== undefined) tests.push((i) => i.image_ref === image);
  const flavor = last("flavor");
  if (flavor !== undefined) tests.push((i) => i.flavor.flavorid === flavor);
  const host = last("host");
  if (host !== undefined) tests.push((i) => i.host === host);
  const node = last("node");
  if (node !== undefined) tests.push((i) => i.node === node);
  // Nova maps tenant_id to project_id, and drops tenant_id unless all_tenants is asked for.
  const allText = last("all_tenants");
  const tenant = allText !== undefined && strictBool(allText) ? last("tenant_id") : undefined;
  const project = last("project_id") ?? tenant;
  if (project !== undefined) tests.push((i) => i.project_id === project);
  for (const name of ["availability_zone", "key_name", "user_id", "vm_state", "task_state"]) {
    const want = last(name);
    if (want === undefined) continue;
    const field = name as "availability_zone" | "key_name" | "user_id" | "vm_state" | "task_state";
    tests.push((i) => i[field] === want);
  }
  if (req.version.atLeast("2.26")) tagFilters(search, tests);
  const since = changesTime(search, "changes-since");
  const before = changesTime(search, "changes-before");
  if (since !== undefined && before !== undefined && before < since) {
    throw new NovaFault(
      400,
      "The value of changes-since must be less than or equal to changes-before.",
    );
  }
  const changed = (i: Instance) => Date.parse(i.updated_at ?? i.created_at);
  if (since !== undefined) tests.push((i) => changed(i) >= since);
  if (before !== undefined) tests.push((i) => changed(i) <= before);
  const locked = last("locked");
  if (locked !== undefined) {
    const want = strictBool(locked);
    tests.push((i) => i.locked === want);
  }
  return (i) => tests.every((t) => t(i));
}

/** Whether `status` asks for deleted servers only (Nova's `vm_state == ['deleted']`). */
function onlyDeletedStatus(search: Map<string, string[]>): boolean {
  const status = search.get("status");
  if (!status) return false;
  const { vmStates } = statesFromStatus(status);
  return vmStates.length === 1 && vmStates[0] === "deleted";
}

/**
 * Which servers a listing covers, as Nova reads `deleted`: when given, oslo's lenient boolean
 * (deleted ones only when true); without it, changes-since/changes-before also list the servers
 * deleted since; `status=DELETED` (admins) lists deleted ones only.
 */
function deletedScope(search: Map<string, string[]>): "exclude" | "only" | "include" {
  let scope: "exclude" | "only" | "include" = "exclude";
  const deleted = search.get("deleted")?.at(-1);
  if (deleted !== undefined) {
    scope = TRUE_STRINGS.includes(deleted.trim().toLowerCase()) ? "only" : "exclude";
  } else if (search.has("changes-since") || search.has("changes-before")) {
    scope = "include";
  }
  return onlyDeletedStatus(search) ? "only" : scope;
}

/**
 * Nova's sort parameters: every `sort_key` and `sort_dir` in order (`created_at` and `desc`
 * when none), less the keys the microversion ignores (with the direction at the same place, if
 * there is one); sorting by `host` or `node` is for admins (403).
 */
function sortParams(req: ApiRequest): { keys: string[]; dirs: string[] } {
  const keys = req.query.getAll("sort_key").map((k) => k.trim());
  const dirs = req.query.getAll("sort_dir").map((d) => d.trim());
  if (keys.length === 0) keys.push("created_at");
  if (dirs.length === 0) dirs.push("desc");
  const ignored = ignoredSortKeys(req.version.atLeast("2.73"), req.version.atLeast("2.75"));
  for (const key of [...keys]) {
    if (ignored.includes(key)) {
      const at = keys.indexOf(key);
      if (dirs.length > at) dirs.splice(at, 1);
      keys.splice(at, 1);
    } else if ((key === "host" || key === "node") && !req.context.isAdmin) {
      throw new NovaFault(403, `Only administrators can sort servers by ${key}`);
    }
  }
  return { keys, dirs };
}

/**
 * Nova's tag filters (2.26), each a comma-separated list: `tags` (every one), `tags-any` (at
 * least one), `not-tags` (not every one), `not-tags-any` (none).
 */
function tagFilters(search: Map<string, string[]>, tests: ((i: Instance) => boolean)[]): void {
  const list = (name: string) => search.get(name)?.at(-1)?.split(",");
  const all = list("tags");
  if (all) tests.push((i) => all.every((t) => i.tags.includes(t)));
  const any = list("tags-any");
  if (any) tests.push((i) => any.some((t) => i.tags.includes(t)));
  const notAll = list("not-tags");
  if (notAll) tests.push((i) => !notAll.every((t) => i.tags.includes(t)));
  const none = list("not-tags-any");
  if (none) tests.push((i) => !none.some((t) => i.tags.includes(t)));
}

/** `changes-since` / `changes-before` as a time (oslo's `parse_isotime`), else Nova's 400. */
function changesTime(search: Map<string, string[]>, name: string): number | undefined {
  const text = search.get(name)?.at(-1);
  if (text === undefined) return undefined;
  // The query schema's `date-time` shape first, then oslo's parser (one in timestamps.ts).
  const shaped = /^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/
    .test(text);
  const ms = shaped ? parseIsoTime(text) : null;
  if (ms === null) throw new NovaFault(400, `Invalid filter field: ${name}.`);
  return ms;
}

async function list(req: ApiRequest, detail: boolean): Promise<Response> {
  const maxLimit = req.runtime.config.get<number>("api", "max_limit");
  const ctx = req.context;
  const search = new Map<string, string[]>();
  for (const [k, v] of req.query) search.set(k, [...(search.get(k) ?? []), v]);
  if (req.runtime.allowed(P("allow_all_filters"), ctx)) {
    for (const k of PAGING_SORTING) search.delete(k);
  } else {
    const allowed = searchOptionsAllowed(req);
    for (const k of [...search.keys()]) if (!allowed.has(k)) search.delete(k);
  }
  for (const k of search.keys()) {
    if (JOINED_TABLE_PARAMS.includes(k) || k.startsWith("_")) {
      throw new NovaFault(400, `Invalid filter field: ${k}.`);
    }
  }
  const filter = searchFilter(req, search);
  const allTenantsText = search.get("all_tenants")?.at(-1);
  const allTenants = allTenantsText !== undefined && strictBool(allTenantsText);
  if (allTenants) req.runtime.authorize(P(`${detail ? "detail" : "index"}:get_all_tenants`), ctx);
  const { limit, marker } = limitAndMarker(req.query, maxLimit);
  const sort = sortParams(req);
  const deleted = deletedScope(search);
  let pageLimit = limit;
  if (limit > 0) {
    try {
      checkSortParams(sort.keys, sort.dirs);
    } catch (e) {
      // Nova checks the sort before reading live servers; a deleted-only listing skips that
      // check and its failing database query leaves the page empty.
      if (!(e instanceof InvalidSortInput) || deleted !== "only") throw e;
      pageLimit = 0;
    }
  }
  // Nova's default listing (deleted=False) leaves soft-deleted servers out unless `soft_deleted`
  // (an admin's filter) is given: any non-empty value, as Python's truth of a string.
  const hideSoft = deleted === "exclude" && !search.get("soft_deleted")?.at(-1);
  const visible = filter && hideSoft
    ? (i: Instance) => i.vm_state !== "soft-delete" && filter(i)
    : filter;
  const page = visible === null ? [] : await listServers(req.runtime.kv, {
    projectId: allTenants ? undefined : ctx.projectId ?? "",
    limit: pageLimit,
    marker,
    order: effectiveOrder(sort.keys, sort.dirs),
    deleted,
    filter: visible,
    // What `visible` was built from (the search options left and the microversion).
    cacheKey: JSON.stringify([req.version.toString(), [...search]]),
  }, req.runtime.instances);
  const p = { query: req.query, maxLimit };
  if (!detail) return json(serverIndex(page, req.links, p));
  const opts = await withHostStatus(req, viewOptions(req));
  return jsonText(serverDetailListText(page, req.version, req.links, p, opts));
}

/** `GET /servers`. */
export function index(req: ApiRequest): Promise<Response> {
  return list(req, false);
}

/** `GET /servers/detail`. */
export function detail(req: ApiRequest): Promise<Response> {
  return list(req, true);
}

// ---------------------------------------------------------------------------------------------
// Show, update, delete

/** `GET /servers/{id}`. */
export async function show(req: ApiRequest): Promise<Response> {
  const id = req.params.id;
  // The record and (2.71+) its groups in one read; the bytes are kept per record version.
  const shown = await getShownServer(req.runtime.kv, id, req.runtime.instances, {
    groups: req.version.atLeast("2.71"),
  });
  const instance = shown?.instance;
  if (
    !shown || !instance || (!req.context.isAdmin && instance.project_id !== req.context.projectId)
  ) {
    throw new InstanceNotFound(id);
  }
  req.runtime.authorize(P("show"), req.context, { project_id: instance.project_id });
  const opts = { ...viewOptions(req, instance), serverGroups: shown.serverGroups };
  return jsonBytes(
    serverShowBytes(req.runtime.kv, shown, req.version, req.links, await withHostStatus(req, opts)),
  );
}

/**
 * What a 2.104 `pinned_availability_zone` changes, with Nova's 409s: null unpins; a zone pins an
 * unpinned server to the zone it is in (and only that one); a pinned server must be unpinned
 * before it is pinned elsewhere. Undefined when nothing changes.
 */
function pinChange(instance: Instance, requested: string | null): string | null | undefined {
  const pinned = instance.pinned_availability_zone;
  if (requested === null) return pinned === null ? undefined : null;
  if (pinned !== null) {
    if (requested !== pinned) {
      throw new NovaFault(
        409,
        "Cannot change pinned availability zone directly. Unpin first by setting " +
          "pinned_availability_zone to null.",
      );
    }
    return undefined;
  }
  if (requested !== instance.availability_zone) {
    throw new NovaFault(
      409,
      `Server can only be pinned to its current availability zone '${
        instance.availability_zone ?? "None"
      }', ` +
        `but '${requested}' was requested.`,
    );
  }
  return requested;
}

/** `PUT /servers/{id}`. */
export async function update(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(P("update"), req.context, {
    user_id: instance.user_id,
    project_id: instance.project_id,
  });
  const s = (req.body as { server: Record<string, unknown> }).server;
  const changes: ServerChanges = {};
  if ("name" in s) changes.name = (s.name as string).trim();
  if ("description" in s) changes.description = s.description as string | null;
  if ("hostname" in s) changes.hostname = s.hostname as string;
  if ("accessIPv4" in s) changes.accessIpV4 = (s.accessIPv4 as string | null) || null;
  if ("accessIPv6" in s) changes.accessIpV6 = (s.accessIPv6 as string | null) || null;
  if ("OS-DCF:diskConfig" in s) changes.autoDiskConfig = s["OS-DCF:diskConfig"] === "AUTO";
  if (req.version.atLeast("2.104") && "pinned_availability_zone" in s) {
    const pin = pinChange(instance, s.pinned_availability_zone as string | null);
    if (pin !== undefined) changes.pinnedAvailabilityZone = pin;
  }
  const updated = await updateServer(req.runtime.kv, instance.uuid, changes, req.runtime.instances);
  return json(
    serverUpdated(
      updated,
      req.version,
      req.links,
      await withHostStatus(req, await viewOptionsWithGroups(req, updated)),
    ),
  );
}

/** `DELETE /servers/{id}`: 204, the server goes away after its delete steps. */
export async function remove(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(P("delete"), req.context, {
    user_id: instance.user_id,
    project_id: instance.project_id,
  });
  if (instance.locked && !req.context.isAdmin) {
    throw new InstanceIsLocked(instance.uuid);
  }
  await deleteServer(req.runtime.kv, instance.uuid, req.runtime.instances, {
    requestId: req.context.requestId,
    userId: req.context.userId,
    projectId: req.context.projectId,
  });
  return empty(204);
}

// ---------------------------------------------------------------------------------------------
// Create

/** The flavor as the server records it. */
function snapshotOf(flavor: FlavorRecord): FlavorSnapshot {
  return {
    flavorid: flavor.flavorid,
    name: flavor.name,
    memory_mb: flavor.memory_mb,
    vcpus: flavor.vcpus,
    root_gb: flavor.root_gb,
    ephemeral_gb: flavor.ephemeral_gb,
    swap: flavor.swap,
    rxtx_factor: flavor.rxtx_factor,
    extra_specs: { ...flavor.extra_specs },
    description: flavor.description,
  };
}

/**
 * A new server's disk config, as Nova's `_inherit_properties_from_image`: the one asked for, else
 * the image's `auto_disk_config` property read as a boolean. AUTO on an image that has it
 * `disabled` is a 400.
 */
function createDiskConfig(asked: boolean | undefined, image: Image | null): boolean {
  const fromImage = image?.properties.auto_disk_config;
  if (asked && image && fromImage?.trim().toLowerCase() === "disabled") {
    throw new AutoDiskConfigDisabledByImage(image.id);
  }
  return asked ?? (fromImage === undefined ? false : boolFromString(fromImage));
}

/** Nova's `_validate_flavor_image_nostatus` for a local root disk. */
function checkFlavorFitsImage(req: ApiRequest, flavor: FlavorRecord, image: Image): void {
  if (flavor.memory_mb < image.min_ram) {
    throw new NovaFault(400, "Flavor's memory is too small for requested image.");
  }
  const dest = flavor.root_gb * GIB;
  if (dest === 0) {
    if (!req.runtime.allowed(P("create:zero_disk_flavor"), req.context)) {
      throw new NovaFault(
        403,
        "Only volume-backed servers are allowed for flavors with zero disk.",
      );
    }
    return;
  }
  assertDiskFits(image, flavor.root_gb);
}

/**
 * The networks to attach, as Nova's network API resolves a request: `auto` (or nothing asked
 * before 2.37) takes the project's only available network; listed uuids must be visible.
 */
async function resolveNetworks(
  req: ApiRequest,
  r: CreateRequest,
): Promise<"none" | NetworkRequest[]> {
  const { networks } = req.runtime;
  const ctx = req.context;
  if (r.networks === "none") return "none";
  if (r.networks === undefined || r.networks === "auto") {
    // Nova's _get_available_networks: the project's own networks and the shared ones.
    const available = networks.list().filter((n) =>
      n.shared || (n.project_id !== null && n.project_id === ctx.projectId)
    );
    if (available.length > 1) {
      throw new NovaFault(
        409,
        "Multiple possible networks found, use a Network ID to be more specific.",
      );
    }
    if (available.length === 0) {
      if (r.networks === "auto") {
        throw new NovaFault(
          400,
          `Unable to automatically allocate a network for project ${ctx.projectId}`,
        );
      }
      return "none";
    }
    return [{ network: available[0] }];
  }
  const out: NetworkRequest[] = [];
  for (const n of r.networks) {
    if (n.port) {
      const port = await portById(req.runtime.kv, n.port);
      if (!port) throw new NovaFault(400, `Port id ${n.port} could not be found.`);
      if (port.device_id) throw new NovaFault(409, `Port ${n.port} is still in use.`);
      throw new NovaFault(400, `Port ${n.port}: attaching an existing port is not supported.`);
    }
    const network: Network | null = networks.get(n.uuid!);
    if (!network || !networks.visibleTo(network, ctx.projectId, ctx.isAdmin)) {
      throw new NovaFault(400, `Network ${n.uuid} could not be found.`);
    }
    out.push({
      network,
      ...(n.fixedIp !== undefined ? { fixedIp: n.fixedIp } : {}),
      ...(n.tag !== undefined ? { tag: n.tag } : {}),
    });
  }
  return out;
}

/**
 * The checks Nova's `compute.API.create` makes first: a fixed IP or a port cannot serve several
 * servers, nor one hostname (2.90); a requested zone must be one a host is in, unless a host is
 * forced (`zone:host`).
 */
async function checkMultiCreate(
  req: ApiRequest,
  r: CreateRequest,
  zone: string | null,
): Promise<void> {
  if (Array.isArray(r.networks) && r.maxCount > 1) {
    if (r.networks.some((n) => n.uuid && n.fixedIp !== undefined)) {
      throw new NovaFault(
        400,
        "Failed to launch instances: max_count cannot be greater than 1 if an fixed_ip is specified.",
      );
    }
    if (r.networks.some((n) => n.port)) {
      throw new NovaFault(
        400,
        "Failed to launch instances: Unable to launch multiple instances with a single " +
          "configured port ID. Please launch your instance one by one with different ports.",
      );
    }
  }
  if (r.hostname && r.maxCount > 1) {
    throw new NovaFault(400, "Unable to allocate a single hostname to multiple instances");
  }
  if (zone && r.forcedHost === null) {
    const hosts = await effectiveHosts(req.runtime.kv, req.runtime.instances.hosts);
    if (!hosts.some((h) => h.availability_zone === zone)) {
      throw new NovaFault(400, "The requested availability zone is not available");
    }
  }
}

/**
 * Nova's `_validate_host_availability_zone` for a forced host (`zone:host`, `zone::node`): the
 * zone is kept when the host is in it, else dropped (the host decides).
 */
async function zoneForForcedHost(req: ApiRequest, r: CreateRequest): Promise<string | null> {
  if (!r.forcedHost && !r.forcedNode) return r.availabilityZone;
  const hosts = await effectiveHosts(req.runtime.kv, req.runtime.instances.hosts);
  const host = hosts.find((h) => h.name === r.forcedHost);
  const hostZone = host?.availability_zone ??
    req.runtime.config.get<string>("DEFAULT", "default_availability_zone");
  return r.availabilityZone === hostZone ? r.availabilityZone : null;
}

/**
 * Nova's `_validate_host_or_node` for a 2.74 `host` / `hypervisor_hostname`: each must name a
 * configured compute host (a node is named as its host), else 400 ComputeHostNotFound.
 */
function checkRequestedDestination(req: ApiRequest, r: CreateRequest): void {
  const known = (name: string) => req.runtime.instances.hosts.some((h) => h.name === name);
  if (r.requestedHost) {
    if (!known(r.requestedHost) || (r.requestedNode && r.requestedNode !== r.requestedHost)) {
      throw new NovaFault(400, `Compute host ${r.requestedHost} could not be found.`);
    }
  } else if (r.requestedNode && !known(r.requestedNode)) {
    throw new NovaFault(400, `Compute host ${r.requestedNode} could not be found.`);
  }
}

/** `POST /servers`: 202 with the new server (or its reservation id) and a `Location` header. */
export async function create(req: ApiRequest): Promise<Response> {
  const r = readCreateRequest(req.body, req.version);
  const ctx = req.context;
  const target = {
    project_id: ctx.projectId,
    user_id: ctx.userId,
    availability_zone: r.availabilityZone,
  };
  req.runtime.authorize(P("create"), ctx, target);
  if (r.trustedImageCertificates?.length) {
    req.runtime.authorize(P("create:trusted_certs"), ctx, target);
  }
  if (r.forcedHost || r.forcedNode) req.runtime.authorize(P("create:forced_host"), ctx, target);
  if (r.requestedHost || r.requestedNode) {
    req.runtime.authorize("compute:servers:create:requested_destination", ctx, target);
  }
  if (r.blockDeviceMapping.length) {
    req.runtime.authorize(P("create:attach_volume"), ctx, target);
  }
  if (!r.imageRef && r.blockDeviceMapping.length === 0) {
    throw new NovaFault(400, "Missing imageRef attribute");
  }
  if (r.networks === "auto" || (Array.isArray(r.networks) && r.networks.length)) {
    req.runtime.authorize(P("create:attach_network"), ctx, target);
  }

  const zone = await zoneForForcedHost(req, r);
  let flavor: FlavorRecord;
  try {
    flavor = await visibleFlavor(req.runtime.kv, ctx, r.flavorRef);
  } catch (e) {
    if (e instanceof FlavorNotFound) throw new NovaFault(400, e.message);
    throw e;
  }
  await checkMultiCreate(req, r, zone);
  let image: Image | null = null;
  if (r.imageRef) {
    const now = req.runtime.instances.clock();
    image = await findImage(req.runtime.kv, req.runtime.images, r.imageRef, now);
    if (!image || !imageVisible(image, ctx.projectId, ctx.isAdmin)) {
      throw new NovaFault(400, "Can not find requested image");
    }
    if (image.status !== "active") throw new NovaFault(400, `Image ${image.id} is not active.`);
  } else {
    await checkBootVolume(req.runtime.kv, r.blockDeviceMapping, {
      projectId: ctx.projectId,
      userId: ctx.userId,
      isAdmin: ctx.isAdmin,
    });
  }
  let keyData: string | null = null;
  if (r.keyName !== null) {
    try {
      keyData = (await getKeypair(req.runtime.kv, ctx.userId ?? "", r.keyName)).publicKey;
    } catch (e) {
      if (e instanceof KeypairNotFound) throw new NovaFault(400, "Invalid key_name provided.");
      throw e;
    }
  }
  const networks = await resolveNetworks(req, r);
  const actor = { projectId: ctx.projectId ?? "", userId: ctx.userId ?? "" };
  await checkMetadataQuota(quotaReader(req.runtime.kv), req.runtime.instances, actor, r.metadata);
  await checkInjectedFiles(req.runtime.instances, req.runtime.kv, actor, r.personality);
  if (image) checkFlavorFitsImage(req, flavor, image);
  const autoDiskConfig = createDiskConfig(r.autoDiskConfig, image);
  checkRequestedDestination(req, r);
  const securityGroupIds = await checkSecurityGroups(req, ctx.projectId ?? "", r.securityGroups);
  await checkGroupHint(req, r.schedulerHints);

  const instances = await createServers(req.runtime.kv, {
    context: { ...actor, isAdmin: ctx.isAdmin, requestId: ctx.requestId },
    name: r.name,
    flavor: snapshotOf(flavor),
    image,
    networks,
    requestedNetworks: (req.body as { server: { networks?: unknown } }).server.networks ?? null,
    metadata: r.metadata,
    userData: r.userData,
    keyName: r.keyName,
    keyData,
    availabilityZone: zone,
    host: r.forcedHost ?? r.requestedHost,
    node: r.forcedNode ?? r.requestedNode,
    description: r.description,
    hostname: r.hostname,
    tags: r.tags,
    securityGroups: r.securityGroups ?? ["default"],
    securityGroupIds,
    blockDeviceMapping: r.blockDeviceMapping,
    configDrive: r.configDrive,
    accessIpV4: r.accessIpV4,
    accessIpV6: r.accessIpV6,
    autoDiskConfig,
    minCount: r.minCount,
    maxCount: r.maxCount,
    schedulerHints: r.schedulerHints,
    trustedCerts: r.trustedImageCertificates,
  }, req.runtime.instances);
  if (r.returnReservationId) {
    return json({ reservation_id: instances[0].reservation_id }, 202);
  }
  const password = req.runtime.config.get<boolean>("api", "enable_instance_password")
    ? r.adminPass
    : null;
  const body = serverCreated(instances[0], req.links, r.securityGroupsAsSent, password);
  return json(body, 202, { Location: serverLinks(instances[0].uuid, req.links)[0].href });
}

// ---------------------------------------------------------------------------------------------
// IPs

/** `GET /servers/{id}/ips`. */
export async function ips(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize("os_compute_api:ips:index", req.context, {
    project_id: instance.project_id,
  });
  return json(ipsIndex(instance, viewOptions(req, instance).networkName));
}

/** `GET /servers/{id}/ips/{network}`: the addresses on one network (by its name). */
export async function ipsOfNetwork(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize("os_compute_api:ips:show", req.context, {
    project_id: instance.project_id,
  });
  const all = ipsIndex(instance, viewOptions(req, instance).networkName).addresses;
  const label = req.params.network;
  if (!Object.hasOwn(all, label)) {
    throw new NovaFault(404, "Instance is not a member of specified network");
  }
  return json({ [label]: all[label] });
}

// ---------------------------------------------------------------------------------------------
// Metadata

const M = (name: string) => `os_compute_api:server-metadata:${name}`;

async function metadataTarget(req: ApiRequest, rule: string): Promise<Instance> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(M(rule), req.context, { project_id: instance.project_id });
  return instance;
}

function actorOf(req: ApiRequest) {
  return {
    projectId: req.context.projectId ?? "",
    userId: req.context.userId ?? "",
    isAdmin: req.context.isAdmin,
  };
}

/** `GET /servers/{id}/metadata`. */
export async function metadataIndex(req: ApiRequest): Promise<Response> {
  const instance = await metadataTarget(req, "index");
  return json({ metadata: { ...instance.metadata } });
}

/** `GET /servers/{id}/metadata/{key}`. */
export async function metadataShow(req: ApiRequest): Promise<Response> {
  const instance = await metadataTarget(req, "show");
  const key = req.params.key;
  if (!Object.hasOwn(instance.metadata, key)) {
    throw new NovaFault(404, "Metadata item was not found");
  }
  return json({ meta: { [key]: instance.metadata[key] } });
}

/** `POST /servers/{id}/metadata` (merge, 200 as Nova). */
export async function metadataCreate(req: ApiRequest): Promise<Response> {
  const instance = await metadataTarget(req, "create");
  const { metadata } = req.body as { metadata: Record<string, string> };
  const after = await setServerMetadata(
    req.runtime.kv,
    instance.uuid,
    metadata,
    false,
    actorOf(req),
    req.runtime.instances,
  );
  return json({ metadata: after });
}

/** `PUT /servers/{id}/metadata` (replace all). */
export async function metadataUpdateAll(req: ApiRequest): Promise<Response> {
  const instance = await metadataTarget(req, "update_all");
  const { metadata } = req.body as { metadata: Record<string, string> };
  const after = await setServerMetadata(
    req.runtime.kv,
    instance.uuid,
    metadata,
    true,
    actorOf(req),
    req.runtime.instances,
  );
  return json({ metadata: after });
}

/** `PUT /servers/{id}/metadata/{key}`. */
export async function metadataUpdate(req: ApiRequest): Promise<Response> {
  const instance = await metadataTarget(req, "update");
  const { meta } = req.body as { meta: Record<string, string> };
  if (!Object.hasOwn(meta, req.params.key)) {
    throw new NovaFault(400, "Request body and URI mismatch");
  }
  await setServerMetadata(
    req.runtime.kv,
    instance.uuid,
    meta,
    false,
    actorOf(req),
    req.runtime.instances,
  );
  return json({ meta });
}

/** `DELETE /servers/{id}/metadata/{key}` (204). */
export async function metadataDelete(req: ApiRequest): Promise<Response> {
  const instance = await metadataTarget(req, "delete");
  if (!Object.hasOwn(instance.metadata, req.params.key)) {
    throw new NovaFault(404, "Metadata item was not found");
  }
  await deleteServerMetadataItem(
    req.runtime.kv,
    instance.uuid,
    req.params.key,
    actorOf(req),
    req.runtime.instances,
  );
  return empty(204);
}

/**
 * The security groups a create names must exist in the project, by name or id (Nova's
 * `validate_name` through Neutron): else Nova's 400 `SecurityGroupNotFound`; a name several
 * groups have is 409. The ids of the groups, or null when the request named none but `default`.
 */
async function checkSecurityGroups(
  req: ApiRequest,
  projectId: string,
  groups: string[] | undefined,
): Promise<string[] | null> {
  if (!groups) return null;
  const viewer = { projectId, isAdmin: false };
  const ids: string[] = [];
  for (const group of groups) {
    const found = await findSecurityGroupByNameOrId(req.runtime.kv, viewer, group);
    if (!found) throw new NovaFault(400, `Security group ${group} not found.`);
    if (!ids.includes(found.id)) ids.push(found.id);
  }
  const known = defaultSecurityGroup(projectId).id;
  return ids.length === 0 || (ids.length === 1 && ids[0] === known) ? null : ids;
}

/**
 * A `group` scheduling hint names a server group (Nova's `InstanceGroup.get_by_uuid`, any
 * project's): an unknown one is Nova's 400 `InstanceGroupNotFound`.
 */
async function checkGroupHint(req: ApiRequest, hints: Record<string, unknown>): Promise<void> {
  const group = hints.group;
  if (group === undefined || group === null || group === "") return;
  const uuid = Array.isArray(group) ? group[0] : group;
  if (typeof uuid !== "string") return;
  try {
    await getServerGroup(req.runtime.kv, uuid);
  } catch (e) {
    if (e instanceof InstanceGroupNotFound) throw new NovaFault(400, e.message);
    throw e;
  }
}

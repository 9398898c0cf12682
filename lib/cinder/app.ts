/**
 * The Cinder v3 subset the compute process serves in place of Cinder, mounted behind the auth
 * filters at `/volume/v3` (with or without the project id in the path, as Cinder routes both):
 * `volumes` (list, detail, show, create, update, delete), `snapshots` (the same), `types` (the one
 * `__DEFAULT__` type), `os-quota-sets`, `limits`, `os-availability-zone` and `extensions`, over
 * the volume domain (`lib/volumes`). A real Cinder could replace it.
 *
 * Errors are Cinder's faults (`{"itemNotFound": {"code": 404, "message": ...}}`); a project id in
 * the path other than the caller's is Cinder's 400 "Malformed request url".
 *
 * @module
 */
import type { RequestContext } from "../context/context.ts";
import { DomainError, type ErrorKind } from "../errors/mod.ts";
import { environ } from "../http/environ.ts";
import { faultResponse, NovaFault } from "../http/fault.ts";
import { empty, json } from "../http/respond.ts";
import type { Handler } from "../http/types.ts";
import { notFoundPage } from "../http/webob_error.ts";
import type { ImageCatalog } from "../images/catalog.ts";
import { findImage, imageVisible } from "../images/stored.ts";
import { parseJsonBody, validateBody } from "../validation/body.ts";
import type { SchemaObject } from "../validation/types.ts";
import {
  changeSnapshot,
  changeVolume,
  createSnapshot,
  createVolume,
  deleteSnapshot,
  deleteVolume,
  findSnapshot,
  findVolume,
  listSnapshotsOf,
  listVolumesOf,
  VOLUME_AVAILABILITY_ZONE,
  VOLUME_TYPES,
  type VolumeActor,
  type VolumeImage,
} from "../volumes/mod.ts";
import type { SnapshotRecord, VolumeRecord } from "../store/volumes.ts";
import { limitsBody, quotaSetBody, type VolumeUsage } from "./quotas.ts";
import * as schemas from "./schemas.ts";
import { requestedVersion, type VolumeVersion, volumeVersions } from "./versions.ts";
import {
  snapshotView,
  type ViewContext,
  volumeDetail,
  volumeSummary,
  volumeTypeView,
} from "./views.ts";

/** What the subset is served over. */
export interface CinderOptions {
  /** The store (opened on first use). */
  kv: () => Promise<Deno.Kv>;
  /** The configured images, which `imageRef` may name (with those servers made). */
  images?: ImageCatalog;
  /** The clock (tests move it). */
  clock?: () => Date;
}

/** The resources served; a first path segment that is not one is a project id. */
const RESOURCES = new Set([
  "volumes",
  "snapshots",
  "types",
  "os-quota-sets",
  "limits",
  "os-availability-zone",
  "extensions",
]);

const STATUS: Readonly<Record<ErrorKind, number>> = {
  "invalid": 400,
  "forbidden": 403,
  "over-quota": 413,
  "not-found": 404,
  "conflict": 409,
  "too-large": 413,
};

type Item = Record<string, unknown>;

interface Call {
  request: Request;
  ctx: RequestContext;
  actor: VolumeActor;
  version: VolumeVersion;
  view: ViewContext;
  q: URLSearchParams;
  kv: Deno.Kv;
  now: Date;
  /** `<mount>/v3/<project>` as the request spelled it, for `*_links`. */
  collectionBase: string;
}

/** Cinder's check of the member-level rules (`volume:create`, `volume:delete`, ...). */
function mayWrite(call: Call, rule: string): void {
  const roles = call.ctx.roles;
  if (call.ctx.isAdmin || roles.includes("member") || roles.includes("admin")) return;
  throw new NovaFault(403, `Policy doesn't allow ${rule} to be performed.`);
}

async function body(call: Call, schema: SchemaObject): Promise<Record<string, Item>> {
  const parsed = await parseJsonBody(call.request);
  validateBody(schema, parsed ?? null);
  return parsed as Record<string, Item>;
}

/** Parse a non-negative integer query parameter, Cinder's way. */
function intParam(q: URLSearchParams, name: string): number | null {
  const text = q.get(name);
  if (text === null) return null;
  if (!/^\s*-?\d+\s*$/.test(text)) throw new NovaFault(400, `${name} param must be an integer`);
  const n = Number(text);
  if (n < 0) throw new NovaFault(400, `${name} param must be positive`);
  return n;
}

const SORT_KEYS = [
  "id",
  "name",
  "status",
  "size",
  "created_at",
  "updated_at",
  "availability_zone",
  "bootable",
  "volume_type",
  "volume_id",
];

function sortPairs(q: URLSearchParams): [string, "asc" | "desc"][] {
  const pairs: [string, "asc" | "desc"][] = [];
  const sort = q.get("sort");
  const raw: [string, string | undefined][] = sort !== null
    ? sort.split(",").map((item) => {
      const [key, dir] = item.trim().split(":");
      return [key, dir];
    })
    : (q.getAll("sort_key").length ? q.getAll("sort_key") : ["created_at"]).map((k, i) => [
      k,
      q.getAll("sort_dir")[i] ?? q.get("sort_dir") ?? undefined,
    ]);
  for (const [key, dir = "desc"] of raw) {
    const k = key === "display_name" ? "name" : key;
    if (!SORT_KEYS.includes(k)) {
      throw new NovaFault(400, `Invalid input received: Invalid sort key ${key}`);
    }
    const d = dir.toLowerCase();
    if (d !== "asc" && d !== "desc") {
      throw new NovaFault(
        400,
        `Invalid input received: Unknown sort direction, must be 'desc' or 'asc'`,
      );
    }
    pairs.push([k, d]);
  }
  if (!pairs.some(([k]) => k === "id")) pairs.push(["id", pairs[pairs.length - 1][1]]);
  return pairs;
}

function compare(a: Item, b: Item, pairs: [string, "asc" | "desc"][]): number {
  for (const [key, dir] of pairs) {
    const x = a[key] as string | number | boolean | null;
    const y = b[key] as string | number | boolean | null;
    if (x === y) continue;
    const order = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    return dir === "asc" ? order : -order;
  }
  return 0;
}

/** `metadata={'k': 'v'}` (Python's repr) or JSON, as cinderclient sends it. */
function parseMetadataFilter(text: string): Record<string, string> {
  try {
    const parsed = JSON.parse(text.replace(/'/g, '"'));
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    }
  } catch { /* below */ }
  throw new NovaFault(400, `Invalid input received: Invalid metadata filter ${text}`);
}

/** Filter (the filters Cinder's `resource_filters.json` allows), sort and page records. */
function page<T extends { id: string }>(
  call: Call,
  records: T[],
  filters: Record<string, (r: T, value: string) => boolean>,
  name: string,
): { items: T[]; links?: Item[] } {
  const q = call.q;
  let out = records;
  for (const [key, test] of Object.entries(filters)) {
    const value = q.get(key);
    if (value !== null) out = out.filter((r) => test(r, value));
  }
  const pairs = sortPairs(q);
  out = [...out].sort((a, b) => compare(a as unknown as Item, b as unknown as Item, pairs));
  const marker = q.get("marker");
  if (marker !== null) {
    const at = out.findIndex((r) => r.id === marker);
    if (at < 0) throw new NovaFault(404, `Marker ${marker} could not be found.`);
    out = out.slice(at + 1);
  }
  const offset = intParam(q, "offset") ?? 0;
  out = out.slice(offset);
  const limit = intParam(q, "limit");
  if (limit === null || out.length <= limit) return { items: out };
  out = out.slice(0, limit);
  const next = new URLSearchParams(q);
  next.set("marker", out[out.length - 1].id);
  next.delete("offset");
  return {
    items: out,
    links: [{ href: `${call.collectionBase}/${name}?${next}`, rel: "next" }],
  };
}

function volumeFilters(): Record<string, (r: VolumeRecord, v: string) => boolean> {
  return {
    name: (r, v) => r.name === v,
    display_name: (r, v) => r.name === v,
    "name~": (r, v) => (r.name ?? "").includes(v),
    status: (r, v) => r.status === v,
    bootable: (r, v) => r.bootable === schemas.isTrue(v),
    availability_zone: (r, v) => r.availability_zone === v,
    size: (r, v) => String(r.size) === v,
    volume_type: (r, v) => r.volume_type === v,
    metadata: (r, v) =>
      Object.entries(parseMetadataFilter(v)).every(([k, val]) => r.metadata[k] === val),
  };
}
function snapshotFilters(): Record<string, (r: SnapshotRecord, v: string) => boolean> {
  return {
    name: (r, v) => r.name === v,
    display_name: (r, v) => r.name === v,
    status: (r, v) => r.status === v,
    volume_id: (r, v) => r.volume_id === v,
    metadata: (r, v) =>
      Object.entries(parseMetadataFilter(v)).every(([k, val]) => r.metadata[k] === val),
  };
}

function allProjects(call: Call): boolean {
  const all = call.q.get("all_tenants") ?? call.q.get("all_projects");
  return call.ctx.isAdmin && all !== null && (all === "" || schemas.isTrue(all));
}

/** An admin's `project_id` filter (with `all_tenants`). */
function projectFilter<T extends { project_id: string }>(call: Call, records: T[]): T[] {
  const project = call.q.get("project_id");
  return call.ctx.isAdmin && project !== null
    ? records.filter((r) => r.project_id === project)
    : records;
}

async function listVolumes(call: Call, detail: boolean): Promise<Response> {
  const all = allProjects(call);
  const records = projectFilter(call, await listVolumesOf(call.kv, call.actor, all));
  const { items, links } = page(
    call,
    records,
    volumeFilters(),
    detail ? "volumes/detail" : "volumes",
  );
  const out: Item = {
    volumes: items.map((v) => detail ? volumeDetail(v, call.view) : volumeSummary(v, call.view)),
  };
  if (links) out.volumes_links = links;
  if (call.q.has("with_count") && schemas.isTrue(call.q.get("with_count"))) {
    out.count = records.length;
  }
  return json(out);
}

async function imageFor(call: Call, options: CinderOptions, id: string): Promise<VolumeImage> {
  const image = options.images ? await findImage(call.kv, options.images, id, call.now) : null;
  if (!image || !imageVisible(image, call.ctx.projectId, call.ctx.isAdmin)) {
    throw new NovaFault(400, "Invalid image identifier or unable to access requested image.");
  }
  return { id: image.id, size: image.size, minDisk: image.min_disk };
}

function str(value: unknown): string | null | undefined {
  return value === undefined ? undefined : value === null ? null : String(value);
}

async function createVolumeCall(call: Call, options: CinderOptions): Promise<Response> {
  mayWrite(call, "volume:create");
  const sent = (await body(call, schemas.createVolume)).volume;
  if (
    sent.multiattach !== undefined && sent.multiattach !== null && schemas.isTrue(sent.multiattach)
  ) {
    throw new NovaFault(
      400,
      "multiattach parameter has been removed. The default behavior is to use multiattach " +
        "enabled volume types. Contact your administrator to create a multiattach enabled " +
        "volume type and use it to create multiattach volumes.",
    );
  }
  const imageId = str(sent.imageRef ?? sent.image_id);
  const image = imageId ? await imageFor(call, options, imageId) : null;
  const record = await createVolume(call.kv, call.actor, {
    size: sent.size === undefined || sent.size === null ? null : Number(sent.size),
    name: str(sent.name ?? sent.display_name),
    description: str(sent.description ?? sent.display_description),
    volumeType: sent.volume_type === "" ? null : str(sent.volume_type),
    availabilityZone: str(sent.availability_zone),
    metadata: (sent.metadata as Record<string, string> | null | undefined) ?? null,
    image,
    snapshotId: str(sent.snapshot_id),
    sourceVolid: str(sent.source_volid),
  }, call.now);
  return json({ volume: volumeDetail(record, call.view, "creating", false) }, 202);
}

async function updateVolumeCall(call: Call, id: string): Promise<Response> {
  mayWrite(call, "volume:update");
  const sent = (await body(call, schemas.updateVolume)).volume;
  const name = "name" in sent ? sent.name : sent.display_name;
  const description = "description" in sent ? sent.description : sent.display_description;
  const record = await changeVolume(call.kv, id, call.actor, {
    name: str(name),
    description: str(description),
    metadata: sent.metadata as Record<string, string> | undefined,
  }, call.now);
  return json({ volume: volumeDetail(record, call.view, record.status, false) });
}

/**
 * `POST /volumes/{id}/action`: the volume actions served (`os-set_bootable`); another action is
 * Cinder's 400.
 */
async function volumeAction(call: Call, id: string): Promise<Response> {
  const parsed = await parseJsonBody(call.request);
  const action = parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    ? Object.keys(parsed as Record<string, unknown>)[0]
    : undefined;
  if (action !== "os-set_bootable") {
    throw new NovaFault(400, `There is no such action: ${action ?? "None"}`);
  }
  validateBody(schemas.setBootable, parsed);
  mayWrite(call, "volume:update");
  const bootable = (parsed as Record<string, Record<string, unknown>>)["os-set_bootable"].bootable;
  await changeVolume(call.kv, id, call.actor, { bootable: schemas.isTrue(bootable) }, call.now);
  return new Response(null, { status: 200 });
}

async function volumes(call: Call, options: CinderOptions, rest: string[]): Promise<Response> {
  const method = call.request.method;
  const [id, extra] = rest;
  if (extra === "action" && rest.length === 2 && id !== "detail" && method === "POST") {
    return await volumeAction(call, id);
  }
  if (extra !== undefined) return notFoundPage(call.request);
  if (id === undefined) {
    if (method === "GET" || method === "HEAD") return await listVolumes(call, false);
    if (method === "POST") return await createVolumeCall(call, options);
  } else if (id === "detail") {
    if (method === "GET" || method === "HEAD") return await listVolumes(call, true);
  } else if (method === "GET" || method === "HEAD") {
    return json({ volume: volumeDetail(await findVolume(call.kv, id, call.actor), call.view) });
  } else if (method === "PUT") {
    return await updateVolumeCall(call, id);
  } else if (method === "DELETE") {
    mayWrite(call, "volume:delete");
    const cascade = call.q.get("cascade");
    await deleteVolume(call.kv, id, call.actor, cascade !== null && schemas.isTrue(cascade));
    return empty(202);
  }
  return notFoundPage(call.request);
}

async function snapshots(call: Call, rest: string[]): Promise<Response> {
  const method = call.request.method;
  const [id, extra] = rest;
  if (extra !== undefined) return notFoundPage(call.request);
  const list = async (detail: boolean) => {
    const records = projectFilter(
      call,
      await listSnapshotsOf(call.kv, call.actor, allProjects(call)),
    );
    const name = detail ? "snapshots/detail" : "snapshots";
    const { items, links } = page(call, records, snapshotFilters(), name);
    const out: Item = { snapshots: items.map((s) => snapshotView(s, call.view, detail)) };
    if (links) out.snapshots_links = links;
    return json(out);
  };
  if (id === undefined) {
    if (method === "GET" || method === "HEAD") return await list(false);
    if (method === "POST") {
      mayWrite(call, "volume:create_snapshot");
      const sent = (await body(call, schemas.createSnapshot)).snapshot;
      const record = await createSnapshot(call.kv, call.actor, {
        volumeId: String(sent.volume_id),
        name: str(sent.name ?? sent.display_name),
        description: str(sent.description ?? sent.display_description),
        force: sent.force !== undefined && schemas.isTrue(sent.force),
        metadata: (sent.metadata as Record<string, string> | null | undefined) ?? null,
      }, call.now);
      return json({ snapshot: snapshotView(record, call.view, true, "creating") }, 202);
    }
  } else if (id === "detail") {
    if (method === "GET" || method === "HEAD") return await list(true);
  } else if (method === "GET" || method === "HEAD") {
    const record = await findSnapshot(call.kv, id, call.actor);
    return json({ snapshot: snapshotView(record, call.view, true) });
  } else if (method === "PUT") {
    mayWrite(call, "volume:update_snapshot");
    const sent = (await body(call, schemas.updateSnapshot)).snapshot;
    const record = await changeSnapshot(call.kv, id, call.actor, {
      name: str("name" in sent ? sent.name : sent.display_name),
      description: str("description" in sent ? sent.description : sent.display_description),
    }, call.now);
    return json({ snapshot: snapshotView(record, call.view, true) });
  } else if (method === "DELETE") {
    mayWrite(call, "volume:delete_snapshot");
    await deleteSnapshot(call.kv, id, call.actor);
    return empty(202);
  }
  return notFoundPage(call.request);
}

function types(call: Call, rest: string[]): Response {
  const method = call.request.method;
  if ((method !== "GET" && method !== "HEAD") || rest.length > 1) {
    return notFoundPage(call.request);
  }
  const [id] = rest;
  if (id === undefined) {
    return json({ volume_types: VOLUME_TYPES.map((t) => volumeTypeView(t, call.ctx.isAdmin)) });
  }
  const type = id === "default"
    ? VOLUME_TYPES[0]
    : VOLUME_TYPES.find((t) => t.id === id || t.name === id);
  if (!type) throw new NovaFault(404, `Volume type ${id} could not be found.`);
  return json({ volume_type: volumeTypeView(type, call.ctx.isAdmin) });
}

async function usageOf(kv: Deno.Kv, projectId: string): Promise<VolumeUsage> {
  const actor = { projectId, userId: null, isAdmin: false };
  const vols = await listVolumesOf(kv, actor);
  const snaps = await listSnapshotsOf(kv, actor);
  return {
    volumes: vols.length,
    snapshots: snaps.length,
    gigabytes: vols.reduce((n, v) => n + v.size, 0) + snaps.reduce((n, s) => n + s.size, 0),
  };
}

async function quotaSets(call: Call, rest: string[]): Promise<Response> {
  const [projectId, view, extra] = rest;
  const method = call.request.method;
  if (
    projectId === undefined || extra !== undefined || (method !== "GET" && method !== "HEAD") ||
    (view !== undefined && view !== "defaults")
  ) {
    return notFoundPage(call.request);
  }
  if (!call.ctx.isAdmin && projectId !== call.ctx.projectId) {
    throw new NovaFault(403, "Policy doesn't allow volume_extension:quotas:show to be performed.");
  }
  if (view === "defaults") return json(quotaSetBody(projectId, null));
  const usage = call.q.get("usage");
  const withUsage = usage !== null && schemas.isTrue(usage);
  return json(quotaSetBody(projectId, withUsage ? await usageOf(call.kv, projectId) : null));
}

async function route(call: Call, options: CinderOptions, parts: string[]): Promise<Response> {
  const [resource, ...rest] = parts;
  const method = call.request.method;
  const read = method === "GET" || method === "HEAD";
  switch (resource) {
    case "volumes":
      return await volumes(call, options, rest);
    case "snapshots":
      return await snapshots(call, rest);
    case "types":
      return types(call, rest);
    case "os-quota-sets":
      return await quotaSets(call, rest);
    case "limits":
      if (!read || rest.length > 0) break;
      return json(limitsBody(await usageOf(call.kv, call.ctx.projectId ?? "")));
    case "os-availability-zone":
      if (!read || rest.length > 0) break;
      return json({
        availabilityZoneInfo: [{
          zoneName: VOLUME_AVAILABILITY_ZONE,
          zoneState: { available: true },
        }],
      });
    case "extensions":
      if (!read || rest.length > 0) break;
      return json({ extensions: [] });
  }
  return notFoundPage(call.request);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The app over the volume domain; the request's context (from the auth filters) is the caller. */
export function cinderApp(options: CinderOptions): Handler {
  const clock = options.clock ?? (() => new Date());
  return async (request) => {
    const env = environ(request);
    const ctx = env.context;
    if (!ctx) throw new Error("the Cinder subset needs the auth filters before it");
    const parts = env.pathInfo.replace(/\.json$/, "").split("/").filter((p) => p !== "").map(
      safeDecode,
    );
    const base = `${env.origin}${env.scriptName}`;
    const unversioned = base.replace(/\/v3\/?$/, "");
    try {
      if (parts.length === 0) {
        if (request.method !== "GET" && request.method !== "HEAD") return notFoundPage(request);
        return json(volumeVersions(unversioned));
      }
      let pathProject: string | null = null;
      if (!RESOURCES.has(parts[0])) {
        pathProject = parts.shift()!;
        if (parts.length === 0) return notFoundPage(request);
        if (pathProject !== ctx.projectId) throw new NovaFault(400, "Malformed request url");
      }
      const version = requestedVersion(request);
      const project = pathProject ?? ctx.projectId ?? "";
      const prefix = pathProject === null ? "" : `/${pathProject}`;
      const call: Call = {
        request,
        ctx,
        actor: { projectId: ctx.projectId, userId: ctx.userId, isAdmin: ctx.isAdmin },
        version,
        view: {
          version,
          isAdmin: ctx.isAdmin,
          links: { self: `${base}/${project}`, bookmark: `${unversioned}/${project}` },
        },
        q: new URLSearchParams(env.query),
        kv: await options.kv(),
        now: clock(),
        collectionBase: `${base}${prefix}`,
      };
      const response = await route(call, options, parts);
      response.headers.set("OpenStack-API-Version", `volume ${version.text}`);
      response.headers.append("Vary", "OpenStack-API-Version");
      return response;
    } catch (e) {
      if (e instanceof DomainError) return faultResponse(new NovaFault(STATUS[e.kind], e.message));
      if (e instanceof NovaFault) return faultResponse(e);
      throw e;
    }
  };
}

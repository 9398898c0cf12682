/**
 * The flavors controller (Nova's `FlavorsController`, which absorbed flavor-manage): list, detail,
 * show, create, update (2.55+) and delete, plus {@link flavorRoutes}, the route rows of the whole
 * flavor family (flavors, access, extra specs).
 *
 * Order of checks follows Nova: schema first (its decorator runs before the method), then
 * policy, then the work.
 *
 * @module
 */
import type { ApiRequest, Route } from "../router.ts";
import type { ComputeRuntime } from "../runtime.ts";
import { NovaFault } from "../../http/fault.ts";
import { empty, json } from "../../http/respond.ts";
import {
  createFlavor,
  deleteFlavor,
  FlavorIdExists,
  FlavorNameExists,
  FlavorNotFound,
  type FlavorRecord,
  getFlavor,
  listAllFlavorAccess,
  listFlavorAccess,
  listFlavors,
  scanFlavors,
  updateFlavorDescription,
} from "../../store/flavors.ts";
import { compilePythonRegex } from "../../validation/pyregex.ts";
import { accessRoutes } from "./access_controller.ts";
import { checkBody, checkQuery } from "./checks.ts";
import { newFlavorFromBody } from "./create.ts";
import { extraSpecRoutes } from "./extra_specs_controller.ts";
import {
  canSee,
  type FlavorQuery,
  inKeyOrder,
  MarkerNotFound,
  matchesQuery,
  selectFlavors,
  type Viewer,
} from "./listing.ts";
import { flavorNotFound, visibleFlavor } from "./lookup.ts";
import { lastParam, limitAndMarker, pageSize, parseIsPublic, parseMinFilter } from "./params.ts";
import {
  createFlavorSchema,
  listFlavorsQuerySchema,
  noParamsQuerySchema,
  UPDATE_FLAVOR,
} from "./schemas.ts";
import { flavorBasic, flavorDetail, flavorList } from "./views.ts";

/** Nova's flavor-manage policy rules. */
export const MANAGE_POLICY = {
  create: "os_compute_api:os-flavor-manage:create",
  update: "os_compute_api:os-flavor-manage:update",
  delete: "os_compute_api:os-flavor-manage:delete",
} as const;

/** The rule that lets a caller see extra specs inside flavor views from 2.61. */
export const EXTRA_SPECS_INDEX_POLICY = "os_compute_api:os-flavor-extra-specs:index";

/** Whether a flavor view carries `extra_specs` (2.61+, and only if the caller may list them). */
function includeExtraSpecs(runtime: ComputeRuntime, req: ApiRequest): boolean {
  return req.version.atLeast("2.61") && runtime.allowed(EXTRA_SPECS_INDEX_POLICY, req.context);
}

function maxLimit(runtime: ComputeRuntime): number {
  return Number(runtime.config.get<number>("api", "max_limit"));
}

/** A name filter (2.102): a regular-expression search, as the database's REGEXP. */
function nameFilter(value: string): RegExp {
  try {
    return compilePythonRegex(value, "search");
  } catch {
    throw new NovaFault(400, `Invalid name filter [${value}]`);
  }
}

/** Nova's `_get_flavors`: parse filters, sort and page, then select. */
async function getFlavors(
  runtime: ComputeRuntime,
  req: ApiRequest,
  query: URLSearchParams,
): Promise<FlavorRecord[]> {
  const sortKey = lastParam(query, "sort_key") || "flavorid";
  const sortDir = (lastParam(query, "sort_dir") || "asc") as "asc" | "desc";
  const { limit, marker } = limitAndMarker(query, maxLimit(runtime));
  const spec: FlavorQuery = { isPublic: true, sortKey, sortDir, limit, marker };
  if (req.context.isAdmin) {
    // Only admins choose which flavor types they see.
    spec.isPublic = parseIsPublic(lastParam(query, "is_public"));
  } else {
    spec.isPublic = true;
    spec.disabled = false;
  }
  const minRam = lastParam(query, "minRam");
  if (minRam !== null) spec.minMemoryMb = parseMinFilter("minRam", minRam);
  const minDisk = lastParam(query, "minDisk");
  if (minDisk !== null) spec.minRootGb = parseMinFilter("minDisk", minDisk);
  const name = lastParam(query, "name");
  if (name !== null) spec.name = nameFilter(name);

  const viewer = { isAdmin: req.context.isAdmin, projectId: req.context.projectId };
  if (inKeyOrder(spec)) return await pageInKeyOrder(runtime.kv, viewer, spec, marker);
  const [all, access] = await Promise.all([
    listFlavors(runtime.kv),
    listAllFlavorAccess(runtime.kv),
  ]);
  try {
    return selectFlavors(
      all,
      access,
      { isAdmin: req.context.isAdmin, projectId: req.context.projectId },
      spec,
    );
  } catch (e) {
    if (e instanceof MarkerNotFound) throw new NovaFault(400, `marker [${marker}] not found`);
    throw e;
  }
}

const NO_PROJECTS: readonly string[] = [];

/** One page in flavorid order, read by walking the store from the marker. */
async function pageInKeyOrder(
  kv: Deno.Kv,
  viewer: Viewer,
  spec: FlavorQuery,
  marker: string | null | undefined,
): Promise<FlavorRecord[]> {
  const sharedWith = async (f: FlavorRecord) =>
    f.is_public ? [] : await listFlavorAccess(kv, f.flavorid);
  if (marker !== undefined && marker !== null) {
    const m = await getFlavor(kv, marker);
    if (!m || !canSee(m, viewer, await sharedWith(m))) {
      throw new NovaFault(400, `marker [${marker}] not found`);
    }
  }
  const page: FlavorRecord[] = [];
  if (spec.limit <= 0) return page;
  // The marker row is skipped, so read one more than a page in the first batch.
  const batch = Math.min(spec.limit + 1, 500);
  for await (const f of scanFlavors(kv, marker ?? undefined, batch)) {
    const projects = f.is_public ? NO_PROJECTS : await sharedWith(f);
    if (!canSee(f, viewer, projects) || !matchesQuery(f, viewer, projects, spec)) continue;
    page.push(f);
    if (page.length >= spec.limit) break;
  }
  return page;
}

/** `GET /flavors`: id, name, links (and description from 2.55). */
async function index(runtime: ComputeRuntime, req: ApiRequest): Promise<Response> {
  const query = checkQuery(listFlavorsQuerySchema(req.version), req.query);
  const flavors = await getFlavors(runtime, req, query);
  const items = flavors.map((f) => flavorBasic(f, req.version, req.links));
  return json(flavorList(items, flavors, {
    size: pageSize(query, maxLimit(runtime)),
    collectionUrl: `${req.links.self}/flavors`,
    query,
  }));
}

/** `GET /flavors/detail`: full views. */
async function detail(runtime: ComputeRuntime, req: ApiRequest): Promise<Response> {
  const query = checkQuery(listFlavorsQuerySchema(req.version), req.query);
  const flavors = await getFlavors(runtime, req, query);
  const specs = includeExtraSpecs(runtime, req);
  const items = flavors.map((f) => flavorDetail(f, req.version, req.links, specs));
  return json(flavorList(items, flavors, {
    size: pageSize(query, maxLimit(runtime)),
    collectionUrl: `${req.links.self}/flavors/detail`,
    query,
  }));
}

/** `GET /flavors/{id}`. */
async function show(runtime: ComputeRuntime, req: ApiRequest): Promise<Response> {
  checkQuery(noParamsQuerySchema(req.version), req.query);
  const flavor = await visibleFlavor(runtime.kv, req.context, req.params.id);
  const specs = includeExtraSpecs(runtime, req);
  return json({ flavor: flavorDetail(flavor, req.version, req.links, specs) });
}

/** `POST /flavors` (200, not 201, as Nova answers). */
async function create(runtime: ComputeRuntime, req: ApiRequest): Promise<Response> {
  checkBody(createFlavorSchema(req.version), req.body);
  runtime.authorize(MANAGE_POLICY.create, req.context, {});
  const vals = (req.body as { flavor: Record<string, unknown> }).flavor;
  const input = newFlavorFromBody(vals, req.version.atLeast("2.55"));
  let flavor: FlavorRecord;
  try {
    // Nova does not give the creating project access to a private flavor (bug 1209101).
    flavor = await createFlavor(runtime.kv, input);
  } catch (e) {
    if (e instanceof FlavorIdExists || e instanceof FlavorNameExists) {
      throw new NovaFault(409, e.message);
    }
    throw e;
  }
  const specs = includeExtraSpecs(runtime, req);
  return json({ flavor: flavorDetail(flavor, req.version, req.links, specs) });
}

/** `PUT /flavors/{id}` (2.55+): change the description. */
async function update(runtime: ComputeRuntime, req: ApiRequest): Promise<Response> {
  checkBody(UPDATE_FLAVOR, req.body);
  runtime.authorize(MANAGE_POLICY.update, req.context, {});
  const id = req.params.id;
  await visibleFlavor(runtime.kv, req.context, id);
  const { description } = (req.body as { flavor: { description: string | null } }).flavor;
  let flavor: FlavorRecord;
  try {
    flavor = await updateFlavorDescription(runtime.kv, id, description);
  } catch (e) {
    if (e instanceof FlavorNotFound) throw flavorNotFound(id);
    throw e;
  }
  const specs = includeExtraSpecs(runtime, req);
  return json({ flavor: flavorDetail(flavor, req.version, req.links, specs) });
}

/** `DELETE /flavors/{id}` (202 with no body, as Nova answers). */
async function remove(runtime: ComputeRuntime, req: ApiRequest): Promise<Response> {
  runtime.authorize(MANAGE_POLICY.delete, req.context, {});
  try {
    await deleteFlavor(runtime.kv, req.params.id);
  } catch (e) {
    if (e instanceof FlavorNotFound) throw flavorNotFound(req.params.id);
    throw e;
  }
  return empty(202, { "content-type": "application/json" });
}

/**
 * Every route of the flavor family: `/flavors` (list, detail, show, create, update, delete),
 * `/flavors/{id}/action` (tenant access), `/flavors/{flavor_id}/os-flavor-access` and
 * `/flavors/{flavor_id}/os-extra_specs[/{id}]`. Literal rows come before templates.
 *
 * @example
 * ```ts
 * const router = createRouter([...flavorRoutes(runtime)]);
 * ```
 */
export function flavorRoutes(runtime: ComputeRuntime): Route[] {
  const bind =
    (fn: (rt: ComputeRuntime, req: ApiRequest) => Promise<Response>) => (req: ApiRequest) =>
      fn(runtime, req);
  return [
    { method: "GET", path: "/flavors", handler: bind(index) },
    { method: "POST", path: "/flavors", handler: bind(create) },
    { method: "GET", path: "/flavors/detail", handler: bind(detail) },
    { method: "GET", path: "/flavors/{id}", handler: bind(show) },
    { method: "PUT", path: "/flavors/{id}", min: "2.55", handler: bind(update) },
    { method: "DELETE", path: "/flavors/{id}", handler: bind(remove) },
    ...accessRoutes(runtime),
    ...extraSpecRoutes(runtime),
  ];
}

/**
 * The flavors controller (Nova's `FlavorsController`, which absorbed flavor-manage): list, detail,
 * show, create, update (2.55+) and delete. Schemas and policies are checked by the router from the
 * rows in `routes.ts`.
 *
 * @module
 */
import type { ApiRequest } from "../route.ts";
import type { ComputeRuntime } from "../runtime.ts";
import { NovaFault } from "../../http/fault.ts";
import { empty, json, jsonBytes } from "../../http/respond.ts";
import {
  createFlavor,
  deleteFlavor,
  type FlavorQuery,
  type FlavorRecord,
  listFlavors,
  updateFlavorDescription,
  visibleFlavor,
} from "../../flavors/mod.ts";
import { compilePythonRegex } from "../../validation/pyregex.ts";
import { newFlavorFromBody } from "./create.ts";
import { lastParam, limitAndMarker } from "../collection.ts";
import { parseIsPublic, parseMinFilter } from "./params.ts";
import { flavorBasic, flavorDetail, flavorList } from "./views.ts";
import { listingBody } from "./list_cache.ts";

/** Nova's flavor-manage policy rules. */
export const MANAGE_POLICY = {
  create: "os_compute_api:os-flavor-manage:create",
  update: "os_compute_api:os-flavor-manage:update",
  delete: "os_compute_api:os-flavor-manage:delete",
} as const;

/** The rule that lets a caller see extra specs inside flavor views from 2.61. */
export const EXTRA_SPECS_INDEX_POLICY = "os_compute_api:os-flavor-extra-specs:index";

/** Whether a flavor view carries `extra_specs` (2.61+, and only if the caller may list them). */
function includeExtraSpecs(req: ApiRequest): boolean {
  return req.version.atLeast("2.61") && req.runtime.allowed(EXTRA_SPECS_INDEX_POLICY, req.context);
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
async function getFlavors(req: ApiRequest): Promise<FlavorRecord[]> {
  const { runtime, query } = req;
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
  return await listFlavors(runtime.kv, viewer, spec);
}

/**
 * What a listing body depends on besides the flavors themselves: the route, microversion, policy
 * outcome, viewer, the query the schema kept and the link bases.
 */
function listingKey(req: ApiRequest, route: string, specs: boolean): string {
  return [
    route,
    req.version.toString(),
    specs,
    req.context.isAdmin,
    req.context.projectId ?? "",
    req.query.toString(),
    req.links.self,
    req.links.bookmark,
  ].join("\u0000");
}

const utf8 = new TextEncoder();

/** `GET /flavors`: id, name, links (and description from 2.55). */
export async function index(req: ApiRequest): Promise<Response> {
  return jsonBytes(
    await listingBody(req.runtime.kv, listingKey(req, "index", false), async () => {
      const flavors = await getFlavors(req);
      const items = flavors.map((f) => flavorBasic(f, req.version, req.links));
      return utf8.encode(JSON.stringify(flavorList(items, flavors, {
        collectionUrl: `${req.links.self}/flavors`,
        query: req.query,
        maxLimit: maxLimit(req.runtime),
      })));
    }),
  );
}

/** `GET /flavors/detail`: full views. */
export async function detail(req: ApiRequest): Promise<Response> {
  const specs = includeExtraSpecs(req);
  return jsonBytes(
    await listingBody(req.runtime.kv, listingKey(req, "detail", specs), async () => {
      const flavors = await getFlavors(req);
      const items = flavors.map((f) => flavorDetail(f, req.version, req.links, specs));
      return utf8.encode(JSON.stringify(flavorList(items, flavors, {
        collectionUrl: `${req.links.self}/flavors/detail`,
        query: req.query,
        maxLimit: maxLimit(req.runtime),
      })));
    }),
  );
}

/** `GET /flavors/{id}`. */
export async function show(req: ApiRequest): Promise<Response> {
  const flavor = await visibleFlavor(req.runtime.kv, req.context, req.params.id);
  return json({ flavor: flavorDetail(flavor, req.version, req.links, includeExtraSpecs(req)) });
}

/** `POST /flavors` (200, not 201, as Nova answers). */
export async function create(req: ApiRequest): Promise<Response> {
  const vals = (req.body as { flavor: Record<string, unknown> }).flavor;
  const input = newFlavorFromBody(vals, req.version.atLeast("2.55"));
  // Nova does not give the creating project access to a private flavor (bug 1209101).
  const flavor = await createFlavor(req.runtime.kv, input);
  return json({ flavor: flavorDetail(flavor, req.version, req.links, includeExtraSpecs(req)) });
}

/** `PUT /flavors/{id}` (2.55+): change the description. */
export async function update(req: ApiRequest): Promise<Response> {
  const id = req.params.id;
  await visibleFlavor(req.runtime.kv, req.context, id);
  const { description } = (req.body as { flavor: { description: string | null } }).flavor;
  const flavor = await updateFlavorDescription(req.runtime.kv, id, description);
  return json({ flavor: flavorDetail(flavor, req.version, req.links, includeExtraSpecs(req)) });
}

/** `DELETE /flavors/{id}` (202 with no body, as Nova answers). */
export async function remove(req: ApiRequest): Promise<Response> {
  await deleteFlavor(req.runtime.kv, req.params.id);
  return empty(202, { "content-type": "application/json" });
}

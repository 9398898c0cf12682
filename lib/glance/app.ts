/**
 * The Glance v2 read subset the compute process serves in place of Glance, mounted behind the auth
 * filters: `GET /images` (name, status, visibility, owner and id filters, any other parameter
 * an exact match on that field or property; limit, marker,
 * sort_key/sort_dir and `sort`; Glance's `next` link) and `GET /images/{id}`, over an
 * {@link ImageCatalog} and the images servers made (snapshots and backups, in the store), which
 * `DELETE /images/{id}` removes and whose properties `PATCH /images/{id}` changes (`patch.ts`). Anything else is webob's 404 or 405, as Glance answers.
 *
 * @module
 */
import type { RequestContext } from "../context/context.ts";
import type { ImageCatalog } from "../images/catalog.ts";
import { deleteImage, findImage, imageVisible, listAllImages } from "../images/stored.ts";
import type { Image } from "../images/types.ts";
import { environ } from "../http/environ.ts";
import { json } from "../http/respond.ts";
import type { Handler } from "../http/types.ts";
import { webobErrorResponse } from "../http/webob_error.ts";
import { patchImage } from "./patch.ts";
import { imageView } from "./views.ts";

/** Glance's `limit_param_default` and `api_limit_max`. */
export const DEFAULT_LIMIT = 25;
/** Glance's `api_limit_max`. */
export const MAX_LIMIT = 1000;

const SORT_KEYS = [
  "name",
  "status",
  "container_format",
  "disk_format",
  "size",
  "id",
  "created_at",
  "updated_at",
  "min_disk",
  "min_ram",
  "visibility",
  "owner",
] as const;

class BadRequest extends Error {}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function fail(request: Request, status: number, title: string, explanation: string) {
  return webobErrorResponse(request, { status, title, explanation });
}

/** The `(key, dir)` pairs of a list request, Glance's way (`sort` or `sort_key`/`sort_dir`). */
function sortPairs(q: URLSearchParams): [string, "asc" | "desc"][] {
  const check = (key: string) => {
    if (!(SORT_KEYS as readonly string[]).includes(key)) {
      throw new BadRequest(
        `Invalid sort key: ${key}. It should be one of the following: ${SORT_KEYS.join(", ")}.`,
      );
    }
  };
  const checkDir = (dir: string): "asc" | "desc" => {
    if (dir !== "asc" && dir !== "desc") {
      throw new BadRequest(`Invalid sort direction: ${dir}`);
    }
    return dir;
  };
  const sort = q.get("sort");
  if (sort !== null) {
    if (q.has("sort_key") || q.has("sort_dir")) {
      throw new BadRequest(
        "The 'sort' parameter cannot be used with the 'sort_key' or 'sort_dir' parameters.",
      );
    }
    return sort.split(",").map((item) => {
      const [key, dir = "desc"] = item.trim().split(":");
      check(key);
      return [key, checkDir(dir)];
    });
  }
  const keys = q.getAll("sort_key");
  const dirs = q.getAll("sort_dir").map(checkDir);
  if (dirs.length > 1 && dirs.length !== keys.length) {
    throw new BadRequest("Number of sort dirs does not match the number of sort keys");
  }
  const pairs: [string, "asc" | "desc"][] = (keys.length ? keys : ["created_at"]).map((k, i) => {
    check(k);
    return [k, dirs[i] ?? dirs[0] ?? "desc"];
  });
  if (!pairs.some(([k]) => k === "id")) pairs.push(["id", pairs[pairs.length - 1][1]]);
  return pairs;
}

function compare(a: Image, b: Image, pairs: [string, "asc" | "desc"][]): number {
  for (const [key, dir] of pairs) {
    const x = (a as unknown as Record<string, unknown>)[key];
    const y = (b as unknown as Record<string, unknown>)[key];
    if (x === y) continue;
    const order = x === null ? -1 : y === null ? 1 : (x as number) < (y as number) ? -1 : 1;
    return dir === "asc" ? order : -order;
  }
  return 0;
}

/** Query parameters that are not filters, or are filters handled (or not served) elsewhere. */
const NOT_PROPERTY_FILTERS = new Set([
  "limit",
  "marker",
  "sort",
  "sort_key",
  "sort_dir",
  "visibility",
  "member_status",
  "protected",
  "os_hidden",
  "size_min",
  "size_max",
  "created_at",
  "updated_at",
  "changes-since",
  "name",
  "status",
  "id",
  "owner",
  "disk_format",
  "container_format",
]);

/**
 * Glance's filter on any other parameter: an exact match on the image's field of that name
 * (`size`, `min_disk`, `min_ram`) or else on its property (`image_type=backup`).
 */
function propertyMatches(image: Image, q: URLSearchParams): boolean {
  for (const [key, wanted] of q) {
    if (NOT_PROPERTY_FILTERS.has(key)) continue;
    const value = ["size", "min_disk", "min_ram"].includes(key)
      ? String((image as unknown as Record<string, unknown>)[key])
      : Object.hasOwn(image.properties, key)
      ? image.properties[key]
      : undefined;
    if (value !== wanted) return false;
  }
  return true;
}

/** Glance's `in:` operator values of a filter (`in:a,b`), else the one value. */
function filterValues(value: string): string[] {
  return value.startsWith("in:")
    ? value.slice(3).split(",").map((v) => v.replace(/^"(.*)"$/, "$1"))
    : [value];
}

/** Where the images servers made are kept (the store) and the clock their status follows. */
export interface StoredImages {
  kv: () => Promise<Deno.Kv>;
  clock?: () => Date;
}

/** The catalog's images, with the stored ones when there is a store. */
interface ImageSource {
  get(id: string): Promise<Image | null>;
  list(): Promise<Image[]>;
  visibleTo(image: Image, projectId: string | null, isAdmin: boolean): boolean;
}

function sourceOf(catalog: ImageCatalog, stored?: StoredImages): ImageSource {
  if (!stored) {
    return {
      get: (id) => Promise.resolve(catalog.get(id)),
      list: () => Promise.resolve(catalog.list()),
      visibleTo: catalog.visibleTo,
    };
  }
  const now = () => (stored.clock ?? (() => new Date()))();
  return {
    get: async (id) => findImage(await stored.kv(), catalog, id, now()),
    list: async () => listAllImages(await stored.kv(), catalog, now()),
    visibleTo: imageVisible,
  };
}

async function listImages(
  catalog: ImageSource,
  context: RequestContext,
  q: URLSearchParams,
  path: string,
): Promise<Response> {
  const isAdmin = context.isAdmin;
  let limit = DEFAULT_LIMIT;
  const rawLimit = q.get("limit");
  if (rawLimit !== null) {
    if (!/^-?\d+$/.test(rawLimit.trim())) throw new BadRequest("limit param must be an integer");
    limit = Number(rawLimit);
    if (limit < 0) throw new BadRequest("limit param must be positive");
    limit = Math.min(limit, MAX_LIMIT);
  }
  const pairs = sortPairs(q);
  const visibility = q.get("visibility");
  if (
    visibility !== null &&
    !["public", "private", "shared", "community", "all"].includes(visibility)
  ) {
    throw new BadRequest(`Invalid visibility value: ${visibility}`);
  }
  const matches = (image: Image) => {
    if (!catalog.visibleTo(image, context.projectId, isAdmin)) return false;
    if (visibility === null) {
      if (image.visibility === "community") return false;
    } else if (visibility !== "all" && image.visibility !== visibility) return false;
    for (const field of ["name", "status", "id", "owner", "disk_format", "container_format"]) {
      const wanted = q.get(field);
      if (wanted === null) continue;
      const value = (image as unknown as Record<string, unknown>)[field];
      if (!filterValues(wanted).includes(String(value))) return false;
    }
    return propertyMatches(image, q);
  };
  const sorted = (await catalog.list()).filter(matches).sort((a, b) => compare(a, b, pairs));
  let start = 0;
  const marker = q.get("marker");
  if (marker !== null) {
    const at = sorted.findIndex((i) => i.id === marker);
    const known = await catalog.get(marker);
    if (at < 0 && !(known && catalog.visibleTo(known, context.projectId, isAdmin))) {
      throw new BadRequest(`Invalid marker. Image ${marker} could not be found.`);
    }
    start = at < 0 ? sorted.findIndex((i) => compare(i, known!, pairs) > 0) : at + 1;
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + limit);
  const body: Record<string, unknown> = {
    images: page.map(imageView),
    first: "/v2/images",
    schema: "/v2/schemas/images",
  };
  if (page.length > 0 && page.length === limit) {
    const next = new URLSearchParams(q);
    next.set("marker", page[page.length - 1].id);
    body.next = `${path}?${next.toString()}`;
  }
  return json(body);
}

/**
 * The app; `catalog` gives the configured images, `stored` (when given) the images servers made,
 * which `DELETE /images/{id}` may remove (their owner or an admin); the request's context (from
 * the auth filters) gives the caller.
 */
export function glanceApp(catalog: ImageCatalog, stored?: StoredImages): Handler {
  const source = sourceOf(catalog, stored);
  return async (request) => {
    const env = environ(request);
    const path = env.pathInfo.replace(/\/+$/, "");
    const context = env.context;
    try {
      if (path === "/images" || path.startsWith("/images/")) {
        const method = request.method;
        const deletable = stored && method === "DELETE" && path !== "/images";
        const patchable = stored && method === "PATCH" && path !== "/images";
        if (method !== "GET" && method !== "HEAD" && !deletable && !patchable) {
          return fail(
            request,
            405,
            "Method Not Allowed",
            "The method is not allowed for this resource.",
          );
        }
        if (!context) throw new Error("the Glance subset needs the auth filters before it");
        if (path === "/images") {
          return await listImages(source, context, new URLSearchParams(env.query), "/v2/images");
        }
        const id = safeDecode(path.slice("/images/".length));
        const image = id.includes("/") ? null : await source.get(id);
        if (!image || !source.visibleTo(image, context.projectId, context.isAdmin)) {
          return fail(request, 404, "Not Found", `No image found with ID ${id}`);
        }
        if (deletable) {
          const result = await deleteImage(
            await stored.kv(),
            catalog,
            id,
            context.projectId,
            context.isAdmin,
          );
          if (result === "forbidden") {
            return fail(request, 403, "Forbidden", "You are not permitted to delete this image.");
          }
          if (result === "not-found") {
            return fail(request, 404, "Not Found", `Failed to find image ${id} to delete`);
          }
          return new Response(null, { status: 204 });
        }
        if (patchable) {
          const now = (stored.clock ?? (() => new Date()))();
          return await patchImage(request, await stored.kv(), catalog, image, context, now);
        }
        return json(imageView(image));
      }
      return fail(request, 404, "Not Found", "The resource could not be found.");
    } catch (e) {
      if (e instanceof BadRequest) return fail(request, 400, "Bad Request", e.message);
      throw e;
    }
  };
}

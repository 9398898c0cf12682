/**
 * Glance's `PATCH /v2/images/{id}` for an image's own properties (`hw_rescue_bus`, `os_distro`,
 * ...): a JSON patch (`application/openstack-images-v2.1-json-patch`) of `add`, `replace` and
 * `remove` operations on `/<property>`. The image's fixed fields are not changed here (403, as
 * Glance answers for its read-only ones); who may write is {@link writeImageProperties}'s rule
 * (the owner's members or an admin; the configured catalog is read-only).
 *
 * @module
 */
import type { RequestContext } from "../context/context.ts";
import type { ImageCatalog } from "../images/catalog.ts";
import { writeImageProperties } from "../images/properties.ts";
import type { Image } from "../images/types.ts";
import { json } from "../http/respond.ts";
import { webobErrorResponse } from "../http/webob_error.ts";
import { imageView } from "./views.ts";

/** The patch media types Glance accepts. */
const PATCH_TYPES = [
  "application/openstack-images-v2.1-json-patch",
  "application/openstack-images-v2.0-json-patch",
];

/** Glance's fixed image fields: not properties, so not changed by this patch. */
const FIXED = new Set([
  "id",
  "name",
  "status",
  "visibility",
  "protected",
  "os_hidden",
  "owner",
  "checksum",
  "os_hash_algo",
  "os_hash_value",
  "size",
  "virtual_size",
  "min_disk",
  "min_ram",
  "disk_format",
  "container_format",
  "tags",
  "created_at",
  "updated_at",
  "self",
  "file",
  "schema",
  "locations",
  "direct_url",
]);

class PatchError extends Error {
  constructor(readonly status: number, readonly title: string, message: string) {
    super(message);
  }
}

/** The properties after applying `operations` to `properties`. */
function applied(properties: Record<string, string>, operations: unknown): Record<string, string> {
  if (!Array.isArray(operations)) {
    throw new PatchError(
      400,
      "Bad Request",
      "Request body must be a JSON array of operation objects.",
    );
  }
  const out = { ...properties };
  for (const op of operations) {
    if (op === null || typeof op !== "object" || Array.isArray(op)) {
      throw new PatchError(400, "Bad Request", "Operations must be JSON objects.");
    }
    // Glance takes RFC 6902's `{op, path}` and the older draft's `{"add": path}` alike.
    const fields = op as Record<string, unknown>;
    const draft = ["add", "replace", "remove"].find((k) => k in fields);
    const kind = fields.op ?? draft;
    const path = fields.op === undefined && draft ? fields[draft] : fields.path;
    const value = fields.value;
    if (kind !== "add" && kind !== "replace" && kind !== "remove") {
      throw new PatchError(
        400,
        "Bad Request",
        `Invalid operation: \`${
          String(kind)
        }\`. It must be one of the following: add, remove, replace.`,
      );
    }
    if (typeof path !== "string" || !/^\/[^/]+$/.test(path)) {
      throw new PatchError(400, "Bad Request", `Invalid JSON pointer for this resource: '${path}'`);
    }
    const key = path.slice(1).replaceAll("~1", "/").replaceAll("~0", "~");
    if (FIXED.has(key)) {
      throw new PatchError(403, "Forbidden", `Attribute '${key}' is read-only.`);
    }
    if (kind === "remove") {
      if (!(key in out)) {
        throw new PatchError(409, "Conflict", `Property ${key} does not exist.`);
      }
      delete out[key];
      continue;
    }
    if (typeof value !== "string") {
      throw new PatchError(
        400,
        "Bad Request",
        `Provided object does not match schema 'image': ${
          JSON.stringify(value ?? null)
        } is not of type 'string'`,
      );
    }
    if (kind === "replace" && !(key in out)) {
      throw new PatchError(409, "Conflict", `Property ${key} does not exist.`);
    }
    out[key] = value;
  }
  return out;
}

/**
 * Answers a `PATCH` of `image` (found and visible to the caller) with the image as it is after.
 */
export async function patchImage(
  request: Request,
  kv: Deno.Kv,
  catalog: ImageCatalog,
  image: Image,
  context: RequestContext,
  now: Date,
): Promise<Response> {
  const fail = (status: number, title: string, explanation: string) =>
    webobErrorResponse(request, { status, title, explanation });
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!PATCH_TYPES.includes(type)) {
    return fail(415, "Unsupported Media Type", `Unsupported Content-Type`);
  }
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return fail(400, "Bad Request", "Malformed JSON in request body.");
  }
  let properties: Record<string, string>;
  try {
    properties = applied(image.properties, body);
  } catch (e) {
    if (e instanceof PatchError) return fail(e.status, e.title, e.message);
    throw e;
  }
  const written = await writeImageProperties(
    kv,
    catalog,
    image.id,
    {
      projectId: context.projectId,
      isAdmin: context.isAdmin,
      roles: context.roles,
    },
    properties,
    now,
  );
  if (written.result === "not-found") {
    return fail(404, "Not Found", `No image found with ID ${image.id}`);
  }
  if (written.result === "forbidden") {
    return fail(403, "Forbidden", "You are not permitted to modify this image.");
  }
  return json(imageView({
    ...image,
    properties: written.properties,
    updated_at: now.toISOString(),
  }));
}

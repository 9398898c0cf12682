/**
 * The image metadata proxy up to 2.38 (Nova's `ImageMetadataController`): an image's properties
 * as metadata. Reads serve any image the caller sees; writes go through as Nova's image update
 * (every property replaced) after Nova's checks: the body against the URI, the image found,
 * then the `metadata_items` limit (403 "Image metadata limit exceeded"). The image service then
 * decides (`lib/images/properties.ts`): a refusal is Nova's 403 "Not authorized for image ...".
 * Nova checks no policy here. Past 2.38 the rows are capped (`../capped/routes.ts`).
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { NovaFault } from "../../http/fault.ts";
import { empty, json } from "../../http/respond.ts";
import { findImage, imageVisible } from "../../images/stored.ts";
import { writeImageProperties } from "../../images/properties.ts";
import type { Image } from "../../images/types.ts";
import { OverQuota, quotaReader } from "../../quota/mod.ts";
import { metadata } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import {
  DELETE_IMAGE_META_RESPONSE,
  IMAGE_META_ITEM_RESPONSE,
  IMAGE_METADATA_RESPONSE,
} from "./response_schemas.ts";

/** Nova's `MAX_IMAGE_META_PROXY_API_VERSION`. */
export const IMAGE_META_CEILING = "2.38";

/** `create` and `update_all`: `{"metadata": {...}}`. */
const METADATA_BODY: SchemaObject = {
  type: "object",
  properties: { metadata },
  required: ["metadata"],
  additionalProperties: false,
};

/** `update`: `{"meta": {key: value}}`, exactly one item. */
const META_BODY: SchemaObject = {
  type: "object",
  properties: { meta: { ...metadata, minProperties: 1, maxProperties: 1 } },
  required: ["meta"],
  additionalProperties: false,
};

/** The image the caller sees, or Nova's 404 "Image not found.". */
async function find(req: ApiRequest): Promise<Image> {
  const { kv, images, instances } = req.runtime;
  const image = await findImage(kv, images, req.params.image_id, instances.clock());
  if (!image || !imageVisible(image, req.context.projectId, req.context.isAdmin)) {
    throw new NovaFault(404, "Image not found.");
  }
  return image;
}

/** Nova's `check_img_metadata_properties_quota`: `properties` against `metadata_items`. */
async function checkQuota(req: ApiRequest, properties: Record<string, string>): Promise<void> {
  const count = Object.keys(properties).length;
  if (count === 0) return;
  try {
    await req.runtime.instances.quota.check(quotaReader(req.runtime.kv), {
      projectId: req.context.projectId ?? "",
      userId: req.context.userId ?? "",
      values: { metadata_items: count },
    });
  } catch (e) {
    if (e instanceof OverQuota) throw new NovaFault(403, "Image metadata limit exceeded");
    throw e;
  }
}

/** Write `properties` as the image's whole set; the set written. */
async function write(
  req: ApiRequest,
  image: Image,
  properties: Record<string, string>,
): Promise<Record<string, string>> {
  const { projectId, isAdmin, roles } = req.context;
  const { kv, images, instances } = req.runtime;
  const writer = { projectId, isAdmin, roles };
  const out = await writeImageProperties(
    kv,
    images,
    image.id,
    writer,
    properties,
    instances.clock(),
  );
  if (out.result === "forbidden") throw new NovaFault(403, `Not authorized for image ${image.id}.`);
  // Gone since it was found: the image service's 404, which Nova lets through.
  if (out.result === "not-found") {
    throw new NovaFault(404, `Image ${image.id} could not be found.`);
  }
  return out.properties;
}

const bodyOf = <T>(req: ApiRequest) => req.body as T;

/** The image metadata rows (2.1-2.38). */
export const IMAGE_METADATA_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/images/{image_id}/metadata",
    response: IMAGE_METADATA_RESPONSE,
    max: IMAGE_META_CEILING,
    handler: async (req) => json({ metadata: (await find(req)).properties }),
  },
  {
    method: "POST",
    path: "/images/{image_id}/metadata",
    response: IMAGE_METADATA_RESPONSE,
    max: IMAGE_META_CEILING,
    body: METADATA_BODY,
    handler: async (req) => {
      const image = await find(req);
      const properties = {
        ...image.properties,
        ...bodyOf<{ metadata: Record<string, string> }>(req).metadata,
      };
      await checkQuota(req, properties);
      return json({ metadata: await write(req, image, properties) });
    },
  },
  {
    method: "PUT",
    path: "/images/{image_id}/metadata",
    response: IMAGE_METADATA_RESPONSE,
    max: IMAGE_META_CEILING,
    body: METADATA_BODY,
    handler: async (req) => {
      const image = await find(req);
      const properties = bodyOf<{ metadata: Record<string, string> }>(req).metadata;
      await checkQuota(req, properties);
      await write(req, image, properties);
      return json({ metadata: properties });
    },
  },
  {
    method: "GET",
    path: "/images/{image_id}/metadata/{id}",
    response: IMAGE_META_ITEM_RESPONSE,
    max: IMAGE_META_CEILING,
    handler: async (req) => {
      const properties = (await find(req)).properties;
      const key = req.params.id;
      if (!Object.hasOwn(properties, key)) {
        throw new NovaFault(404, "The resource could not be found.");
      }
      return json({ meta: { [key]: properties[key] } });
    },
  },
  {
    method: "PUT",
    path: "/images/{image_id}/metadata/{id}",
    response: IMAGE_META_ITEM_RESPONSE,
    max: IMAGE_META_CEILING,
    body: META_BODY,
    handler: async (req) => {
      const meta = bodyOf<{ meta: Record<string, string> }>(req).meta;
      const key = req.params.id;
      if (!Object.hasOwn(meta, key)) throw new NovaFault(400, "Request body and URI mismatch");
      const image = await find(req);
      const properties = { ...image.properties, [key]: meta[key] };
      await checkQuota(req, properties);
      await write(req, image, properties);
      return json({ meta });
    },
  },
  {
    method: "DELETE",
    path: "/images/{image_id}/metadata/{id}",
    response: DELETE_IMAGE_META_RESPONSE,
    max: IMAGE_META_CEILING,
    handler: async (req) => {
      const image = await find(req);
      const key = req.params.id;
      if (!Object.hasOwn(image.properties, key)) {
        throw new NovaFault(404, "Invalid metadata key");
      }
      const properties = { ...image.properties };
      delete properties[key];
      await write(req, image, properties);
      return empty(204);
    },
  },
];

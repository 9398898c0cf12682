/**
 * Response schemas of the `/images` proxy (Nova's `*_response` in `schemas/images.py`): each
 * image has exactly its self, bookmark and Glance (`alternate`) links, in that order.
 *
 * @module
 */
import {
  collectionLinks,
  dateTime,
  dateTimeOrNull,
  NULL_RESPONSE,
  object,
  wrap,
} from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const URI: SchemaObject = { type: "string", format: "uri" };
const UUID: SchemaObject = { type: "string", format: "uuid" };
const link = (rel: string): SchemaObject => object({ href: URI, rel: { const: rel } });

const IMAGE_LINKS: SchemaObject = {
  type: "array",
  prefixItems: [
    link("self"),
    link("bookmark"),
    object({
      href: URI,
      rel: { const: "alternate" },
      type: { const: "application/vnd.openstack.image" },
    }),
  ],
  minItems: 3,
  maxItems: 3,
};

const IMAGE = object({
  created: dateTime,
  id: UUID,
  links: IMAGE_LINKS,
  metadata: {
    type: "object",
    patternProperties: {
      "^[a-zA-Z0-9-_:. ]{1,255}$": {
        type: ["array", "boolean", "integer", "number", "object", "string", "null"],
      },
    },
    additionalProperties: false,
  },
  minDisk: { type: "integer", minimum: 0 },
  minRam: { type: "integer", minimum: 0 },
  name: { type: ["string", "null"] },
  progress: { type: "integer", enum: [0, 25, 50, 100] },
  server: object({
    id: UUID,
    links: {
      type: "array",
      prefixItems: [link("self"), link("bookmark")],
      minItems: 2,
      maxItems: 2,
    },
  }),
  status: { type: "string", enum: ["ACTIVE", "SAVING", "DELETED", "ERROR", "UNKNOWN"] },
  updated: dateTimeOrNull,
  "OS-DCF:diskConfig": { type: "string", enum: ["AUTO", "MANUAL"] },
  "OS-EXT-IMG-SIZE:size": { type: "integer" },
}, [
  "created",
  "id",
  "links",
  "metadata",
  "minDisk",
  "minRam",
  "name",
  "progress",
  "status",
  "updated",
  "OS-EXT-IMG-SIZE:size",
]);

/** `GET /images/{id}`. */
export const SHOW_IMAGE_RESPONSE: SchemaObject = wrap("image", IMAGE);
/** `DELETE /images/{id}`. */
export const DELETE_IMAGE_RESPONSE: SchemaObject = NULL_RESPONSE;
/** `GET /images`. */
export const LIST_IMAGES_RESPONSE: SchemaObject = wrap(
  "images",
  {
    type: "array",
    items: object({ id: UUID, links: IMAGE_LINKS, name: { type: ["string", "null"] } }),
  },
  { images_links: collectionLinks },
);
/** `GET /images/detail`. */
export const DETAIL_IMAGES_RESPONSE: SchemaObject = wrap(
  "images",
  { type: "array", items: IMAGE },
  { images_links: collectionLinks },
);

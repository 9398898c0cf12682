/**
 * Response schemas of the version documents (Nova's `*_response` in `schemas/versions.py`).
 * Nova's version object allows `media-types` wherever it is used (its listing shares the object).
 *
 * @module
 */
import { object, wrap } from "./response_types.ts";
import type { SchemaObject } from "../validation/types.ts";

const STRING: SchemaObject = { type: "string" };

/** One version: id, status, links, version range, update time, media types. */
export const VERSION_OBJECT: SchemaObject = object({
  id: STRING,
  status: { type: "string", enum: ["CURRENT", "SUPPORTED", "DEPRECATED"] },
  links: {
    type: "array",
    items: object({ href: STRING, rel: STRING, type: STRING }, ["rel", "href"]),
  },
  min_version: STRING,
  updated: { type: "string", format: "date-time" },
  version: STRING,
  "media-types": { type: "array", items: object({ base: STRING, type: STRING }) },
}, ["id", "status", "links", "min_version", "updated"]);

/** `GET /v2.1/versions/{id}` (and `GET /v2.1/`): `{"version": {...}}`. */
export const SHOW_VERSION_RESPONSE: SchemaObject = wrap("version", VERSION_OBJECT);

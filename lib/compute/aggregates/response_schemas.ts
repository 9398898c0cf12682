/**
 * Response schemas of `/os-aggregates` (Nova's `*_response` in `schemas/aggregates.py` and
 * `aggregate_images.py`): 2.41 adds the uuid; a new aggregate has no hosts or metadata yet.
 * Nova declares them from 2.1.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { dateTime, dateTimeOrNull, edit, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const AGGREGATE = object({
  availability_zone: { type: ["null", "string"] },
  created_at: dateTime,
  deleted: { type: "boolean" },
  deleted_at: dateTimeOrNull,
  hosts: { type: ["array", "null"], items: { type: "string" } },
  id: { type: "integer" },
  metadata: { type: ["null", "object"], properties: {}, additionalProperties: true },
  name: { type: "string" },
  updated_at: dateTimeOrNull,
});
const AGGREGATE_241 = edit(AGGREGATE, [], {
  set: { uuid: { type: "string", format: "uuid" } },
  require: ["uuid"],
});
const NEW = { remove: ["hosts", "metadata"] } as const;

const versions = (make: (a: SchemaObject) => SchemaObject): VersionedSchema => [
  ["2.41", make(AGGREGATE_241)],
  ["2.1", make(AGGREGATE)],
];

/** `GET /os-aggregates`. */
export const LIST_AGGREGATES_RESPONSE: VersionedSchema = versions((a) =>
  wrap("aggregates", { type: "array", items: a })
);
/** `POST /os-aggregates`. */
export const CREATE_AGGREGATE_RESPONSE: VersionedSchema = versions((a) =>
  wrap("aggregate", edit(a, [], NEW))
);
/** Show, update, and the add_host, remove_host and set_metadata actions. */
export const SHOW_AGGREGATE_RESPONSE: VersionedSchema = versions((a) => wrap("aggregate", a));
/** `DELETE /os-aggregates/{id}`. */
export const DELETE_AGGREGATE_RESPONSE: SchemaObject = NULL_RESPONSE;
/** `POST /os-aggregates/{id}/images` (2.81+). */
export const AGGREGATE_IMAGES_RESPONSE: SchemaObject = NULL_RESPONSE;

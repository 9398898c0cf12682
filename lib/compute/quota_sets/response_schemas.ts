/**
 * Response schemas of `/os-quota-sets` (Nova's `*_response` in `schemas/quota_sets.py`): the
 * network quotas go at 2.36 and the injected-file quotas at 2.57.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { edit, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const LIMIT: SchemaObject = { type: "integer", minimum: -1 };
const DETAIL: SchemaObject = object({ in_use: LIMIT, limit: LIMIT, reserved: LIMIT });

/** The quota names of Nova's response schema, in its order. */
export const QUOTA_NAMES = [
  "cores",
  "fixed_ips",
  "floating_ips",
  "injected_file_content_bytes",
  "injected_file_path_bytes",
  "injected_files",
  "instances",
  "key_pairs",
  "metadata_items",
  "ram",
  "security_groups",
  "security_group_rules",
  "server_groups",
  "server_group_members",
];
const GONE_236 = ["fixed_ips", "floating_ips", "security_group_rules", "security_groups"];
const GONE_257 = ["injected_files", "injected_file_content_bytes", "injected_file_path_bytes"];

/** The quota set at each version: `[2.57, 2.36, 2.0]`, each value of `value`'s schema. */
function sets(value: SchemaObject): SchemaObject[] {
  const base = object(Object.fromEntries(QUOTA_NAMES.map((n) => [n, value])));
  const v236 = edit(base, [], { remove: GONE_236 });
  return [edit(v236, [], { remove: GONE_257 }), v236, base];
}

const withId = (set: SchemaObject) =>
  wrap("quota_set", edit(set, [], { set: { id: { type: "string" } }, require: ["id"] }));
const versions = (schemas: SchemaObject[]): VersionedSchema => [
  ["2.57", schemas[0]],
  ["2.36", schemas[1]],
  ["2.0", schemas[2]],
];

/** `GET /os-quota-sets/{id}` and `GET .../defaults`. */
export const SHOW_QUOTA_SET_RESPONSE: VersionedSchema = versions(sets(LIMIT).map(withId));
/** `GET /os-quota-sets/{id}/detail`. */
export const DETAIL_QUOTA_SET_RESPONSE: VersionedSchema = versions(sets(DETAIL).map(withId));
/** `PUT /os-quota-sets/{id}`: no id. */
export const UPDATE_QUOTA_SET_RESPONSE: VersionedSchema = versions(
  sets(LIMIT).map((s) => wrap("quota_set", s)),
);
/** `DELETE /os-quota-sets/{id}`. */
export const DELETE_QUOTA_SET_RESPONSE: SchemaObject = NULL_RESPONSE;

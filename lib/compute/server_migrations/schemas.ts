/**
 * Schemas of the server migrations API (Nova's `schemas/server_migrations.py`): the
 * `force_complete` action's body (`{"force_complete": null}`), and the list and show queries
 * (anything before 2.102, nothing from it).
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import type { SchemaObject } from "../../validation/mod.ts";

/** `POST /servers/{server_id}/migrations/{id}/action` with `force_complete`. */
export const FORCE_COMPLETE: SchemaObject = {
  type: "object",
  properties: { force_complete: { type: "null" } },
  required: ["force_complete"],
  additionalProperties: false,
};

const OPEN_UNTIL_2102: VersionedSchema = [
  ["2.102", { type: "object", properties: {}, additionalProperties: false }],
  ["2.1", { type: "object", properties: {}, additionalProperties: true }],
];

/** `GET /servers/{server_id}/migrations`. */
export const INDEX_QUERY: VersionedSchema = OPEN_UNTIL_2102;

/** `GET /servers/{server_id}/migrations/{id}`. */
export const SHOW_QUERY: VersionedSchema = OPEN_UNTIL_2102;

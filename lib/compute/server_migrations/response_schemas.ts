/**
 * Response schemas of `/servers/{id}/migrations` (Nova's `*_response` in
 * `schemas/server_migrations.py`): 2.59 adds the uuid, 2.80 the owner.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { dateTime, edit, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import { projectId, userId } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const HOST: SchemaObject = { type: ["string", "null"] };
const BYTES: SchemaObject = { type: ["integer", "null"], minimum: 1 };
const UUID: SchemaObject = { type: "string", format: "uuid" };

const MIGRATION = object({
  created_at: dateTime,
  dest_compute: HOST,
  dest_host: HOST,
  dest_node: HOST,
  disk_processed_bytes: BYTES,
  disk_remaining_bytes: BYTES,
  disk_total_bytes: BYTES,
  id: { type: "integer" },
  memory_processed_bytes: BYTES,
  memory_remaining_bytes: BYTES,
  memory_total_bytes: BYTES,
  server_uuid: UUID,
  source_compute: HOST,
  source_node: HOST,
  status: { type: "string" },
  updated_at: dateTime,
});
const MIGRATION_259 = edit(MIGRATION, [], { set: { uuid: UUID }, require: ["uuid"] });
const MIGRATION_280 = edit(MIGRATION_259, [], {
  set: { project_id: projectId, user_id: userId },
  require: ["project_id", "user_id"],
});

const versions = (make: (m: SchemaObject) => SchemaObject): VersionedSchema => [
  ["2.80", make(MIGRATION_280)],
  ["2.59", make(MIGRATION_259)],
  ["2.23", make(MIGRATION)],
];

/** `GET /servers/{id}/migrations` (2.23+). */
export const LIST_SERVER_MIGRATIONS_RESPONSE: VersionedSchema = versions((m) =>
  wrap("migrations", { type: "array", items: m })
);
/** `GET /servers/{id}/migrations/{id}` (2.23+). */
export const SHOW_SERVER_MIGRATION_RESPONSE: VersionedSchema = versions((m) =>
  wrap("migration", m)
);
/** `DELETE /servers/{id}/migrations/{id}` and `force_complete`: no body. */
export const NO_BODY_RESPONSE: SchemaObject = NULL_RESPONSE;

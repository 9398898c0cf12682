/**
 * Response schema of `GET /os-migrations` (Nova's `index_response*` in `schemas/migrations.py`):
 * 2.23 adds the type and links, 2.59 the uuid and paging links, 2.80 the owner.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import {
  collectionLinks,
  dateTime,
  dateTimeOrNull,
  edit,
  links,
  object,
  wrap,
} from "../response_types.ts";
import { projectId, userId } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const HOST: SchemaObject = { type: ["string", "null"] };
const FLAVOR_ID: SchemaObject = { type: ["integer", "null"] };
const UUID: SchemaObject = { type: "string", format: "uuid" };
const ITEMS = ["migrations", "*"];

const V20 = wrap(
  "migrations",
  {
    type: "array",
    items: object({
      created_at: dateTime,
      dest_compute: HOST,
      dest_host: HOST,
      dest_node: HOST,
      id: { type: "integer" },
      instance_uuid: UUID,
      new_instance_type_id: FLAVOR_ID,
      old_instance_type_id: FLAVOR_ID,
      source_compute: HOST,
      source_node: HOST,
      status: { type: "string" },
      updated_at: dateTimeOrNull,
    }),
  },
);
const V223 = edit(V20, ITEMS, {
  set: {
    migration_type: {
      type: "string",
      enum: ["migration", "resize", "live-migration", "evacuation"],
    },
    links,
  },
  require: ["migration_type"],
});
const V259 = edit(edit(V223, [], { set: { migrations_links: collectionLinks } }), ITEMS, {
  set: { uuid: UUID },
  require: ["uuid"],
});
const V280 = edit(V259, ITEMS, {
  set: { project_id: projectId, user_id: userId },
  require: ["project_id", "user_id"],
});

/** `GET /os-migrations`. */
export const LIST_MIGRATIONS_RESPONSE: VersionedSchema = [
  ["2.80", V280],
  ["2.59", V259],
  ["2.23", V223],
  ["2.0", V20],
];

/**
 * Response schemas of `/os-server-groups` (Nova's `*_response` in `schemas/server_groups.py`):
 * 2.13 adds the owner, 2.15 the soft policies, 2.64 replaces `policies`/`metadata` with
 * `policy`/`rules`. Nova declares them from 2.1.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { edit, NULL_RESPONSE, object, wrap } from "../response_types.ts";
import { projectId, userId } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const UUID: SchemaObject = { type: "string", format: "uuid" };
const policies = (names: string[]): SchemaObject => ({
  type: "array",
  prefixItems: [{ type: "string", enum: names }],
  minItems: 0,
  maxItems: 1,
});

const GROUP = object({
  id: UUID,
  members: { type: "array", items: UUID },
  metadata: { type: "object", properties: {}, required: [], additionalProperties: false },
  name: { type: "string" },
  policies: policies(["affinity", "anti-affinity"]),
});
const GROUP_213 = edit(GROUP, [], {
  set: { project_id: projectId, user_id: userId },
  require: ["project_id", "user_id"],
});
const ALL_POLICIES = ["affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity"];
const GROUP_215 = edit(GROUP_213, [], { set: { policies: policies(ALL_POLICIES) } });
const GROUP_264 = edit(GROUP_215, [], {
  remove: ["metadata", "policies"],
  set: {
    policy: { type: "string", enum: ALL_POLICIES },
    rules: {
      type: "object",
      properties: { max_server_per_host: { type: "integer" } },
      required: [],
      additionalProperties: false,
    },
  },
  require: ["policy", "rules"],
});

const versions = (make: (g: SchemaObject) => SchemaObject): VersionedSchema => [
  ["2.64", make(GROUP_264)],
  ["2.15", make(GROUP_215)],
  ["2.13", make(GROUP_213)],
  ["2.1", make(GROUP)],
];

/** `GET /os-server-groups/{id}` and `POST /os-server-groups`. */
export const SHOW_SERVER_GROUP_RESPONSE: VersionedSchema = versions((g) => wrap("server_group", g));
/** `GET /os-server-groups`. */
export const LIST_SERVER_GROUPS_RESPONSE: VersionedSchema = versions((g) =>
  wrap("server_groups", { type: "array", items: g })
);
/** `DELETE /os-server-groups/{id}`. */
export const DELETE_SERVER_GROUP_RESPONSE: SchemaObject = NULL_RESPONSE;

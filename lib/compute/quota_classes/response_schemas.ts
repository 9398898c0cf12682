/**
 * Response schemas of `/os-quota-class-sets` (Nova's `*_response` in
 * `schemas/quota_classes.py`): at 2.50 the network quotas go and the server group quotas come;
 * at 2.57 the injected-file quotas go.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { edit, object, wrap } from "../response_types.ts";
import { QUOTA_NAMES } from "../quota_sets/response_schemas.ts";
import type { SchemaObject } from "../../validation/types.ts";

const LIMIT: SchemaObject = { type: "integer", minimum: -1 };
const BASE = object(Object.fromEntries(
  QUOTA_NAMES.filter((n) => !n.startsWith("server_group")).map((n) => [n, LIMIT]),
));
const V250 = edit(BASE, [], {
  remove: ["fixed_ips", "floating_ips", "security_group_rules", "security_groups"],
  set: { server_groups: LIMIT, server_group_members: LIMIT },
  require: ["server_groups", "server_group_members"],
});
const V257 = edit(V250, [], {
  remove: ["injected_files", "injected_file_content_bytes", "injected_file_path_bytes"],
});

const ID = { set: { id: { type: "string" } }, require: ["id"] } as const;
const shown = (set: SchemaObject) => wrap("quota_class_set", edit(set, [], ID));

/** `GET /os-quota-class-sets/{id}` (Nova declares it from 2.1). */
export const SHOW_QUOTA_CLASS_RESPONSE: VersionedSchema = [
  ["2.57", shown(V257)],
  ["2.50", shown(V250)],
  ["2.1", shown(BASE)],
];

/** `PUT /os-quota-class-sets/{id}`: no id. */
export const UPDATE_QUOTA_CLASS_RESPONSE: VersionedSchema = [
  ["2.57", wrap("quota_class_set", V257)],
  ["2.50", wrap("quota_class_set", V250)],
  ["2.1", wrap("quota_class_set", BASE)],
];

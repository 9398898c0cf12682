/**
 * Response schemas of the `/os-security-groups` proxy and `/servers/{id}/os-security-groups`
 * (Nova's `*_response` in `schemas/security_groups.py`).
 *
 * @module
 */
import { NULL_RESPONSE, object, wrap } from "../response_types.ts";
import { projectId } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";

const PORT: SchemaObject = { type: ["integer", "null"], minimum: -1 };
const UUID: SchemaObject = { type: "string", format: "uuid" };

const RULE = object({
  from_port: PORT,
  group: object({ name: { type: "string" }, tenant_id: projectId }, []),
  id: UUID,
  ip_protocol: { type: ["string", "null"] },
  ip_range: object({ cidr: { type: "string", format: "cidr" } }, []),
  parent_group_id: UUID,
  to_port: PORT,
});

const GROUP = object({
  description: { type: ["string", "null"] },
  id: UUID,
  name: { type: "string" },
  rules: { type: "array", items: RULE },
  tenant_id: projectId,
});

/** `GET /os-security-groups/{id}`, and create and update. */
export const SHOW_SECURITY_GROUP_RESPONSE: SchemaObject = wrap("security_group", GROUP);
/** `GET /os-security-groups` and `GET /servers/{id}/os-security-groups`. */
export const LIST_SECURITY_GROUPS_RESPONSE: SchemaObject = wrap("security_groups", {
  type: "array",
  items: GROUP,
});
/** `POST /os-security-group-rules`. */
export const CREATE_RULE_RESPONSE: SchemaObject = wrap("security_group_rule", RULE);
/** Deletes. */
export const DELETE_SECURITY_GROUP_RESPONSE: SchemaObject = NULL_RESPONSE;

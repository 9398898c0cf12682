/**
 * The `addSecurityGroup` and `removeSecurityGroup` actions of `POST /servers/{id}/action` (Nova's
 * `SecurityGroupActionController`): the group is named by name (or id) in the caller's project;
 * 202 with no body, 404 for an unknown group, a server without ports or (remove) a group not
 * bound to it, 400 for a blank name or a port that cannot take a group.
 *
 * @module
 */
import { empty } from "../../http/respond.ts";
import { NovaFault } from "../../http/fault.ts";
import { addSecurityGroup, removeSecurityGroup } from "../../instances/mod.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "./handlers.ts";
import { NO_BODY_RESPONSE } from "./action_response_schemas.ts";

function groupAction(key: string): SchemaObject {
  return {
    type: "object",
    properties: {
      [key]: {
        type: "object",
        properties: { name: { type: "string", minLength: 1 } },
        required: ["name"],
        additionalProperties: false,
      },
    },
    required: [key],
    additionalProperties: true,
  };
}

/** `addSecurityGroup`: `{"name": ...}`, a non-empty string. */
export const ADD_SECURITY_GROUP: SchemaObject = groupAction("addSecurityGroup");
/** `removeSecurityGroup`: as {@link ADD_SECURITY_GROUP}. */
export const REMOVE_SECURITY_GROUP: SchemaObject = groupAction("removeSecurityGroup");

type Change = typeof addSecurityGroup;

/** Python's whitespace (`str.isspace`), which differs from JavaScript's `trim`. */
const PY_SPACE = new Set([
  9,
  10,
  11,
  12,
  13,
  28,
  29,
  30,
  31,
  32,
  0x85,
  0xa0,
  0x1680,
  0x2000,
  0x2001,
  0x2002,
  0x2003,
  0x2004,
  0x2005,
  0x2006,
  0x2007,
  0x2008,
  0x2009,
  0x200a,
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
]);

/** Whether Python's `str.strip()` leaves nothing of `s`. */
function blank(s: string): boolean {
  for (const ch of s) if (!PY_SPACE.has(ch.codePointAt(0)!)) return false;
  return true;
}

function handler(key: string, rule: string, change: Change) {
  return async (req: ApiRequest): Promise<Response> => {
    const instance = await findServer(req, req.params.id);
    req.runtime.authorize(`os_compute_api:os-security-groups:${rule}`, req.context, {
      project_id: instance.project_id,
    });
    const name = (req.body as Record<string, { name: string }>)[key].name;
    if (blank(name)) throw new NovaFault(400, "Security group name cannot be empty");
    await change(
      req.runtime.kv,
      instance.uuid,
      name,
      req.context.projectId ?? "",
      req.runtime.instances,
    );
    return empty(202, { "content-type": "application/json" });
  };
}

/** `addSecurityGroup`: policy target the server's project. */
export const addGroup = handler("addSecurityGroup", "add", addSecurityGroup);
/** `removeSecurityGroup`: policy target the server's project. */
export const removeGroup = handler("removeSecurityGroup", "remove", removeSecurityGroup);

/** The rows of the security group actions. */
export const SECURITY_GROUP_ACTION_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "addSecurityGroup",
    response: NO_BODY_RESPONSE,
    body: ADD_SECURITY_GROUP,
    handler: addGroup,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "removeSecurityGroup",
    response: NO_BODY_RESPONSE,
    body: REMOVE_SECURITY_GROUP,
    handler: removeGroup,
  },
];

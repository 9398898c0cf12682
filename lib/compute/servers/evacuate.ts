/**
 * `evacuate` of `POST /servers/{id}/action` (Nova's `EvacuateController`): 200. Up to 2.13 the
 * body must say `onSharedStorage`, and the answer carries the new admin password when `[api]
 * enable_instance_password` is on; from 2.14 the answer has no body. 2.29 adds `force` (gone
 * again from 2.68); from 2.95 the evacuated server ends stopped.
 *
 * @module
 */
import { DomainError } from "../../errors/mod.ts";
import { empty, json } from "../../http/respond.ts";
import { type ActionActor, evacuateServer } from "../../instances/mod.ts";
import { adminPassword, boolean, fqdn } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { generatePassword } from "./create_request.ts";
import { findServer } from "./handlers.ts";
import { ForceWithoutHost, strictBool } from "./live_migrate.ts";
import { EVACUATE_RESPONSE } from "./action_response_schemas.ts";

function evacuateSchema(properties: Record<string, SchemaObject>, required?: string[]) {
  return {
    type: "object",
    properties: {
      evacuate: {
        type: "object",
        properties,
        ...(required ? { required } : {}),
        additionalProperties: false,
      },
    },
    required: ["evacuate"],
    additionalProperties: false,
  } as SchemaObject;
}

/** `evacuate` up to 2.13: `onSharedStorage` required. */
export const EVACUATE: SchemaObject = evacuateSchema(
  { host: fqdn, onSharedStorage: boolean, adminPass: adminPassword },
  ["onSharedStorage"],
);
/** `evacuate` 2.14-2.28 and from 2.68. */
export const EVACUATE_V214: SchemaObject = evacuateSchema({ host: fqdn, adminPass: adminPassword });
/** `evacuate` 2.29-2.67: an optional `force`. */
export const EVACUATE_V229: SchemaObject = evacuateSchema({
  host: fqdn,
  adminPass: adminPassword,
  force: boolean,
});

/** Nova's 400 for a password given for a server on shared storage (before 2.14). */
export class PasswordOnSharedStorage extends DomainError {
  constructor() {
    super("invalid", "admin password can't be changed on existing disk");
  }
}

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

/** `evacuate`: policy target the server's user and project. */
export async function evacuate(req: ApiRequest): Promise<Response> {
  const body = (req.body as { evacuate: Record<string, unknown> }).evacuate;
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize("os_compute_api:os-evacuate", req.context, {
    user_id: instance.user_id,
    project_id: instance.project_id,
  });
  const host = (body.host as string | undefined) ?? null;
  const old = !req.version.atLeast("2.14");
  const shared = old ? strictBool(body.onSharedStorage) : null;
  let force: boolean | null = null;
  if (req.version.atLeast("2.29")) {
    force = body.force === undefined ? false : strictBool(body.force);
    if (force && !host) throw new ForceWithoutHost();
  }
  let password: string | null;
  if (typeof body.adminPass === "string") {
    if (shared) throw new PasswordOnSharedStorage();
    password = body.adminPass;
  } else {
    password = shared ? null : generatePassword();
  }
  await evacuateServer(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances, {
    host,
    force,
    stopAtDestination: req.version.atLeast("2.95"),
  });
  if (old && req.runtime.config.get<boolean>("api", "enable_instance_password")) {
    return json({ adminPass: password });
  }
  return empty(200, { "content-type": "application/json" });
}

/** The row of `evacuate`. */
export const EVACUATE_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "evacuate",
    response: EVACUATE_RESPONSE,
    body: [
      ["2.68", EVACUATE_V214],
      ["2.29", EVACUATE_V229],
      ["2.14", EVACUATE_V214],
      ["2.1", EVACUATE],
    ],
    handler: evacuate,
  },
];

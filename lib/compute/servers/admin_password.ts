/**
 * `changePassword` of `POST /servers/{id}/action` (Nova's `AdminPasswordController`): sets the
 * admin password of a running guest and answers 202 with no body once the compute manager has;
 * 409 for a locked server, a server not ACTIVE or busy with a task, or a guest not running.
 *
 * @module
 */
import { empty } from "../../http/respond.ts";
import { type ActionActor, changeServerPassword } from "../../instances/mod.ts";
import { adminPassword } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "./handlers.ts";
import { NO_BODY_RESPONSE } from "./action_response_schemas.ts";

/** `changePassword`: an object with `adminPass` and nothing else. */
export const CHANGE_PASSWORD: SchemaObject = {
  type: "object",
  properties: {
    changePassword: {
      type: "object",
      properties: { adminPass: adminPassword },
      required: ["adminPass"],
      additionalProperties: false,
    },
  },
  required: ["changePassword"],
  additionalProperties: false,
};

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

/** `changePassword`: policy target the server's user and project. */
export async function changePassword(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize("os_compute_api:os-admin-password", req.context, {
    user_id: instance.user_id,
    project_id: instance.project_id,
  });
  // The simulated guest keeps no password: setting one is the state change and the record.
  await changeServerPassword(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances);
  return empty(202, { "content-type": "application/json" });
}

/** The row of `changePassword`. */
export const ADMIN_PASSWORD_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "changePassword",
    response: NO_BODY_RESPONSE,
    body: CHANGE_PASSWORD,
    handler: changePassword,
  },
];

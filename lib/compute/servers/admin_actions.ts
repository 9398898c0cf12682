/**
 * The admin actions of `POST /servers/{id}/action` (Nova's `AdminActionsController`):
 * `os-resetState` (vm_state active or error, the task cleared; 202), `injectNetworkInfo` (202)
 * (`resetNetwork`, removed with the Xen driver, is with the removed routes: `../removed/routes.ts`).
 *
 * @module
 */
import { empty } from "../../http/respond.ts";
import {
  type ActionActor,
  injectNetworkInfo,
  resetServerState,
  type ResetState,
} from "../../instances/mod.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { anyValueAction } from "./actions_schemas.ts";
import { findServer } from "./handlers.ts";
import { NO_BODY_RESPONSE } from "./action_response_schemas.ts";

const ACTION_PATH = "/servers/{id}/action";
const AA = (name: string) => `os_compute_api:os-admin-actions:${name}`;

/** `os-resetState`: `state` is `active` or `error`, nothing else. */
export const RESET_STATE: SchemaObject = {
  type: "object",
  properties: {
    "os-resetState": {
      type: "object",
      properties: { state: { type: "string", enum: ["active", "error"] } },
      required: ["state"],
      additionalProperties: false,
    },
  },
  required: ["os-resetState"],
  additionalProperties: false,
};

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

function accepted(): Response {
  return empty(202, { "content-type": "application/json" });
}

/** `os-resetState`: policy target the server's project; works on a locked server too. */
export async function resetState(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(AA("reset_state"), req.context, { project_id: instance.project_id });
  const state = (req.body as { "os-resetState": { state: ResetState } })["os-resetState"].state;
  await resetServerState(req.runtime.kv, instance.uuid, state, actorOf(req), req.runtime.instances);
  return accepted();
}

/** `injectNetworkInfo`: policy target the server's project; 409 when locked (non-admin). */
export async function injectNetwork(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(AA("inject_network_info"), req.context, {
    project_id: instance.project_id,
  });
  await injectNetworkInfo(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances);
  return accepted();
}

/** The rows of the admin actions. */
export const ADMIN_ACTION_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: ACTION_PATH,
    action: "os-resetState",
    response: NO_BODY_RESPONSE,
    body: RESET_STATE,
    handler: resetState,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "injectNetworkInfo",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("injectNetworkInfo"),
    handler: injectNetwork,
  },
];

/**
 * The deferred-delete actions of `POST /servers/{id}/action` (Nova's `DeferredDeleteController`):
 * `restore` brings a soft-deleted server back, `forceDelete` deletes a server without waiting
 * for its reclaim. Both look the server up, check their policy and answer 202 with no body; the
 * domain's 409s (locked, invalid state) carry Nova's messages.
 *
 * @module
 */
import { empty } from "../../http/respond.ts";
import { type ActionActor, forceDeleteServer, restoreServer } from "../../instances/mod.ts";
import type { ApiRequest, Route } from "../route.ts";
import { anyValueAction } from "./actions_schemas.ts";
import { findServer } from "./handlers.ts";
import { NO_BODY_RESPONSE } from "./action_response_schemas.ts";

const DD = (name: string) => `os_compute_api:os-deferred-delete:${name}`;

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

/** `restore`: policy target the server's project. */
export async function restore(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(DD("restore"), req.context, { project_id: instance.project_id });
  await restoreServer(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances);
  return empty(202, { "content-type": "application/json" });
}

/** `forceDelete`: policy target the server's user and project. */
export async function forceDelete(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(DD("force"), req.context, {
    user_id: instance.user_id,
    project_id: instance.project_id,
  });
  await forceDeleteServer(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances);
  return empty(202, { "content-type": "application/json" });
}

/** The rows of the deferred-delete actions. */
export const DEFERRED_DELETE_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "restore",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("restore"),
    handler: restore,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "forceDelete",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("forceDelete"),
    handler: forceDelete,
  },
];

/**
 * The rescue actions of `POST /servers/{id}/action` (Nova's `RescueController`): `rescue` answers
 * 200 with the rescue password (`{"adminPass": ...}`, or `{}` when `[api] enable_instance_password`
 * is off) and `unrescue` 202 with no body. A `rescue_image_ref` must name a known image (Nova's
 * 400 "Requested rescue image '...' is not supported", after the lock and state checks).
 *
 * @module
 */
import { empty, json } from "../../http/respond.ts";
import { findImage } from "../../images/stored.ts";
import { type ActionActor, rescueServer, unrescueServer } from "../../instances/mod.ts";
import { adminPassword, imageId } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { anyValueAction } from "./actions_schemas.ts";
import { generatePassword } from "./create_request.ts";
import { findServer } from "./handlers.ts";
import { NO_BODY_RESPONSE, RESCUE_RESPONSE } from "./action_response_schemas.ts";

/** `rescue`: null, or an object with an optional `adminPass` and `rescue_image_ref`. */
export const RESCUE: SchemaObject = {
  type: "object",
  properties: {
    rescue: {
      type: ["object", "null"],
      properties: { adminPass: adminPassword, rescue_image_ref: imageId },
      additionalProperties: false,
    },
  },
  required: ["rescue"],
  additionalProperties: false,
};

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

/** `rescue`: policy target the server's user and project. */
export async function rescue(req: ApiRequest): Promise<Response> {
  const body = (req.body as { rescue: Record<string, string> | null }).rescue;
  const password = body?.adminPass ?? generatePassword();
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize("os_compute_api:os-rescue", req.context, {
    user_id: instance.user_id,
    project_id: instance.project_id,
  });
  const ref = body?.rescue_image_ref;
  // Configured images and the servers' snapshots both rescue.
  const { kv, images, instances } = req.runtime;
  const found = ref === undefined ? null : await findImage(kv, images, ref, instances.clock());
  const known = ref === undefined || found !== null;
  await rescueServer(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances, {
    rescueImageRef: ref,
    imageExists: () => known,
  });
  return json(
    req.runtime.config.get<boolean>("api", "enable_instance_password")
      ? { adminPass: password }
      : {},
  );
}

/** `unrescue`: policy target the server's project; 202 with no body. */
export async function unrescue(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize("os_compute_api:os-unrescue", req.context, {
    project_id: instance.project_id,
  });
  await unrescueServer(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances);
  return empty(202, { "content-type": "application/json" });
}

/** The rows of the rescue actions. */
export const RESCUE_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "rescue",
    response: RESCUE_RESPONSE,
    body: RESCUE,
    handler: rescue,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "unrescue",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("unrescue"),
    handler: unrescue,
  },
];

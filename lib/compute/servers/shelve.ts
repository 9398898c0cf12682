/**
 * The shelve actions of `POST /servers/{id}/action` (Nova's `ShelveController`): `shelve`,
 * `shelveOffload` and `unshelve`, each 202 with no body. From 2.77 `unshelve` may name an
 * availability zone, from 2.91 a host (policy `unshelve_to_host`) or a null zone (unpin).
 *
 * @module
 */
import { findImage } from "../../images/stored.ts";
import { empty } from "../../http/respond.ts";
import {
  type ActionActor,
  shelveOffloadServer,
  shelveServer,
  unshelveServer,
  type UnshelveTarget,
} from "../../instances/mod.ts";
import { azName } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { anyValueAction } from "./actions_schemas.ts";
import { findServer } from "./handlers.ts";
import { NO_BODY_RESPONSE } from "./action_response_schemas.ts";

const S = (name: string) => `os_compute_api:os-shelve:${name}`;

/** `unshelve` from 2.77: null, or an object with a required `availability_zone`. */
export const UNSHELVE_V277: SchemaObject = {
  type: "object",
  properties: {
    unshelve: {
      type: ["object", "null"],
      properties: { availability_zone: azName },
      required: ["availability_zone"],
      additionalProperties: false,
    },
  },
  required: ["unshelve"],
  additionalProperties: false,
};

/** `unshelve` from 2.91: null, or an object with an optional zone (string or null) and host. */
export const UNSHELVE_V291: SchemaObject = {
  type: "object",
  properties: {
    unshelve: {
      type: ["object", "null"],
      properties: {
        availability_zone: { type: ["string", "null"] },
        host: { type: "string" },
      },
      additionalProperties: false,
    },
  },
  required: ["unshelve"],
  additionalProperties: false,
};

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

const ACCEPTED = () => empty(202, { "content-type": "application/json" });

/** `shelve`: policy target the server's user and project. */
export async function shelve(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(S("shelve"), req.context, {
    user_id: instance.user_id,
    project_id: instance.project_id,
  });
  const { kv, images, instances } = req.runtime;
  // The shelve's snapshot inherits the server's image's properties, as Nova's does.
  const baseImage = instance.image_ref
    ? await findImage(kv, images, instance.image_ref, instances.clock())
    : null;
  await shelveServer(kv, instance.uuid, actorOf(req), instances, { baseImage });
  return ACCEPTED();
}

/** `shelveOffload`: policy target the server's user and project. */
export async function shelveOffload(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(S("shelve_offload"), req.context, {
    user_id: instance.user_id,
    project_id: instance.project_id,
  });
  await shelveOffloadServer(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances);
  return ACCEPTED();
}

/** `unshelve`: policy target the server's project; a host also needs `unshelve_to_host`. */
export async function unshelve(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(S("unshelve"), req.context, { project_id: instance.project_id });
  const body = (req.body as { unshelve: Record<string, string | null> | null }).unshelve;
  const target: UnshelveTarget = {};
  if (body && typeof body === "object") {
    if (req.version.atLeast("2.77") && "availability_zone" in body) {
      target.availabilityZone = body.availability_zone;
    }
    if (req.version.atLeast("2.91") && typeof body.host === "string") {
      req.runtime.authorize(S("unshelve_to_host"), req.context, {
        user_id: instance.user_id,
        project_id: instance.project_id,
      });
      target.host = body.host;
    }
  }
  await unshelveServer(req.runtime.kv, instance.uuid, actorOf(req), req.runtime.instances, target);
  return ACCEPTED();
}

/** The rows of the shelve actions. */
export const SHELVE_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "shelve",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("shelve"),
    handler: shelve,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "shelveOffload",
    response: NO_BODY_RESPONSE,
    body: anyValueAction("shelveOffload"),
    handler: shelveOffload,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "unshelve",
    response: NO_BODY_RESPONSE,
    body: [["2.91", UNSHELVE_V291], ["2.77", UNSHELVE_V277], ["2.1", anyValueAction("unshelve")]],
    handler: unshelve,
  },
];

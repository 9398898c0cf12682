/**
 * The multinic actions of `POST /servers/{id}/action` (Nova's `MultinicController`, up to 2.43;
 * past that the actions are not found): `addFixedIp` adds an address of a network to the server's
 * port on it and `removeFixedIp` takes an address off. Both answer 202 with no body once the lock
 * is checked, as Nova's API does before its cast to the compute host.
 *
 * @module
 */
import { empty } from "../../http/respond.ts";
import { type ActionActor, addFixedIp, removeFixedIp } from "../../instances/mod.ts";
import { ipAddress } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "./handlers.ts";
import { NO_BODY_RESPONSE } from "./action_response_schemas.ts";

/** `addFixedIp`: `networkId`, a string or number of 1-36 characters. */
export const ADD_FIXED_IP: SchemaObject = {
  type: "object",
  properties: {
    addFixedIp: {
      type: "object",
      properties: { networkId: { type: ["string", "number"], minLength: 1, maxLength: 36 } },
      required: ["networkId"],
      additionalProperties: false,
    },
  },
  required: ["addFixedIp"],
  additionalProperties: false,
};

/** `removeFixedIp`: `address`, an IPv4 or IPv6 address. */
export const REMOVE_FIXED_IP: SchemaObject = {
  type: "object",
  properties: {
    removeFixedIp: {
      type: "object",
      properties: { address: ipAddress },
      required: ["address"],
      additionalProperties: false,
    },
  },
  required: ["removeFixedIp"],
  additionalProperties: false,
};

const MN = (name: string) => `os_compute_api:os-multinic:${name}`;

function actorOf(req: ApiRequest): ActionActor {
  const { projectId, isAdmin, userId, requestId } = req.context;
  return { projectId: projectId ?? "", isAdmin, userId, requestId };
}

function accepted(): Response {
  return empty(202, { "content-type": "application/json" });
}

/** `addFixedIp`: policy target the server's project; a network the caller cannot see is none. */
export async function addFixedIpAction(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(MN("add"), req.context, { project_id: instance.project_id });
  const id = String(
    (req.body as { addFixedIp: { networkId: string | number } }).addFixedIp
      .networkId,
  );
  const found = req.runtime.networks.get(id);
  const network = found &&
      req.runtime.networks.visibleTo(found, req.context.projectId ?? null, req.context.isAdmin)
    ? found
    : null;
  await addFixedIp(req.runtime.kv, instance.uuid, network, actorOf(req), req.runtime.instances);
  return accepted();
}

/** `removeFixedIp`: policy target the server's project. */
export async function removeFixedIpAction(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(MN("remove"), req.context, { project_id: instance.project_id });
  const address = (req.body as { removeFixedIp: { address: string } }).removeFixedIp.address;
  await removeFixedIp(req.runtime.kv, instance.uuid, address, actorOf(req), req.runtime.instances);
  return accepted();
}

/** The rows of the multinic actions (2.1-2.43). */
export const MULTINIC_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "addFixedIp",
    response: NO_BODY_RESPONSE,
    max: "2.43",
    body: ADD_FIXED_IP,
    handler: addFixedIpAction,
  },
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "removeFixedIp",
    response: NO_BODY_RESPONSE,
    max: "2.43",
    body: REMOVE_FIXED_IP,
    handler: removeFixedIpAction,
  },
];

/**
 * `/servers/{server_id}/shares` (2.97; Nova's `ServerSharesController`): list, show, attach and
 * detach a server's Manila shares. With no Manila behind this port a server has none
 * (`lib/instances/shares.ts`), but each request goes through Nova's checks in Nova's order: the
 * server's instance mapping (any project's server: 404 only when there is none), then the policy
 * `os_compute_api:os-server-shares:<action>` against its project (so a stranger's server is 403
 * here, not 404), then the project-scoped lookup, the vm state and what the host supports.
 *
 * @module
 */
import { json } from "../../http/respond.ts";
import {
  attachShare,
  detachShare,
  getServer,
  type Instance,
  serverShare,
  serverShares,
} from "../../instances/mod.ts";
import { DomainError } from "../../errors/mod.ts";
import { shareId, shareTag } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "../servers/handlers.ts";
import {
  DELETE_SHARE_RESPONSE,
  LIST_SHARES_RESPONSE,
  SHOW_SHARE_RESPONSE,
} from "./response_schemas.ts";

const POLICY = (name: string) => `os_compute_api:os-server-shares:${name}`;

/** Nova's `InstanceMappingNotFound` (404). */
class InstanceMappingNotFound extends DomainError {
  constructor(uuid: string) {
    super("not-found", `Instance ${uuid} has no mapping to a cell.`);
  }
}

/** The attach body: `share_id` and an optional `tag`. */
export const CREATE_SHARE: SchemaObject = {
  title: "Server shares",
  type: "object",
  properties: {
    share: {
      type: "object",
      properties: { share_id: shareId, tag: shareTag },
      required: ["share_id"],
      additionalProperties: false,
    },
  },
  required: ["share"],
  additionalProperties: false,
};

/** The list and show queries take no parameters. */
const NO_QUERY: SchemaObject = { type: "object", properties: {}, additionalProperties: false };

/**
 * The server, once its mapping is found, the policy `action` allows the caller on its project
 * and the caller's project-scoped lookup finds it.
 */
async function authorized(req: ApiRequest, action: string): Promise<Instance> {
  const id = req.params.server_id;
  const mapped = await getServer(req.runtime.kv, id, req.runtime.instances);
  if (!mapped) throw new InstanceMappingNotFound(id);
  req.runtime.authorize(POLICY(action), req.context, { project_id: mapped.project_id });
  return await findServer(req, id);
}

/** `GET /servers/{server_id}/shares`. */
async function index(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "index");
  return json({ shares: serverShares(instance) });
}

/** `GET /servers/{server_id}/shares/{id}`. */
async function show(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "show");
  return serverShare(instance, req.params.id);
}

/** `POST /servers/{server_id}/shares`. */
async function create(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "create");
  const { share } = req.body as { share: { share_id: string } };
  return attachShare(instance, share.share_id);
}

/** `DELETE /servers/{server_id}/shares/{id}`. */
async function remove(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "delete");
  return detachShare(instance, req.params.id);
}

const PATH = "/servers/{server_id}/shares";

/** The server shares rows (2.97 and later). */
export const SERVER_SHARE_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: PATH,
    min: "2.97",
    query: NO_QUERY,
    response: LIST_SHARES_RESPONSE,
    handler: index,
  },
  {
    method: "POST",
    path: PATH,
    min: "2.97",
    body: CREATE_SHARE,
    response: SHOW_SHARE_RESPONSE,
    handler: create,
  },
  {
    method: "GET",
    path: `${PATH}/{id}`,
    min: "2.97",
    query: NO_QUERY,
    response: SHOW_SHARE_RESPONSE,
    handler: show,
  },
  {
    method: "DELETE",
    path: `${PATH}/{id}`,
    min: "2.97",
    response: DELETE_SHARE_RESPONSE,
    handler: remove,
  },
];

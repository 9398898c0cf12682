/**
 * `/servers/{server_id}/tags` (2.26; Nova's `ServerTagsController`): list, replace and clear a
 * server's tags, and show, add and remove one. The server is found first (404 for a stranger's),
 * then the policy is checked against its project.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { NovaFault } from "../../http/fault.ts";
import { empty, json } from "../../http/respond.ts";
import {
  addServerTag,
  assertTaggable,
  clearServerTags,
  type Instance,
  MAX_TAG_COUNT,
  removeServerTag,
  setServerTags,
} from "../../instances/mod.ts";
import { validate } from "../../validation/validator.ts";
import { tag as TAG } from "../../validation/parameter_types.ts";
import type { SchemaObject } from "../../validation/types.ts";
import { findServer } from "./handlers.ts";
import { NO_PARAMS_QUERY } from "./schemas.ts";
import { NO_BODY_RESPONSE, TAGS_RESPONSE } from "./action_response_schemas.ts";

const POLICY = (action: string) => `os_compute_api:os-server-tags:${action}`;

const UPDATE_ALL: SchemaObject = {
  type: "object",
  properties: { tags: { type: "array", items: TAG, maxItems: MAX_TAG_COUNT } },
  required: ["tags"],
  additionalProperties: false,
};

/** `PUT .../tags/{tag}` takes no body. */
const UPDATE: SchemaObject = { type: "null" };

/** The server, after the policy `action` allows the caller on its project. */
async function authorized(req: ApiRequest, action: string): Promise<Instance> {
  const instance = await findServer(req, req.params.server_id);
  req.runtime.authorize(POLICY(action), req.context, { project_id: instance.project_id });
  return instance;
}

/** `GET .../tags`. */
async function index(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "index");
  return json({ tags: instance.tags });
}

/** `GET .../tags/{tag}`: 204 when the server has it. */
async function show(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "show");
  const tag = req.params.tag;
  if (!instance.tags.includes(tag)) {
    throw new NovaFault(404, `Server ${instance.uuid} has no tag '${tag}'`);
  }
  return empty(204);
}

/** `PUT .../tags/{tag}`: 201 with a Location when new, 204 when the server had it. */
async function update(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "update");
  assertTaggable(instance, "update tag");
  const tag = req.params.tag;
  const error = validate(TAG, tag);
  if (error) {
    throw new NovaFault(
      400,
      `Tag '${tag}' is invalid. It must be a non empty string without characters '/' and ','. ` +
        `Validation error message: ${error.message}`,
    );
  }
  const added = await addServerTag(req.runtime.kv, instance.uuid, tag, req.runtime.instances);
  if (!added) return empty(204);
  return empty(201, { location: `${req.links.self}/servers/${instance.uuid}/tags/${tag}` });
}

/** `PUT .../tags`: replace them all. */
async function updateAll(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "update_all");
  const { tags } = req.body as { tags: string[] };
  const stored = await setServerTags(req.runtime.kv, instance.uuid, tags, req.runtime.instances);
  return json({ tags: stored });
}

/** `DELETE .../tags/{tag}`. */
async function remove(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "delete");
  await removeServerTag(req.runtime.kv, instance.uuid, req.params.tag, req.runtime.instances);
  return empty(204);
}

/** `DELETE .../tags`. */
async function removeAll(req: ApiRequest): Promise<Response> {
  const instance = await authorized(req, "delete_all");
  await clearServerTags(req.runtime.kv, instance.uuid, req.runtime.instances);
  return empty(204);
}

const TAGS = "/servers/{server_id}/tags";

/** The server-tags route rows (2.26 and later). */
export const SERVER_TAG_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: TAGS,
    min: "2.26",
    query: NO_PARAMS_QUERY,
    response: TAGS_RESPONSE,
    handler: index,
  },
  {
    method: "PUT",
    path: TAGS,
    min: "2.26",
    body: UPDATE_ALL,
    response: TAGS_RESPONSE,
    handler: updateAll,
  },
  { method: "DELETE", path: TAGS, min: "2.26", response: NO_BODY_RESPONSE, handler: removeAll },
  {
    method: "GET",
    path: `${TAGS}/{tag}`,
    min: "2.26",
    query: NO_PARAMS_QUERY,
    response: NO_BODY_RESPONSE,
    handler: show,
  },
  {
    method: "PUT",
    path: `${TAGS}/{tag}`,
    min: "2.26",
    body: UPDATE,
    response: NO_BODY_RESPONSE,
    handler: update,
  },
  {
    method: "DELETE",
    path: `${TAGS}/{tag}`,
    min: "2.26",
    response: NO_BODY_RESPONSE,
    handler: remove,
  },
];

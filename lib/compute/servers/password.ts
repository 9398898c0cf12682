/**
 * `os-server-password` (Nova's `ServerPasswordController`): the password a guest posted through the
 * metadata API, shown and cleared. The server is looked up first (404 for a stranger's), then the
 * policy is checked against its project, as Nova does.
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { empty, json } from "../../http/respond.ts";
import { clearServerPassword, serverPassword } from "../../instances/mod.ts";
import { findServer } from "./handlers.ts";
import { NO_PARAMS_QUERY } from "./schemas.ts";
import { NO_BODY_RESPONSE, PASSWORD_RESPONSE } from "./action_response_schemas.ts";

const POLICY = (action: string) => `os_compute_api:os-server-password:${action}`;

/** `GET /servers/{id}/os-server-password`: `{"password": ...}`, "" when none was posted. */
async function index(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.server_id);
  req.runtime.authorize(POLICY("show"), req.context, { project_id: instance.project_id });
  return json({ password: await serverPassword(req.runtime.kv, instance.uuid) });
}

/** `DELETE /servers/{id}/os-server-password`: forget it (204). */
async function clear(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.server_id);
  req.runtime.authorize(POLICY("clear"), req.context, { project_id: instance.project_id });
  await clearServerPassword(req.runtime.kv, instance.uuid);
  return empty(204);
}

/** The `os-server-password` route rows. */
export const SERVER_PASSWORD_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/servers/{server_id}/os-server-password",
    query: NO_PARAMS_QUERY,
    response: PASSWORD_RESPONSE,
    handler: index,
  },
  {
    method: "DELETE",
    path: "/servers/{server_id}/os-server-password",
    response: NO_BODY_RESPONSE,
    handler: clear,
  },
];

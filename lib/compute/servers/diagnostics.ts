/**
 * `GET /servers/{server_id}/diagnostics` (Nova's `ServerDiagnosticsController`): what the
 * hypervisor reports about a running server. From 2.48 the standard shape (state, driver,
 * hypervisor, uptime, cpu/nic/disk/memory details); below it the driver's free-form dict. Admin
 * only by default (`os_compute_api:os-server-diagnostics`, target the server's project); a server
 * without a host or not running is 409. The query takes no parameters (extra ones are refused
 * from 2.102).
 *
 * @module
 */
import { json } from "../../http/respond.ts";
import { instanceDiagnostics, serverDiagnostics } from "../../instances/mod.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "./handlers.ts";
import { NO_PARAMS_QUERY } from "./schemas.ts";
import { DIAGNOSTICS_RESPONSE } from "./action_response_schemas.ts";

/** `GET /servers/{server_id}/diagnostics`. */
export async function diagnostics(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize("os_compute_api:os-server-diagnostics", req.context, {
    project_id: instance.project_id,
  });
  const { kv, instances } = req.runtime;
  return json(
    req.version.atLeast("2.48")
      ? await instanceDiagnostics(kv, instance.uuid, instances)
      : await serverDiagnostics(kv, instance.uuid, instances),
  );
}

/** The row of server diagnostics. */
export const DIAGNOSTICS_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/servers/{id}/diagnostics",
    query: NO_PARAMS_QUERY,
    response: DIAGNOSTICS_RESPONSE,
    handler: diagnostics,
  },
];

/**
 * `GET /os-console-auth-tokens/{console_token}` (Nova's `ConsoleAuthTokensController`): the
 * connection a console token authorises, for the console proxies. Admin only by default
 * (`os_compute_api:os-console-auth-tokens`). Below 2.31 only RDP tokens were served, and RDP is
 * gone: a bare 400. An unknown or expired token is 404 "Token not found". From 2.99 a
 * spice-direct token also shows its `tls_port`, and unknown query parameters are refused.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import { validateConsoleToken } from "../../instances/mod.ts";
import type { ApiRequest, Route } from "../route.ts";
import { BARE_BAD_REQUEST } from "../servers/remote_consoles.ts";
import { SHOW_CONSOLE_TOKEN_RESPONSE } from "./response_schemas.ts";

/** `GET /os-console-auth-tokens/{console_token}`. */
export async function showConsoleAuthToken(req: ApiRequest): Promise<Response> {
  if (!req.version.atLeast("2.31")) throw new NovaFault(400, BARE_BAD_REQUEST);
  req.runtime.authorize("os_compute_api:os-console-auth-tokens", req.context);
  const token = req.params.id;
  if (!token) throw new NovaFault(400, "token not provided");
  const record = await validateConsoleToken(req.runtime.kv, token, req.runtime.instances);
  if (!record) throw new NovaFault(404, "Token not found");
  const info: Record<string, unknown> = {
    instance_uuid: record.instance_uuid,
    host: record.host,
    port: record.port,
    internal_access_path: record.internal_access_path,
  };
  if (record.console_type === "spice-direct" && req.version.atLeast("2.99")) {
    info.tls_port = record.tls_port;
  }
  return json({ console: info });
}

/** The row of console auth tokens. */
export const CONSOLE_AUTH_TOKEN_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-console-auth-tokens/{id}",
    query: [
      ["2.99", { type: "object", properties: {}, additionalProperties: false }],
      ["2.1", { type: "object", properties: {}, additionalProperties: true }],
    ],
    response: SHOW_CONSOLE_TOKEN_RESPONSE,
    handler: showConsoleAuthToken,
  },
];

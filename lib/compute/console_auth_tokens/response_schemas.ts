/**
 * Response schema of `GET /os-console-auth-tokens/{id}` (Nova's `show_response*` in
 * `schemas/console_auth_tokens.py`): 2.99 adds the TLS port. Nova declares it from 2.1.
 *
 * @module
 */
import type { VersionedSchema } from "../route.ts";
import { edit, object, wrap } from "../response_types.ts";

const CONSOLE = object({
  instance_uuid: { type: "string", format: "uuid" },
  host: { type: ["string", "null"] },
  port: { type: "integer" },
  internal_access_path: { type: ["string", "null"], format: "uuid" },
});

/** `GET /os-console-auth-tokens/{id}`. */
export const SHOW_CONSOLE_TOKEN_RESPONSE: VersionedSchema = [
  [
    "2.99",
    wrap("console", edit(CONSOLE, [], { set: { tls_port: { type: ["integer", "null"] } } })),
  ],
  ["2.1", wrap("console", CONSOLE)],
];

/**
 * The `os-getConsoleOutput` action of `POST /servers/{id}/action` (Nova's
 * `ConsoleOutputController`): the guest's serial console log, `{"output": "..."}`, optionally only
 * its last `length` lines (an integer or a string of digits, -1 or more; null: all). Nova's policy
 * target is the server's project; a server without a host is 409 "Instance ... is not ready", one
 * still building (no domain yet) 404.
 *
 * @module
 */
import { json } from "../../http/respond.ts";
import { consoleOutput } from "../../instances/mod.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "./handlers.ts";
import { CONSOLE_OUTPUT_RESPONSE } from "./action_response_schemas.ts";

/** `os-getConsoleOutput`: an object with an optional `length`. */
export const GET_CONSOLE_OUTPUT: SchemaObject = {
  type: "object",
  properties: {
    "os-getConsoleOutput": {
      type: "object",
      properties: {
        length: { type: ["integer", "string", "null"], pattern: "^-?[0-9]+$", minimum: -1 },
      },
      additionalProperties: false,
    },
  },
  required: ["os-getConsoleOutput"],
  additionalProperties: false,
};

/** The control characters Nova strips from the log (all below space but tab and newline). */
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x08\x0B-\x1F]/g;

/** `os-getConsoleOutput`: policy `os_compute_api:os-console-output` on the server's project. */
export async function getConsoleOutput(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize("os_compute_api:os-console-output", req.context, {
    project_id: instance.project_id,
  });
  const raw = (req.body as { "os-getConsoleOutput": { length?: number | string | null } })[
    "os-getConsoleOutput"
  ].length;
  const length = raw === undefined || raw === null ? null : Number(raw);
  const networks = req.runtime.networks;
  const output = await consoleOutput(
    req.runtime.kv,
    instance.uuid,
    req.runtime.instances,
    length,
    (subnetId) => networks.subnet(subnetId)?.cidr,
  );
  return json({ output: output.replace(CONTROL, "") });
}

/** The row of the console output action. */
export const CONSOLE_OUTPUT_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "os-getConsoleOutput",
    response: CONSOLE_OUTPUT_RESPONSE,
    body: GET_CONSOLE_OUTPUT,
    handler: getConsoleOutput,
  },
];

/**
 * Remote consoles (Nova's `RemoteConsolesController`): the deprecated actions
 * `os-getVNCConsole`, `os-getSPICEConsole`, `os-getSerialConsole` and `os-getRDPConsole` of
 * `POST /servers/{id}/action` (2.1-2.5, `{"console": {"type", "url"}}`), and
 * `POST /servers/{id}/remote-consoles` (2.6; `mks` from 2.8, `spice-direct` from 2.99;
 * `{"remote_console": {"protocol", "type", "url"}}`). Each URL carries a new console auth token.
 *
 * Nova's order: the actions check `os_compute_api:os-remote-consoles` on the caller's own project
 * before looking the server up; `remote-consoles` looks it up first and checks the rule on its
 * project. RDP went with Hyper-V: the action is a bare 400 and the `rdp` protocol 400
 * "Unavailable console type rdp.".
 *
 * Two answers differ from Nova's on purpose, where Nova lets an exception escape as a 500: an
 * `xvpvnc` VNC console is 400 "Invalid console type xvpvnc" (as `remote-consoles` answers), and a
 * server being deleted or migrated is the same 409 for every console action.
 *
 * @module
 */
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import {
  authorizeConsole,
  ConsoleNotImplemented,
  type ConsoleProtocol,
  consoleSettings,
} from "../../instances/mod.ts";
import type { SchemaObject } from "../../validation/types.ts";
import type { ApiRequest, Route } from "../route.ts";
import { findServer } from "./handlers.ts";
import {
  RDP_CONSOLE_RESPONSE,
  SERIAL_CONSOLE_RESPONSE,
  SPICE_CONSOLE_RESPONSE,
  VNC_CONSOLE_RESPONSE,
} from "./action_response_schemas.ts";
import { REMOTE_CONSOLE_RESPONSE } from "./action_response_schemas.ts";

const RULE = "os_compute_api:os-remote-consoles";
const ACTION_PATH = "/servers/{id}/action";

/** webob's explanation of a bare 400, which Nova's removed RDP action answers. */
export const BARE_BAD_REQUEST = "The server could not comply with the request since it is " +
  "either malformed or otherwise incorrect.";

function typeAction(action: string, types: string[]): SchemaObject {
  return {
    type: "object",
    properties: {
      [action]: {
        type: "object",
        properties: { type: { type: "string", enum: types } },
        required: ["type"],
        additionalProperties: false,
      },
    },
    required: [action],
    additionalProperties: false,
  };
}

/** `os-getVNCConsole` (`xvpvnc` is still accepted by the schema, refused below it). */
export const GET_VNC_CONSOLE = typeAction("os-getVNCConsole", ["novnc", "xvpvnc"]);
/** `os-getSPICEConsole`. */
export const GET_SPICE_CONSOLE = typeAction("os-getSPICEConsole", ["spice-html5"]);
/** `os-getSerialConsole`. */
export const GET_SERIAL_CONSOLE = typeAction("os-getSerialConsole", ["serial"]);

function createSchema(protocols: string[], types: string[]): SchemaObject {
  return {
    type: "object",
    properties: {
      remote_console: {
        type: "object",
        properties: {
          protocol: { type: "string", enum: protocols },
          type: { type: "string", enum: types },
        },
        required: ["protocol", "type"],
        additionalProperties: false,
      },
    },
    required: ["remote_console"],
    additionalProperties: false,
  };
}

const V26_PROTOCOLS = ["vnc", "spice", "serial", "rdp"];
const V26_TYPES = ["novnc", "xvpvnc", "spice-html5", "serial", "rdp-html5"];

/** `remote-consoles` body at 2.6-2.7. */
export const CREATE_V26 = createSchema(V26_PROTOCOLS, V26_TYPES);
/** 2.8-2.98: `mks` / `webmks`. */
export const CREATE_V28 = createSchema([...V26_PROTOCOLS, "mks"], [...V26_TYPES, "webmks"]);
/** 2.99: `spice-direct`. */
export const CREATE_V299 = createSchema(
  [...V26_PROTOCOLS, "mks"],
  [...V26_TYPES, "webmks", "spice-direct"],
);

/** Ask for a console URL, turning the driver's missing console into Nova's 501. */
async function consoleUrl(
  req: ApiRequest,
  uuid: string,
  protocol: ConsoleProtocol,
  type: string,
): Promise<string> {
  try {
    const settings = consoleSettings(req.runtime.config);
    const { url } = await authorizeConsole(
      req.runtime.kv,
      uuid,
      req.runtime.instances,
      settings,
      protocol,
      type,
    );
    return url;
  } catch (e) {
    if (e instanceof ConsoleNotImplemented) {
      throw new NovaFault(501, "The requested functionality is not supported.");
    }
    throw e;
  }
}

/** A deprecated `os-get...Console` action for `protocol`. */
function legacyAction(action: string, protocol: ConsoleProtocol) {
  return async (req: ApiRequest): Promise<Response> => {
    req.runtime.authorize(RULE, req.context);
    const type = (req.body as Record<string, { type: string }>)[action].type;
    const instance = await findServer(req, req.params.id);
    const url = await consoleUrl(req, instance.uuid, protocol, type);
    return json({ console: { type, url } });
  };
}

/** `os-getVNCConsole`. */
export const getVncConsole = legacyAction("os-getVNCConsole", "vnc");
/** `os-getSPICEConsole`. */
export const getSpiceConsole = legacyAction("os-getSPICEConsole", "spice");
/** `os-getSerialConsole`. */
export const getSerialConsole = legacyAction("os-getSerialConsole", "serial");

/** `os-getRDPConsole`: removed with Hyper-V; any body is a bare 400. */
export function getRdpConsole(): Response {
  throw new NovaFault(400, BARE_BAD_REQUEST);
}

/** `POST /servers/{server_id}/remote-consoles`. */
export async function createRemoteConsole(req: ApiRequest): Promise<Response> {
  const instance = await findServer(req, req.params.id);
  req.runtime.authorize(RULE, req.context, { project_id: instance.project_id });
  const { protocol, type } = (req.body as { remote_console: { protocol: string; type: string } })
    .remote_console;
  if (protocol === "rdp") throw new NovaFault(400, `Unavailable console type ${protocol}.`);
  const url = await consoleUrl(req, instance.uuid, protocol as ConsoleProtocol, type);
  return json({ remote_console: { protocol, type, url } });
}

/** The rows of the remote console actions and resource. */
export const REMOTE_CONSOLE_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: ACTION_PATH,
    action: "os-getVNCConsole",
    response: VNC_CONSOLE_RESPONSE,
    max: "2.5",
    body: GET_VNC_CONSOLE,
    handler: getVncConsole,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "os-getSPICEConsole",
    response: SPICE_CONSOLE_RESPONSE,
    max: "2.5",
    body: GET_SPICE_CONSOLE,
    handler: getSpiceConsole,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "os-getSerialConsole",
    response: SERIAL_CONSOLE_RESPONSE,
    max: "2.5",
    body: GET_SERIAL_CONSOLE,
    handler: getSerialConsole,
  },
  {
    method: "POST",
    path: ACTION_PATH,
    action: "os-getRDPConsole",
    response: RDP_CONSOLE_RESPONSE,
    max: "2.5",
    handler: getRdpConsole,
  },
  {
    method: "POST",
    path: "/servers/{id}/remote-consoles",
    min: "2.6",
    body: [["2.99", CREATE_V299], ["2.8", CREATE_V28], ["2.6", CREATE_V26]],
    response: REMOTE_CONSOLE_RESPONSE,
    handler: createRemoteConsole,
  },
];

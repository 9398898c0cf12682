/**
 * The RDP console's remains: Hyper-V, the only driver with RDP consoles, left Nova in 29.0.0, and
 * the two routes that served them now answer webob's bare 400 in their old range: the
 * `os-getRDPConsole` server action (up to 2.5) and the console auth token lookup before 2.31
 * (which only ever covered `rdp-html5` tokens). Neither looks at the server or the token first.
 *
 * @module
 */
import type { Route } from "../route.ts";
import { NovaFault } from "../../http/fault.ts";

/** The explanation of webob's `HTTPBadRequest` when the raiser gives none. */
export const BARE_BAD_REQUEST =
  "The server could not comply with the request since it is either malformed or otherwise " +
  "incorrect.";

function badRequest(): never {
  throw new NovaFault(400, BARE_BAD_REQUEST);
}

/** The RDP rows. */
export const RDP_ROUTES: readonly Route[] = [
  {
    method: "POST",
    path: "/servers/{id}/action",
    action: "os-getRDPConsole",
    max: "2.5",
    handler: badRequest,
  },
  {
    method: "GET",
    path: "/os-console-auth-tokens/{id}",
    max: "2.30",
    query: { type: "object", properties: {}, additionalProperties: true },
    handler: badRequest,
  },
];

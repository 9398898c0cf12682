/**
 * The floating IP proxy up to 2.35 (Nova's `FloatingIPController`): what Nova answers over a
 * Neutron that has no external network, which is this port's network subset. A project has no
 * floating IPs, so the list is empty and a show or delete is Nova's 404 for the id; an allocation
 * looks its pool up among the external networks (the body's `pool`, else Nova's `[neutron]
 * default_floating_pool`) and, there being none, finds no match whatever the name: Nova's 404
 * "Floating IP pool not found.". Past 2.35 the rows are capped (`../capped/routes.ts`).
 *
 * @module
 */
import type { ApiRequest, Route } from "../route.ts";
import { PROXY_CEILING } from "../capped/routes.ts";
import { NovaFault } from "../../http/fault.ts";
import { json } from "../../http/respond.ts";
import type { SchemaObject } from "../../validation/mod.ts";
import {
  DELETE_FLOATING_IP_RESPONSE,
  LIST_FLOATING_IPS_RESPONSE,
  SHOW_FLOATING_IP_RESPONSE,
} from "./response_schemas.ts";

/** Nova's `create` body: an object or null, with an optional `pool` (a string or null). */
const CREATE_BODY: SchemaObject = {
  type: ["object", "null"],
  properties: { pool: { type: ["string", "null"] } },
};

const OWN_PROJECT = (req: ApiRequest) => ({ project_id: req.context.projectId });

/** Nova's answer when Neutron has no floating IP `id`. */
function notFound(id: string): NovaFault {
  return new NovaFault(404, `Floating IP not found for ID ${id}`);
}

/** The floating IP proxy rows (2.1-2.35). */
export const FLOATING_IP_PROXY_ROUTES: readonly Route[] = [
  {
    method: "GET",
    path: "/os-floating-ips",
    response: LIST_FLOATING_IPS_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-floating-ips:list", target: OWN_PROJECT },
    // No external network, so no project has a floating IP.
    handler: () => json({ floating_ips: [] }),
  },
  {
    method: "POST",
    path: "/os-floating-ips",
    response: SHOW_FLOATING_IP_RESPONSE,
    max: PROXY_CEILING,
    body: CREATE_BODY,
    policy: { rule: "os_compute_api:os-floating-ips:create", target: OWN_PROJECT },
    handler: () => {
      // Nova looks the pool up among the external networks by name or id; there are none.
      throw new NovaFault(404, "Floating IP pool not found.");
    },
  },
  {
    method: "GET",
    path: "/os-floating-ips/{id}",
    response: SHOW_FLOATING_IP_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-floating-ips:show", target: OWN_PROJECT },
    handler: (req) => {
      throw notFound(req.params.id);
    },
  },
  {
    method: "DELETE",
    path: "/os-floating-ips/{id}",
    response: DELETE_FLOATING_IP_RESPONSE,
    max: PROXY_CEILING,
    policy: { rule: "os_compute_api:os-floating-ips:delete", target: OWN_PROJECT },
    handler: (req) => {
      throw notFound(req.params.id);
    },
  },
];
